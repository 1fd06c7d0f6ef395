package org.perditioncamel.listener;

import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.testing.Splits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PROXY protocol header (v1 text, v2 binary) as a trusted balancer or anyone else may send it: the gate, Netty's
 * HAProxyMessageDecoder and {@link ProxyHeaderReader} together in an EmbeddedChannel. The first input byte picks the
 * peer (trusted IPv4, trusted IPv6, untrusted) and the listener's proxy_protocol mode; the rest are the bytes.
 * Checked: no exception reaches the end of the pipeline and every error line is one of the reader's or gate's; the
 * bytes held stay under the header's bound; the outcome (addresses, bytes passed on, open or closed, error) is the
 * same for any split; and nothing waits forever: a trusted peer is closed at proxy_protocol_timeout, an untrusted
 * one has its next byte passed on (its session, with its own timeouts, began at once).
 */
@Tag("fuzz")
class ProxyHeaderFuzzTest {
    private static final String[] PEERS = {"10.1.2.3", "10.1.2.3", "2001:db8::1", "192.0.2.50"};
    private static final String[] MODES = {"any", "v1", "v2", "any"};
    private static final ProxyProtocolSettings[] SETTINGS = Arrays.stream(MODES)
            .map(mode -> ProxyProtocolSettings.from(Settings.of(Map.of("proxy_protocol", mode,
                    "proxy_protocol_trusted_networks", "10.0.0.0/8, 2001:db8::/32")), Protocol.POP3))
            .toArray(ProxyProtocolSettings[]::new);
    /** What the gate and reader may log; the part in parentheses (the decoder's reason) may depend on the split. */
    private static final List<String> ERRORS = List.of("invalid PROXY protocol header (", "PROXY protocol V1 header where",
            "PROXY protocol V2 header where", "PROXY protocol header for ", "no PROXY protocol header within ",
            "PROXY protocol header from untrusted ");
    private static final Method DECODER_HOLDS;

    static {
        try {
            DECODER_HOLDS = ByteToMessageDecoder.class.getDeclaredMethod("actualReadableBytes");
            DECODER_HOLDS.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    record Outcome(boolean open, List<Object> events, String passed, List<String> errors) {
    }

    @FuzzTest(maxDuration = "")
    void proxyHeader(byte[] input) throws Exception {
        if (input.length < 1) {
            return;
        }
        InetSocketAddress peer = new InetSocketAddress(InetAddress.getByName(PEERS[input[0] & 3]), 40000);
        ProxyProtocolSettings settings = SETTINGS[(input[0] >> 2) & 3];
        byte[] data = Arrays.copyOfRange(input, 1, input.length);
        Outcome first = null;
        for (List<byte[]> chunks : Splits.of(data)) {
            Outcome outcome = run(peer, settings, data, chunks);
            if (first == null) {
                first = outcome;
            } else {
                assertThat(outcome).as("the same bytes cut differently").isEqualTo(first);
            }
        }
    }

    private static Outcome run(InetSocketAddress peer, ProxyProtocolSettings settings, byte[] data, List<byte[]> chunks)
            throws Exception {
        List<String> errors = new ArrayList<>();
        SessionAudit audit = new SessionAudit(e -> { }, new SessionAudit.LogLines() {
            @Override public void err(String line) { errors.add(line); }
            @Override public void info(String line) { }
            @Override public void debug(String line) { }
        }, false);
        ProxyHeaderGateTest.Downstream down = new ProxyHeaderGateTest.Downstream();
        ProxyHeaderGate gate = new ProxyHeaderGate(settings, audit);
        EmbeddedChannel ch = new EmbeddedChannel(false, false, new ChannelHandler[] {gate, down}) {
            @Override
            protected SocketAddress remoteAddress0() {
                return peer;
            }
        };
        ch.freezeTime();
        ch.register();
        boolean trusted = settings.trusted().contains(peer);
        assertThat(down.active).as("a direct client's session begins at once").isEqualTo(trusted ? 0 : 1);
        long bound = bound(data);
        for (byte[] chunk : chunks) {
            if (!ch.isOpen()) {
                break;
            }
            // an exception that no handler took would be thrown here, by EmbeddedChannel
            ch.writeInbound(Unpooled.wrappedBuffer(chunk));
            if (held(ch, gate) > bound) {
                throw new AssertionError("bytes held before the header is decided: " + held(ch, gate) + " > " + bound);
            }
        }
        Outcome outcome = new Outcome(ch.isOpen(), List.copyOf(down.events), down.text(),
                errors.stream().map(e -> e.replaceFirst("^(invalid PROXY protocol header \\().*(\\) from )", "$1…$2")).toList());
        for (String error : errors) {
            assertThat(ERRORS).as("documented errors only: %s", error).anyMatch(error::startsWith);
        }
        assertThat(errors).as("one error line at most").hasSizeLessThanOrEqualTo(1);
        if (!ch.isOpen()) {
            assertThat(down.events).isEmpty();
        }
        assertThat(down.events).hasSizeLessThanOrEqualTo(1);
        // never a hang
        if (ch.isOpen() && down.events.isEmpty() && trusted) {
            ch.advanceTimeBy(settings.timeoutSeconds(), TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat(ch.isOpen()).as("a trusted peer without a header is closed at proxy_protocol_timeout").isFalse();
        } else if (ch.isOpen() && !trusted) {
            int before = down.bytes.readableBytes();
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'x'}));
            assertThat(down.bytes.readableBytes()).as("a direct client's next byte goes on").isGreaterThan(before);
        }
        ch.finishAndReleaseAll();
        down.bytes.release();
        return outcome;
    }

    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** A v1 header is at most 108 bytes, a v2 one 16 and the length it announces (the decoder's own limits). */
    private static long bound(byte[] data) {
        if (data.length >= 16 && Arrays.equals(data, 0, 12, V2, 0, 12)) {
            return 16 + (((data[14] & 0xff) << 8) | (data[15] & 0xff));
        }
        return 108;
    }

    private static long held(EmbeddedChannel ch, ProxyHeaderGate gate) {
        long held = gate.heldBytes();
        HAProxyMessageDecoder decoder = ch.pipeline().get(HAProxyMessageDecoder.class);
        if (decoder != null) {
            try {
                held += (int) DECODER_HOLDS.invoke(decoder);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        return held;
    }
}
