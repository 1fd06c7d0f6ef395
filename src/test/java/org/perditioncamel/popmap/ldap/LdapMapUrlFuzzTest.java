package org.perditioncamel.popmap.ldap;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.unboundid.ldap.sdk.DN;
import com.unboundid.ldap.sdk.Filter;
import org.junit.jupiter.api.Tag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * map_library_opt for the LDAP popmap: any text parses to a URL or is refused with a "map_library_opt:"
 * IllegalArgumentException; the bind password shows in no message and no toString; a parsed URL gives a valid
 * filter for every key, however hostile, with the key unable to add terms. "PW" after "x-bindpw=" in the input
 * stands for a password the check can recognise (its type is trimmed: blanks may stand before its '=').
 */
@Tag("fuzz")
class LdapMapUrlFuzzTest {
    private static final String SECRET = "Zq9pwZq9";
    private static final List<String> KEYS = List.of("alice", "*)(uid=*", "a\\b,c=d+e", " #x ", "\0");

    private static int rdns(String dn) {
        try {
            return new DN(dn).getRDNs().length;
        } catch (com.unboundid.ldap.sdk.LDAPException e) {
            throw new AssertionError(e);
        }
    }

    /** Where the URL's extensions start (after the fourth '?' behind the host), or -1. */
    private static int extensionsStart(String input) {
        int scheme = input.indexOf("://");
        int i = scheme < 0 ? -1 : input.indexOf('/', scheme + 3);
        for (int q = 0; q < 4 && i >= 0; q++) {
            i = input.indexOf('?', i + 1);
        }
        return i < 0 ? -1 : i + 1;
    }

    @FuzzTest(maxDuration = "")
    void ldapUrl(byte[] data) {
        String input = new String(data, StandardCharsets.UTF_8);
        if (input.contains(SECRET)) {
            return;
        }
        // only in the extensions, the fifth part after the host: elsewhere "x-bindpw=" is just text (a filter value);
        // the extension's type is trimmed, so blanks may stand around its '='
        int extensions = extensionsStart(input);
        String opt = extensions < 0 ? input : input.substring(0, extensions)
                + input.substring(extensions).replaceAll("(?i)(x-bindpw[\\x00-\\x20]*=[^,?]*)PW", "$1" + SECRET);
        LdapMapUrl url;
        try {
            url = LdapMapUrl.parse(Optional.of(opt));
        } catch (IllegalArgumentException e) {
            assertThat(e).hasMessageStartingWith("map_library_opt: ");
            assertThat(e.getMessage()).doesNotContain(SECRET);
            return;
        }
        assertThat(url.toString()).doesNotContain(SECRET);
        assertThat(url.hosts()).isNotEmpty();
        assertThat(url.attributes()).isNotEmpty();
        for (String key : KEYS) {
            String filter = url.filterFor(key);
            assertThatCode(() -> Filter.create(filter)).as(filter).doesNotThrowAnyException();
            // the key is one assertion value: it cannot change the filter's shape
            assertThat(url.filterFor(key).chars().filter(c -> c == '(').count())
                    .isEqualTo(url.filterFor("k").chars().filter(c -> c == '(').count());
            // in the base DN the key is one attribute value: it cannot add RDNs (a %s the operator put where no
            // value goes may make the DN invalid, and the lookup fails: never a different base)
            String plain = url.baseDnFor("k");
            String hostile = url.baseDnFor(key);
            if (DN.isValidDN(plain) && DN.isValidDN(hostile)) {
                assertThat(rdns(hostile)).as(hostile).isEqualTo(rdns(plain));
            }
        }
    }
}
