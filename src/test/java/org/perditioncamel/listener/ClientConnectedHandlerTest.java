package org.perditioncamel.listener;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;
import org.perditioncamel.protocol.ClientCommand;
import org.perditioncamel.protocol.Greeting;
import org.perditioncamel.protocol.Reply;
import org.perditioncamel.protocol.pop3.Pop3Dialect;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;
import org.perditioncamel.session.SessionAudit;
import org.perditioncamel.session.SessionEvent;

import static org.assertj.core.api.Assertions.assertThat;

/** The "addresses known" step: session creation, CONNECTED, connection_limit, the login deadline and Close once. */
class ClientConnectedHandlerTest {
    private final List<SessionEvent> events = new CopyOnWriteArrayList<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final SessionAudit audit = new SessionAudit(events::add, new SessionAudit.LogLines() {
        @Override public void err(String line) { errors.add(line); }
        @Override public void info(String line) { }
        @Override public void debug(String line) { }
    }, false);

    private ListenerContext listener(int connectionLimit, int loginDeadlineSeconds) {
        return new ListenerContext(Protocol.POP3, new Pop3Dialect(new Greeting(true, false, new TreeMap<>()), "UIDL.USER"),
                audit, connectionLimit, 1800, loginDeadlineSeconds, 8192, false);
    }

    @Test
    void activeChannelShouldGetASessionAConnectEventAndOneConnectedCommand() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(listener(0, 0)));

        ProxySession session = ProxySession.of(ch);
        assertThat(session).isNotNull();
        assertThat(session.protocol()).isEqualTo(Protocol.POP3);
        assertThat(((ClientCommand) ch.readInbound()).getKind()).isEqualTo(ClientCommand.Kind.CONNECTED);
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(events).extracting(SessionEvent::type).containsExactly(SessionEvent.Type.CONNECT);
    }

    @Test
    void addressesLearnedLaterShouldMakeTheSessionThenAndCarryThoseAddresses() {
        EmbeddedChannel ch = new EmbeddedChannel(new SwallowActive(), new ClientConnectedHandler(listener(0, 0)));
        assertThat(ProxySession.of(ch)).isNull();
        assertThat((Object) ch.readInbound()).isNull();

        InetSocketAddress client = new InetSocketAddress("2001:db8::10", 40000);
        InetSocketAddress local = new InetSocketAddress("192.0.2.1", 110);
        ch.pipeline().fireUserEventTriggered(new AddressesKnown(client, local));

        ProxySession session = ProxySession.of(ch);
        assertThat(session.client()).isEqualTo(client);
        assertThat(session.local()).isEqualTo(local);
        assertThat(((ClientCommand) ch.readInbound()).getKind()).isEqualTo(ClientCommand.Kind.CONNECTED);
        assertThat(events.get(0).client()).isEqualTo(client);
    }

    @Test
    void theSessionShouldStartOnlyOnceAddDomainsNameIsKnownAndTheLoopShouldNotWait() {
        CompletableFuture<Object> domainNamed = new CompletableFuture<>();
        ListenerContext listener = listener(0, 0).localNames(local -> domainNamed);
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(listener));

        assertThat((Object) ch.readInbound()).as("no CONNECTED while the reverse lookup runs").isNull();
        assertThat(ch.config().isAutoRead()).isFalse();

        domainNamed.complete("pop.example.com");
        ch.runPendingTasks();

        assertThat(((ClientCommand) ch.readInbound()).getKind()).isEqualTo(ClientCommand.Kind.CONNECTED);
        assertThat(ch.config().isAutoRead()).isTrue();
    }

    @Test
    void connectionLimitShouldRefuseTheExtraClientWithAGoodbyeAndKeepTheFirst() {
        ListenerContext limited = listener(1, 0);
        EmbeddedChannel first = new EmbeddedChannel(new ClientConnectedHandler(limited));
        EmbeddedChannel second = new EmbeddedChannel(new ClientConnectedHandler(limited));

        Reply goodbye = second.readOutbound();
        assertThat(goodbye.text()).isEqualTo("-ERR Too many connections, mate\r\n");
        assertThat(second.isOpen()).isFalse();
        assertThat((Object) second.readInbound()).isNull();
        assertThat(errors).singleElement().asString().startsWith("Connection limit of 1 reached");
        assertThat(first.isOpen()).isTrue();
        assertThat(limited.activeSessions()).isEqualTo(1);

        first.close();
        assertThat(limited.activeSessions()).isZero();
        EmbeddedChannel third = new EmbeddedChannel(new ClientConnectedHandler(limited));
        assertThat(third.isOpen()).isTrue();
    }

    /** The channel's scheduler and the handler's clock, advanced together. */
    private final AtomicLong clock = new AtomicLong(1_000_000);

    private void pass(EmbeddedChannel ch, long seconds) {
        clock.addAndGet(TimeUnit.SECONDS.toNanos(seconds));
        ch.advanceTimeBy(seconds, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
    }

    private ListenerContext timed(int authenticateTimeoutSeconds, int loginDeadlineSeconds) {
        return new ListenerContext(Protocol.POP3, new Pop3Dialect(new Greeting(true, false, new TreeMap<>()), "UIDL.USER"),
                audit, 0, authenticateTimeoutSeconds, loginDeadlineSeconds, 8192, false);
    }

    @Test
    void loginDeadlineShouldCloseAClientThatNeverLoggedIn() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(listener(0, 5), clock::get));
        pass(ch, 4);
        assertThat(ch.isOpen()).isTrue();

        pass(ch, 2);

        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).singleElement().asString().contains("Login deadline of 5s passed");
    }

    @Test
    void loginDeadlineShouldCloseAClientThatKeepsSendingBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(timed(3, 5), clock::get));
        for (int second = 0; second < 4; second++) {
            pass(ch, 1);
            ch.pipeline().fireChannelReadComplete();   // a byte a second: never idle
        }
        assertThat(ch.isOpen()).isTrue();

        pass(ch, 2);

        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).singleElement().asString().contains("Login deadline of 5s passed");
    }

    @Test
    void authenticateTimeoutShouldCountFromTheLastReadAndCloseAnIdleClient() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(timed(3, 0), clock::get));
        pass(ch, 2);
        ch.pipeline().fireChannelReadComplete();
        pass(ch, 2);
        assertThat(ch.isOpen()).as("read 2 s ago").isTrue();

        pass(ch, 1);

        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).singleElement().asString().contains("Timeout reading authentication information");
    }

    @Test
    void authenticateTimeoutShouldNotRunWhileTheClientWaitsForItsAnswer() {
        LockstepHandler lockstep = new LockstepHandler(Reply.of("-ERR Too many pipelined commands, mate"));
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(timed(3, 0), clock::get), lockstep);
        // the greeting is owed from the start (CONNECTED is in flight): nobody answered it here
        pass(ch, 10);
        pass(ch, 1);
        assertThat(ch.isOpen()).as("waiting for the greeting is not idle").isTrue();

        ch.writeOutbound(Reply.of("+OK hello"));   // answered at 11 s: the client owes the next command from now
        pass(ch, 2);                               // the timer, set at 10 s for 13 s, fires
        assertThat(ch.isOpen()).as("answered 2 s ago").isTrue();
        pass(ch, 1);

        assertThat(ch.isOpen()).isFalse();
        assertThat(errors).singleElement().asString().contains("Timeout reading authentication information");
    }

    @Test
    void closeShouldReportTheSessionsEndExactlyOnce() {
        EmbeddedChannel ch = new EmbeddedChannel(new ClientConnectedHandler(listener(0, 0)));
        ch.close();
        ch.close();

        assertThat(events).extracting(SessionEvent::type)
                .containsExactly(SessionEvent.Type.CONNECT, SessionEvent.Type.CLOSE_NULL);
    }

    /** Stands for a handler that learns the addresses later (a PROXY protocol decoder). */
    private static final class SwallowActive extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
        }
    }

    /** Plaintext after STARTTLS is often a LOGIN: Netty's hex dump of it must not reach the debug line. */
    @Test
    void notTlsShouldBeLoggedWithoutTheBytesThatCame() {
        String login = "a2 LOGIN alice secret";
        Throwable cause = new io.netty.handler.codec.DecoderException(new io.netty.handler.ssl.NotSslRecordException(
                "not an SSL/TLS record: " + io.netty.buffer.ByteBufUtil.hexDump(login.getBytes(
                        java.nio.charset.StandardCharsets.US_ASCII))));
        String reason = ClientConnectedHandler.reason(cause);
        org.assertj.core.api.Assertions.assertThat(reason).contains("TLS")
                .doesNotContain(io.netty.buffer.ByteBufUtil.hexDump(login.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        org.assertj.core.api.Assertions.assertThat(ClientConnectedHandler.reason(new java.io.IOException("Connection reset")))
                .isEqualTo("java.io.IOException: Connection reset");
    }
}
