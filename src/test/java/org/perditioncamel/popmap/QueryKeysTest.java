package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perditioncamel.config.Settings;
import org.perditioncamel.session.Protocol;
import org.perditioncamel.session.ProxySession;

class QueryKeysTest {
    private static final InetSocketAddress CLIENT = new InetSocketAddress("192.0.2.7", 40001);
    private static final InetSocketAddress LOCAL = new InetSocketAddress("198.51.100.1", 143);

    private static List<String> keys(String queryKey, String name) {
        return queryKeys(Map.of("query_key", queryKey)).keys(name, CLIENT, LOCAL);
    }

    private static QueryKeys queryKeys(Map<String, String> values) {
        return QueryKeys.from(PopmapSettings.from(Settings.of(values)));
    }

    @Test
    void keysShouldBeTheNameWithoutQueryKey() {
        assertThat(queryKeys(Map.of()).keys("carol@example.com", CLIENT, LOCAL))
                .containsExactly("carol@example.com");
        assertThat(keys("", "carol")).containsExactly("carol");
    }

    @Test
    void keysShouldExpandEveryEscape() {
        assertThat(keys("\\U|\\u|\\D|\\d|\\i|\\I|\\p|\\P|\\\\", "carol@example.com")).containsExactly(
                "carol@example.com|carol|@|example.com|192.0.2.7|198.51.100.1|40001|143|\\");
    }

    @Test
    void keysShouldSplitUserAndDomainAtLastDelimiter() {
        assertThat(keys("\\u+\\d", "a@b@c")).containsExactly("a@b+c");
    }

    @Test
    void keysShouldGiveWholeNameAndEmptyDomainWithoutDelimiter() {
        assertThat(keys("[\\u][\\d]", "carol")).containsExactly("[carol][]");
    }

    @Test
    void keysShouldUseConfiguredDelimiter() {
        QueryKeys queryKeys = queryKeys(Map.of("query_key", "\\u|\\D|\\d", "domain_delimiter", "%%"));
        assertThat(queryKeys.keys("carol%%example.com", CLIENT, LOCAL)).containsExactly("carol|%%|example.com");
    }

    @Test
    void keysShouldFollowReferenceExample() {
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 40002);
        QueryKeys queryKeys = queryKeys(Map.of("query_key", "nomatch-\\u,byip-\\i"));
        assertThat(queryKeys.keys("carol", loopback, loopback)).containsExactly("nomatch-carol", "byip-127.0.0.1");
    }

    @Test
    void keysShouldStopAtFormatWithUnknownEscape() {
        assertThat(keys("first-\\U,bad-\\x,never-\\U", "carol")).containsExactly("first-carol");
        assertThat(keys("bad-\\x,never-\\U", "carol")).isEmpty();
    }

    @Test
    void keysShouldIgnoreTrailingBackslash() {
        assertThat(keys("key-\\U\\", "carol")).containsExactly("key-carol");
    }

    @Test
    void keysShouldKeepSpacesAndLiterals() {
        assertThat(keys(" a b ,x.y-z", "carol")).containsExactly(" a b ", "x.y-z");
    }

    @Test
    void keysShouldWriteIpv6Compressed() {
        InetSocketAddress client = new InetSocketAddress("2001:db8:0:0:0:0:0:1", 50000);
        InetSocketAddress local = new InetSocketAddress("::1", 110);
        QueryKeys queryKeys = queryKeys(Map.of("query_key", "\\i \\I"));
        assertThat(queryKeys.keys("carol", client, local)).containsExactly("2001:db8::1 ::1");
    }

    @Test
    void keysShouldLeaveAddressesEmptyWhenUnknown() {
        QueryKeys queryKeys = queryKeys(Map.of("query_key", "[\\i:\\p]"));
        assertThat(queryKeys.keys("carol", null, null)).containsExactly("[:]");
    }

    @Test
    void expandShouldGiveQueueInOrderForTheRoute() {
        QueryKeys queryKeys = queryKeys(Map.of("query_key", "\\u,\\d"));
        ProxySession session = new ProxySession(Protocol.IMAP4, CLIENT, LOCAL);
        assertThat(queryKeys.expand("carol@example.com", session)).containsExactly("carol", "example.com");
    }
}
