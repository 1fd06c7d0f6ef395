package org.perditioncamel.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import javax.security.auth.Subject;

import io.netty.handler.ssl.SslHandler;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;

/**
 * Who may do what on the hub, for every protocol (core, AMQP, STOMP): the instances' bridges publish (user
 * {@value #BRIDGE_USER}, the generated secret, over TLS only), the configured consumer user reads, and an anonymous client reads
 * only from a loopback address and only when events.anonymous_loopback allows it. Nobody else publishes.
 */
public final class EventsSecurity implements ActiveMQSecurityManager5 {
    public static final String BRIDGE_USER = "perdition-bridge";
    static final String BRIDGE_ROLE = "bridge";
    static final String CONSUMER_ROLE = "consumer";
    /** CREATE_ADDRESS because a STOMP subscription asks for it even when the address exists. */
    private static final Set<CheckType> CONSUMER_RIGHTS = EnumSet.of(CheckType.CONSUME, CheckType.BROWSE,
            CheckType.CREATE_ADDRESS,
            CheckType.CREATE_DURABLE_QUEUE, CheckType.DELETE_DURABLE_QUEUE,
            CheckType.CREATE_NON_DURABLE_QUEUE, CheckType.DELETE_NON_DURABLE_QUEUE);
    private static final Set<CheckType> BRIDGE_RIGHTS = EnumSet.of(CheckType.SEND, CheckType.CREATE_ADDRESS);

    private final String bridgeSecret;
    private final String consumerUser;
    private final Optional<String> consumerPassword;
    private final boolean anonymousLoopback;

    public EventsSecurity(String bridgeSecret, String consumerUser, Optional<String> consumerPassword,
            boolean anonymousLoopback) {
        this.bridgeSecret = bridgeSecret;
        this.consumerUser = consumerUser;
        this.consumerPassword = consumerPassword;
        this.anonymousLoopback = anonymousLoopback;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        String role = roleOf(user, password, connection == null ? null : connection.getRemoteAddress(),
                overTls(connection));
        if (role == null) {
            return null;
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user == null ? "anonymous" : user));
        subject.getPrincipals().add(new RolePrincipal(role));
        return subject;
    }

    /**
     * The role these credentials from this remote address get, or null when they get none. A bridge publishes only
     * over the hub's TLS acceptor: on the plain port its secret would have been sent before anything proved the
     * listener is the hub, so it is never accepted there.
     */
    String roleOf(String user, String password, String remoteAddress, boolean overTls) {
        if (user == null || user.isEmpty()) {
            return anonymousLoopback && isLoopback(remoteAddress) ? CONSUMER_ROLE : null;
        }
        if (user.equals(BRIDGE_USER)) {
            return overTls && matches(password, bridgeSecret) ? BRIDGE_ROLE : null;
        }
        if (user.equals(consumerUser) && consumerPassword.isPresent()) {
            return matches(password, consumerPassword.get()) ? CONSUMER_ROLE : null;
        }
        return null;
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        for (RolePrincipal role : subject.getPrincipals(RolePrincipal.class)) {
            if (CONSUMER_ROLE.equals(role.getName()) && CONSUMER_RIGHTS.contains(checkType)
                    || BRIDGE_ROLE.equals(role.getName()) && BRIDGE_RIGHTS.contains(checkType)) {
                return true;
            }
        }
        return false;
    }

    /** Artemis's validateUser has no connection: the bridge's way is never through it. */
    @Override
    public boolean validateUser(String user, String password) {
        return roleOf(user, password, null, false) != null;
    }

    /** True when the client came through a TLS acceptor (the bridges' one is the hub's only). */
    static boolean overTls(RemotingConnection connection) {
        return connection != null && connection.getTransportConnection() instanceof NettyConnection netty
                && netty.getChannel().pipeline().get(SslHandler.class) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }

    /** Remote addresses come as "/127.0.0.1:4711", "host/::1:4711" or "[::1]:4711"; unknown is not loopback. */
    static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null) {
            return false;
        }
        String address = remoteAddress.substring(remoteAddress.indexOf('/') + 1);
        int colon = address.lastIndexOf(':');
        if (colon > 0) {
            address = address.substring(0, colon);
        }
        address = address.replace("[", "").replace("]", "");
        boolean numeric = address.matches("\\d{1,3}(\\.\\d{1,3}){3}")
                || address.contains(":") && address.matches("[0-9a-fA-F:.]+(%\\w+)?");
        if (!numeric) {
            return false;
        }
        try {
            // only numeric literals get here, so no name is looked up
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean matches(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                expected.getBytes(StandardCharsets.UTF_8));
    }
}
