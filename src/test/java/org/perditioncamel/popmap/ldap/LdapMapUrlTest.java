package org.perditioncamel.popmap.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;

import com.unboundid.ldap.sdk.SearchScope;
import org.junit.jupiter.api.Test;

class LdapMapUrlTest {

    @Test
    void emptyOptionShouldBePerditionsDefaultUrlWithVersion3() {
        LdapMapUrl url = LdapMapUrl.parse(Optional.empty());

        assertThat(url.version()).isEqualTo(3);
        assertThat(url.ldaps()).isFalse();
        assertThat(url.hosts()).containsExactly(new LdapMapUrl.Host("localhost", 389));
        assertThat(url.baseDnFor("alice")).isEqualTo("ou=mailbox,dc=nodomain");
        assertThat(url.attributes()).containsExactly("username", "mailhost", "port");
        assertThat(url.scope()).isEqualTo(SearchScope.ONE);
        assertThat(url.filterFor("alice")).isEqualTo("(uid=alice)");
        assertThat(url.bindDn()).isEmpty();
    }

    @Test
    void versionPrefixShouldBeReadAsPerditionReadsIt() {
        assertThat(LdapMapUrl.parse(Optional.of("2")).version()).isEqualTo(2);
        assertThat(LdapMapUrl.parse(Optional.of("2")).filterFor("a")).isEqualTo("(uid=a)");
        LdapMapUrl url = LdapMapUrl.parse(Optional.of("3:ldap://dir.example.com/dc=x?mailhost?sub?(mail=%s)"));
        assertThat(url.version()).isEqualTo(3);
        assertThat(url.hosts()).containsExactly(new LdapMapUrl.Host("dir.example.com", 389));
        assertThat(url.scope()).isEqualTo(SearchScope.SUB);
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("4:ldap://x/")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version");
    }

    @Test
    void severalHostsShouldBeTriedInOrderAndShareTheLastPort() {
        LdapMapUrl shared = LdapMapUrl.parse(Optional.of("ldap://ldap1 ldap2:3890/dc=x?mailhost"));
        assertThat(shared.hosts()).containsExactly(new LdapMapUrl.Host("ldap1", 3890), new LdapMapUrl.Host("ldap2", 3890));

        LdapMapUrl own = LdapMapUrl.parse(Optional.of("ldaps://ldap1:1636%20[::1]/dc=x?mailhost"));
        assertThat(own.ldaps()).isTrue();
        assertThat(own.hosts()).containsExactly(new LdapMapUrl.Host("ldap1", 1636), new LdapMapUrl.Host("::1", 636));

        assertThat(LdapMapUrl.parse(Optional.of("ldap:///dc=x?mailhost")).hosts())
                .containsExactly(new LdapMapUrl.Host("localhost", 389));
    }

    @Test
    void widthShouldRightJustifyTheKeyAsPerditionDoes() {
        LdapMapUrl url = LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost?one?(uid=%8s)"));
        assertThat(url.filterFor("bob")).isEqualTo("(uid=     bob)");
        assertThat(url.filterFor("longer-than-8")).isEqualTo("(uid=longer-than-8)");
        // perdition's old default wrote %25s meaning "%s"; perdition 2.2 reads it as width 25, and so do we
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost?one?(uid=%25s)")).filterFor("a"))
                .isEqualTo("(uid=" + " ".repeat(24) + "a)");
    }

    @Test
    void keyShouldBeEscapedSoItCannotWidenTheFilterOrTheBase() {
        LdapMapUrl url = LdapMapUrl.parse(Optional.of("ldap://h/uid=%s,ou=mailbox,dc=x?mailhost?base?(&(objectClass=*)(uid=%s))"));

        assertThat(url.filterFor("*)(uid=*")).isEqualTo("(&(objectClass=*)(uid=\\2a\\29\\28uid=\\2a))");
        assertThat(url.filterFor("a\\b\0")).isEqualTo("(&(objectClass=*)(uid=a\\5cb\\00))");
        assertThat(url.baseDnFor("x,ou=admins")).isEqualTo("uid=x\\,ou\\=admins,ou=mailbox,dc=x");
        assertThat(url.baseDnFor(" #a ")).isEqualTo("uid=\\ #a\\ ,ou=mailbox,dc=x");
    }

    @Test
    void percentEscapesShouldBeDecoded() {
        LdapMapUrl url = LdapMapUrl.parse(Optional.of(
                "ldap://h/ou=mail%20box,dc=x?mailhost?one?(%26(uid=%s)(c=%3f))?bindname=cn=a%2cdc=x,X-BINDPW=p%40x%73"));
        assertThat(url.baseDnFor("k")).isEqualTo("ou=mail box,dc=x");
        assertThat(url.filterFor("k")).isEqualTo("(&(uid=k)(c=?))");
        assertThat(url.bindDn()).contains("cn=a,dc=x");
        assertThat(url.bindPassword()).contains("p@xs");
        assertThat(url.toString()).doesNotContain("p@xs").contains("****");
    }

    /** perdition scans the whole URL for its key places before decoding, so "%40s" is a place, not "@s". */
    @Test
    void percentDigitsSShouldBeAKeyPlaceEvenInAnEscape() {
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost???bindname=cn=a,x-bindpw=p%40s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in an extension");
    }

    @Test
    void extensionsShouldFollowRfc4516() {
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost???x-unknown=1")).bindDn()).isEmpty();
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost???!bindname=cn=a,!x-bindpw=b")).bindDn())
                .contains("cn=a");
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost???!x-unknown=1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("critical");
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost???bindname=cn=a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-bindpw");
    }

    @Test
    void mistakesShouldBeStartUpErrors() {
        for (String bad : List.of("http://h/dc=x?mailhost", "ldap://h/dc=x", "ldap://h/dc=x?mailhost?deep",
                "ldap://h/dc=x?mailhost?one?(uid=%s", "ldap://%s/dc=x?mailhost", "ldap://h/dc=x?mail%shost",
                "ldap://h:99999/dc=x?mailhost", "ldap://h/dc=x?mailhost?one?(uid=%zz)", "ldap://h/a?b?one?c?d?e")) {
            assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("map_library_opt");
        }
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost??uid=%s")).filterFor("a")).isEqualTo("(uid=a)");
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost")).scope()).isEqualTo(SearchScope.BASE);
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?mailhost")).filterFor("a")).isEqualTo("(objectClass=*)");
    }

    /** Found by LdapMapUrlFuzzTest: %99999999999s escaped as a NumberFormatException, "For input string: ...". */
    @Test
    void keyWidthBeyondAnIntShouldBeAClearStartUpError() {
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%99999999999s)")))
                .isExactlyInstanceOf(IllegalArgumentException.class)
                .hasMessage("map_library_opt: %99999999999s in the filter of the LDAP URL is wider than 255 characters");
    }

    /** Found by LdapMapUrlFuzzTest: %2000000000s parsed, and start-up's filter check padded a key to 2^31 chars. */
    @Test
    void hugeKeyWidthShouldBeRefusedAtStartUpNotExhaustMemory() {
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%2000000000s)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wider than 255");
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%0255s)")).filterFor("k"))
                .isEqualTo("(uid=" + " ".repeat(254) + "k)");
    }

    /**
     * Found by LdapMapUrlFuzzTest (input finding-key-before-the-filters-equals): a key escaped as a value keeps its
     * '=', so before a component's '=' it moved where the attribute ended: "(%s=x)" let the key choose the
     * attribute, and the fuzzer's filter was valid for "alice" and invalid for "a=b". Refused at start-up.
     */
    @Test
    void keyBeforeAFilterComponentsEqualsShouldBeRefusedAtStartUp() {
        for (String filter : List.of("(%s=x)", "%s=x", "(&(uid=a)(%s=b))", "(uid%s=x)", "(&(uid=a)%s)", "(!%s)",
                "(ona%201s)%2s=s")) {
            assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?" + filter)))
                    .as(filter).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("may stand only in a value");
        }
        // every place in a value, however the filter is written, still parses
        for (String filter : List.of("(uid=%s)", "uid=%s", " (uid=%s)", "(&(objectClass=x)(|(uid=%s)(mail=%s@x)))",
                "(cn:dn:=%s)", "(uid>=%s)", "(!(uid=%s))", "(uid=a=%s)")) {
            assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?" + filter)).filterFor("a=b")).as(filter)
                    .contains("a=b");
        }
    }

    /** Found by LdapMapUrlFuzzTest: only ASCII digits make a width, as perdition's isdigit reads them. */
    @Test
    void nonAsciiDigitsShouldNotMakeAKeyWidth() {
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%\u0663s)")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bad %-escape");
    }

    /** Found by LdapMapUrlFuzzTest: "x-bindpw =secret" is a bind password too, and error messages showed it. */
    @Test
    void bindPasswordWithBlanksBeforeItsEqualsShouldBeMaskedInErrors() {
        assertThatThrownBy(() -> LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%s)?bindname=cn=a,x-bindpw =s3cret?x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too many '?'")
                .hasMessageNotContaining("s3cret");
        assertThat(LdapMapUrl.parse(Optional.of("ldap://h/dc=x?a?one?(uid=%s)?bindname=cn=a,x-bindpw =s3cret"))
                .bindPassword()).contains("s3cret");
    }
}
