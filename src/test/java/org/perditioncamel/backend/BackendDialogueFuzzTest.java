package org.perditioncamel.backend;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Tag;
import org.perditioncamel.session.Credentials;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.testing.Splits;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile backend during login: whatever it sends as greeting, capabilities, STARTTLS and login answers, the
 * backend line decoder and each protocol's dialogue either finish the attempt or keep waiting (bounded by
 * backend_login_timeout), hold at most a line's worth of bytes, decide the same however the bytes are cut, and
 * never put the password in a log line, an event or the result. The first input byte picks the protocol and
 * tls_outgoing; the rest is what the backend sends.
 */
@Tag("fuzz")
class BackendDialogueFuzzTest {
    private static final int MAX_LINE_LENGTH = 200;
    private static final Protocol[] PROTOCOLS = {Protocol.POP3, Protocol.IMAP4, Protocol.MANAGESIEVE};
    private static final BackendDialogue.OutgoingTls[] TLS = BackendDialogue.OutgoingTls.values();

    @FuzzTest(maxDuration = "")
    void backend(byte[] data) {
        if (data.length == 0) {
            return;
        }
        Protocol protocol = PROTOCOLS[(data[0] & 0xff) % PROTOCOLS.length];
        BackendDialogue.OutgoingTls tls = TLS[((data[0] & 0xff) / PROTOCOLS.length) % TLS.length];
        byte[] backend = Arrays.copyOfRange(data, 1, data.length);
        Conversation first = null;
        for (List<byte[]> chunks : Splits.of(backend)) {
            Conversation a = new Conversation(protocol, tls, "s3cr3t-A").feed(chunks);
            if (first == null) {
                // only what goes to the backend may depend on the password; checked on the whole input only (the
                // other cuts must give the same transcript, and another password doubled an execution's cost)
                Conversation b = new Conversation(protocol, tls, "s3cr3t-B").feed(chunks);
                assertThat(b.logged).isEqualTo(a.logged);
                if (!new String(backend, StandardCharsets.ISO_8859_1).contains("s3cr3t")) {
                    // unless the backend itself says it: its refusal line is relayed and logged as it came
                    assertThat(a.logged.toString()).doesNotContain("s3cr3t");
                }
            }
            if (first == null) {
                first = a;
            } else if (!tls.wanted()) {
                // with STARTTLS it may differ by design: what came in the read with the backend's "go ahead" is
                // dropped (never taken as a reply to the credentials), what came later stands for the TLS bytes
                assertThat(a.transcript).as("the same bytes cut differently").isEqualTo(first.transcript);
            }
        }
    }

    /** One login attempt against the fuzzed backend, over EmbeddedChannel. */
    private static final class Conversation {
        final List<String> transcript = new ArrayList<>();
        final List<String> logged = new ArrayList<>();
        private final BackendLineDecoder decoder = new BackendLineDecoder(MAX_LINE_LENGTH);
        private final CompletableFuture<LoginResult> result = new CompletableFuture<>();
        private final BackendConversationHandler handler;
        private final EmbeddedChannel channel;
        private boolean tlsDue;

        Conversation(Protocol protocol, BackendDialogue.OutgoingTls tls, String password) {
            ProxySession session = new ProxySession(protocol, new InetSocketAddress("192.0.2.1", 40000),
                    new InetSocketAddress("127.0.0.1", protocol.defaultPort()));
            SessionAudit audit = new SessionAudit(e -> logged.add("event " + e), new SessionAudit.LogLines() {
                @Override
                public void err(String line) {
                    logged.add("err " + line);
                }

                @Override
                public void info(String line) {
                    logged.add("info " + line);
                }

                @Override
                public void debug(String line) {
                    logged.add("debug " + line);
                }
            }, false);
            BackendDialogue dialogue = new BackendDialogues(true, Map.of(protocol, tls))
                    .create(session, "perdition ready on 127.0.0.1", "alice", Credentials.of("alice", password));
            handler = new BackendConversationHandler(dialogue, result, decoder, audit, "192.0.2.2:1", () -> tlsDue = true);
            channel = new EmbeddedChannel(decoder, handler);
        }

        Conversation feed(List<byte[]> chunks) {
            for (byte[] chunk : chunks) {
                if (result.isDone()) {
                    break;
                }
                channel.writeInbound(Unpooled.wrappedBuffer(chunk));
                drainOutbound();
                if (tlsDue) {
                    // the handshake itself is not fuzzed: it succeeds at once
                    tlsDue = false;
                    transcript.add("TLS");
                    handler.tlsEstablished(channel.pipeline().context(handler));
                }
                drainOutbound();
                if (!result.isDone() && decoder.buffered() > MAX_LINE_LENGTH) {
                    throw new AssertionError("bytes held by the backend line decoder: " + decoder.buffered());
                }
            }
            // the backend hangs up: every attempt ends, none waits for more
            channel.close();
            drainOutbound();
            assertThat(result).isDone();
            LoginResult r = result.join();
            transcript.add(r instanceof LoginResult.Failed f ? "Failed " + f.reason() + " " + f.finalLine()
                    : "LoggedIn " + ((LoginResult.LoggedIn) r).finalLine() + " " + ((LoginResult.LoggedIn) r).toClient());
            logged.add(r instanceof LoginResult.Failed f ? f.reason() + " " + f.finalLine() : transcript.get(transcript.size() - 1));
            channel.finishAndReleaseAll();
            return this;
        }

        private void drainOutbound() {
            Object o;
            while ((o = channel.readOutbound()) != null) {
                ByteBuf buf = (ByteBuf) o;
                transcript.add("S " + buf.toString(StandardCharsets.ISO_8859_1).replace("s3cr3t-A", "s3cr3t-B"));
                buf.release();
            }
        }
    }
}
