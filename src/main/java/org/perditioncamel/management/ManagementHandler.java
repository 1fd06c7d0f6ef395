package org.perditioncamel.management;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.perditioncamel.metrics.ProxyMetrics;

/** GET /metrics (Prometheus text), /health (readiness) and /health/live; everything else 404 or 405. */
@ChannelHandler.Sharable
final class ManagementHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ProxyMetrics metrics;
    private final Health health;

    ManagementHandler(ProxyMetrics metrics, Health health) {
        this.metrics = metrics;
        this.health = health;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!request.decoderResult().isSuccess()) {
            send(ctx, request, HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "bad request\n");
            return;
        }
        String path = new QueryStringDecoder(request.uri()).path();
        boolean known = path.equals("/metrics") || path.equals("/health") || path.equals("/health/live")
                || path.equals("/health/ready");
        if (!known) {
            send(ctx, request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                    "not found; try /metrics, /health or /health/live\n");
            return;
        }
        if (!request.method().equals(HttpMethod.GET) && !request.method().equals(HttpMethod.HEAD)) {
            send(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8", "GET only\n");
            return;
        }
        switch (path) {
            case "/metrics":
                send(ctx, request, HttpResponseStatus.OK, PROMETHEUS_TEXT, metrics.scrape());
                break;
            case "/health/live":
                boolean live = health.live();
                send(ctx, request, live ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "application/json", live ? "{\"status\":\"UP\"}\n" : "{\"status\":\"DOWN\"}\n");
                break;
            default:
                List<String> problems = health.problems();
                send(ctx, request, problems.isEmpty() ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "application/json", json(problems));
        }
    }

    static String json(List<String> problems) {
        StringBuilder out = new StringBuilder("{\"status\":\"").append(problems.isEmpty() ? "UP" : "DOWN")
                .append("\",\"problems\":[");
        for (int i = 0; i < problems.size(); i++) {
            out.append(i == 0 ? "" : ",").append('"')
                    .append(problems.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return out.append("]}\n").toString();
    }

    private static void send(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status,
                             String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean head = request.method().equals(HttpMethod.HEAD);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive) {
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
