package org.perditioncamel.popmap.ldap;

import java.security.GeneralSecurityException;

import javax.net.SocketFactory;
import javax.net.ssl.X509TrustManager;

import com.unboundid.ldap.sdk.BindRequest;
import com.unboundid.ldap.sdk.FailoverServerSet;
import com.unboundid.ldap.sdk.LDAPConnectionOptions;
import com.unboundid.ldap.sdk.LDAPConnectionPool;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.PostConnectProcessor;
import com.unboundid.ldap.sdk.SimpleBindRequest;
import com.unboundid.ldap.sdk.StartTLSPostConnectProcessor;
import com.unboundid.util.ssl.HostNameSSLSocketVerifier;
import com.unboundid.util.ssl.JVMDefaultTrustManager;
import com.unboundid.util.ssl.PEMFileTrustManager;
import com.unboundid.util.ssl.SSLUtil;

/**
 * An UnboundID connection pool to the directory a perdition LDAP URL names: its hosts tried in order, ldaps:// or
 * StartTLS with the host name verified, the URL's bindname/x-bindpw bind on every connection, timeouts from the
 * settings. Shared by the LDAP popmap and authenticate_in's LDAP bind. Connects lazily: the proxy starts even when
 * the directory is down, as perdition does.
 */
public final class DirectoryPool {
    private DirectoryPool() {
    }

    /** IllegalArgumentException, prefixed with {@code what}, when the TLS material or the options are wrong. */
    public static LDAPConnectionPool open(LdapSettings settings, String name, String what) {
        LdapMapUrl url = settings.url();
        LDAPConnectionPool pool;
        try {
            BindRequest bind = url.bindDn()
                    .map(dn -> (BindRequest) new SimpleBindRequest(dn, url.bindPassword().orElseThrow())).orElse(null);
            pool = new LDAPConnectionPool(serverSet(settings, bind), bind, 0, settings.poolSize(), null, false);
        } catch (LDAPException | GeneralSecurityException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        pool.setConnectionPoolName(name);
        // a connection the directory closed (restart, idle timeout) is replaced and the operation tried once more
        pool.setRetryFailedOperationsDueToInvalidConnections(true);
        pool.setMaxWaitTimeMillis(settings.timeoutSeconds() * 1000L);
        return pool;
    }

    /** The URL's hosts in order; each new connection does StartTLS and the bind before it joins the pool. */
    private static FailoverServerSet serverSet(LdapSettings settings, BindRequest bind)
            throws GeneralSecurityException {
        LdapMapUrl url = settings.url();
        String[] names = url.hosts().stream().map(LdapMapUrl.Host::name).toArray(String[]::new);
        int[] ports = url.hosts().stream().mapToInt(LdapMapUrl.Host::port).toArray();
        LDAPConnectionOptions options = new LDAPConnectionOptions();
        options.setConnectTimeoutMillis(settings.timeoutSeconds() * 1000);
        options.setResponseTimeoutMillis(settings.timeoutSeconds() * 1000L);
        SocketFactory sockets = null;
        PostConnectProcessor startTls = null;
        if (settings.tls()) {
            SSLUtil ssl = new SSLUtil(trustManager(settings));
            options.setSSLSocketVerifier(new HostNameSSLSocketVerifier(true));
            if (url.ldaps()) {
                sockets = ssl.createSSLSocketFactory();
            } else {
                startTls = new StartTLSPostConnectProcessor(ssl.createSSLSocketFactory());
            }
        }
        return new FailoverServerSet(names, ports, sockets, options, bind, startTls);
    }

    private static X509TrustManager trustManager(LdapSettings settings) throws GeneralSecurityException {
        if (settings.caFile().isEmpty()) {
            return JVMDefaultTrustManager.getInstance();
        }
        return new PEMFileTrustManager(settings.caFile().get().toFile());
    }
}
