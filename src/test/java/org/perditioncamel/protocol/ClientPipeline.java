package org.perditioncamel.protocol;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import org.perditioncamel.events.EventDocument;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.testing.SilentLogLines;
import org.perditioncamel.testing.Splits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client's pre-login pipeline as the fuzz targets drive it: the protocol's decoder in an EmbeddedChannel, each
 * framed command answered by the dialect (a login request answered with its failure, as the route does after a
 * refused login), until the dialect closes. What happened is kept as a transcript, so that runs over the same bytes
 * cut differently can be compared, and every check the fuzz targets make is here.
 */
public final class ClientPipeline {
    private static final EventDocument DOCUMENT = new EventDocument();

    private final Dialect dialect;
    private final ProxySession session;
    private final EmbeddedChannel channel;
    private final IntSupplier buffered;
    private final BooleanSupplier awaitingLiteralData;
    private final long memoryBound;
    private final List<String> transcript = new ArrayList<>();
    private boolean closed;
    private boolean checkPasswords = true;

    /**
     * @param buffered            bytes the decoder holds
     * @param awaitingLiteralData the decoder reads announced literal data (which no probe line can end)
     * @param memoryBound         the most the decoder may hold once every command it framed is answered
     */
    public ClientPipeline(Protocol protocol, Dialect dialect, ChannelHandler decoder, IntSupplier buffered,
                          BooleanSupplier awaitingLiteralData, long memoryBound) {
        this.dialect = dialect;
        this.session = new ProxySession(protocol, new InetSocketAddress("127.0.0.1", 40000),
                new InetSocketAddress("127.0.0.1", 110));
        this.channel = new EmbeddedChannel(decoder);
        this.buffered = buffered;
        this.awaitingLiteralData = awaitingLiteralData;
        this.memoryBound = memoryBound;
        // the greeting answers CONNECTED, as ClientConnectedHandler has it answered
        channel.writeOutbound(dialect.greeting(session));
        drainOutbound();
    }

    /** Feeds the chunks one read at a time; after a closing reply nothing more is sent, the connection is gone. */
    public ClientPipeline feed(List<byte[]> chunks) {
        for (byte[] chunk : chunks) {
            if (closed) {
                break;
            }
            channel.writeInbound(Unpooled.wrappedBuffer(chunk));
            pump();
            // plain checks on the hot path: an AssertJ assertion per read was a good part of an execution's time
            if (!closed && buffered.getAsInt() > memoryBound) {
                throw new AssertionError("bytes held by the decoder: " + buffered.getAsInt() + " > " + memoryBound);
            }
        }
        return this;
    }

    /**
     * The pipeline is never silently stuck: CRLFs get a command answered, unless the dialect closed or the client
     * announced literal data that is still due (bounded by the timeout, like any silent client). It may take three:
     * the first ends a line in progress, and when that line (one already refused as too long, say) ends in an empty
     * literal, {0} or {0+}, the command goes on and the second ends it.
     */
    public void assertLive() {
        int before = transcript.size();
        for (int i = 0; i < 3 && !closed && transcript.size() == before && !awaitingLiteralData.getAsBoolean(); i++) {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'\r', '\n'}));
            pump();
        }
        assertThat(closed || transcript.size() > before || awaitingLiteralData.getAsBoolean())
                .as("the pipeline answers a CRLF, closes, or reads announced literal data; so far: %s", transcript).isTrue();
    }

    public List<String> transcript() {
        return transcript;
    }

    /** Releases everything; the decoder holds nothing after the channel is gone. */
    public void finish() {
        channel.finishAndReleaseAll();
        assertThat(buffered.getAsInt()).as("bytes held after the channel closed").isZero();
    }

    /**
     * Every check on one input: the same bytes whole, one at a time and in chunks, each through a new pipeline, are
     * framed and answered the same way, with memory bounded and the pipeline live at the end.
     */
    public static void check(byte[] data, Supplier<ClientPipeline> pipelines) {
        List<String> first = null;
        for (List<byte[]> chunks : Splits.of(data)) {
            ClientPipeline pipeline = pipelines.get();
            // the logins are the same in every cut (the transcripts are compared): their password checks once
            pipeline.checkPasswords = first == null;
            pipeline.feed(chunks).assertLive();
            pipeline.finish();
            if (first == null) {
                first = pipeline.transcript();
            } else {
                assertThat(pipeline.transcript()).as("the same bytes cut differently").isEqualTo(first);
            }
        }
    }

    private void pump() {
        while (!closed) {
            drainOutbound();
            ClientCommand command = channel.readInbound();
            if (command == null) {
                return;
            }
            transcript.add("C " + command.getKind() + " " + new String(command.raw(), StandardCharsets.ISO_8859_1));
            if (command.toString().indexOf('\n') >= 0) {
                throw new AssertionError("a command's toString has a newline: " + command);
            }
            Answer answer = dialect.handle(session, command);
            Reply reply;
            if (answer instanceof LoginRequest login) {
                if (checkPasswords) {
                    assertHidden(login);
                }
                reply = dialect.loginFailed(session, "Re-Authentication Failure");
            } else {
                reply = (Reply) answer;
            }
            transcript.add("R " + reply.text() + (reply.close() ? " close" : ""));
            channel.writeOutbound(reply);
            closed = reply.close();
        }
        drainOutbound();
    }

    /**
     * Neither the request, its credentials, the Auth event built from them nor that event's JSON document show the
     * password (log_passwd unset): each is the same with another password.
     */
    private void assertHidden(LoginRequest login) {
        Credentials c = login.credentials();
        Credentials other = new Credentials(c.authorisationId(), c.user(), c.password() + "\0other");
        assertThat(c.toString()).isEqualTo(other.toString());
        assertThat(login.toString()).isEqualTo(new LoginRequest(other).toString());
        List<SessionEvent> events = new ArrayList<>();
        SessionAudit audit = new SessionAudit(events::add, SilentLogLines.INSTANCE, false);
        audit.auth(session, c, c.user(), "192.0.2.2:143", "failed: Re-Authentication Failure");
        audit.auth(session, other, other.user(), "192.0.2.2:143", "failed: Re-Authentication Failure");
        SessionEvent event = events.get(0);
        SessionEvent otherEvent = new SessionEvent(events.get(1).type(), event.time(), event.sessionId(), event.protocol(),
                event.client(), event.local(), event.clientSecure(), events.get(1).authorisationId(),
                events.get(1).authenticationId(), event.server(), event.serverSecure(), events.get(1).status(),
                event.received(), event.sent(), events.get(1).loggablePassword());
        assertThat(event.loggablePassword()).isEmpty();
        assertThat(event.toString()).isEqualTo(otherEvent.toString());
        assertThat(DOCUMENT.toJson(event, "1")).isEqualTo(DOCUMENT.toJson(otherEvent, "1"));
    }

    private void drainOutbound() {
        Object o;
        while ((o = channel.readOutbound()) != null) {
            if (o instanceof ByteBuf buf) {
                transcript.add("O " + buf.toString(StandardCharsets.ISO_8859_1));
                buf.release();
            }
        }
    }
}
