package org.perditioncamel.popmap.ldap;

import java.io.InputStream;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.Entry;
import com.unboundid.ldap.sdk.schema.Schema;
import com.unboundid.ldif.LDIFReader;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An UnboundID in-memory directory on a free loopback port with perdition.schema and ldap/popmap.ldif loaded; as
 * {@code @RegisterExtension static final InMemoryDirectory DIRECTORY = new InMemoryDirectory();} it runs for the class.
 */
final class InMemoryDirectory implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    /** perdition.schema (Debian's perdition-ldap), as a subschema entry. */
    private static final Entry PERDITION_SCHEMA = new Entry("cn=schema",
            new com.unboundid.ldap.sdk.Attribute("attributeTypes",
                    "( 1.3.6.1.4.1.12856.10.10 NAME 'username' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{1024} )",
                    "( 1.3.6.1.4.1.12856.10.11 NAME 'mailhost' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{1024} )",
                    "( 1.3.6.1.4.1.12856.10.12 NAME 'port' EQUALITY caseIgnoreMatch SUBSTR caseIgnoreSubstringsMatch "
                            + "SYNTAX 1.3.6.1.4.1.1466.115.121.1.15{1024} )"),
            new com.unboundid.ldap.sdk.Attribute("objectClasses",
                    "( 1.3.6.1.4.1.12856.10.100 NAME 'perditionPopmap' DESC 'Popmap for Perdition' SUP top STRUCTURAL "
                            + "MAY ( uid $ username $ mailhost $ port ) )"));

    private InMemoryDirectoryServer server;

    InMemoryDirectory() {
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        server = create();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /** A directory of its own, for a test that stops and restarts it. */
    static InMemoryDirectory start() throws Exception {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.server = create();
        return directory;
    }

    private static InMemoryDirectoryServer create() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=nodomain");
        config.setSchema(Schema.mergeSchemas(Schema.getDefaultStandardSchema(), new Schema(PERDITION_SCHEMA)));
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap",
                java.net.InetAddress.getLoopbackAddress(), 0, null));
        config.addAdditionalBindCredentials("cn=proxy,dc=nodomain", "Proxy Secret");
        InMemoryDirectoryServer server = new InMemoryDirectoryServer(config);
        try (InputStream ldif = InMemoryDirectory.class.getResourceAsStream("/ldap/popmap.ldif")) {
            server.importFromLDIF(true, new LDIFReader(ldif));
        }
        server.startListening();
        return server;
    }

    int port() {
        return server.getListenPort();
    }

    InMemoryDirectoryServer server() {
        return server;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
