package org.perditioncamel.tls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The TLS 1.2 cipher suites perdition-camel can name in OpenSSL syntax, in OpenSSL's own order for ALL. */
final class CipherSuiteTable {

    /** One suite: its OpenSSL and IANA (JSSE) names, strength in bits and the OpenSSL keywords that select it. */
    record Suite(String openSslName, String ianaName, int bits, Set<String> keywords) {
    }

    /** TLS 1.3 suites: OpenSSL configures them apart from the cipher string, so every cipher string keeps them. */
    static final List<String> TLS13 = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256");

    /**
     * Words OpenSSL knows that select nothing here: algorithms neither the JDK nor BoringSSL offer (or that this
     * table leaves out). A cipher string may negate them, as in {@code HIGH:!aNULL:!MD5:!RC4}.
     */
    static final Set<String> EMPTY_KEYWORDS = Set.of("MD5", "RC4", "RC2", "SEED", "IDEA", "DES", "CAMELLIA",
            "CAMELLIA128", "CAMELLIA256", "ARIA", "ARIA128", "ARIA256", "ARIAGCM", "PSK", "KPSK", "APSK", "ECDHEPSK",
            "DHEPSK", "RSAPSK", "KECDHEPSK", "KDHEPSK", "KRSAPSK", "SRP", "KSRP", "ASRP", "DSS", "ADSS", "EXP",
            "EXPORT", "EXPORT40", "EXPORT56", "LOW", "KDHR", "KDHD", "KDH", "KECDHR", "CCM", "AESCCM",
            "AESCCM8", "SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192", "SSLV2", "GOST94", "GOST89MAC",
            "AGOST", "AGOST01", "KGOST", "GOST2012");

    private static final List<Suite> SUITES;
    private static final Map<String, Suite> BY_NAME;

    static {
        List<Suite> suites = new ArrayList<>();
        // OpenSSL 3's base order (openssl ciphers -v): ALL lists them in this order. Anonymous suites (aNULL) are
        // in ALL but never in DEFAULT; 3DES is MEDIUM (off in OpenSSL's DEFAULT and in the JDK); eNULL suites (no
        // encryption) are in neither ALL nor DEFAULT, only a name or a keyword such as eNULL or kRSA selects them
        add(suites, "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE", "ECDSA",
                "AESGCM256", "AEAD");
        add(suites, "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE", "RSA",
                "AESGCM256", "AEAD");
        add(suites, "DHE-RSA-AES256-GCM-SHA384", "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "DHE", "RSA",
                "AESGCM256", "AEAD");
        add(suites, "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE",
                "ECDSA", "CHACHA20", "AEAD");
        add(suites, "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE", "RSA",
                "CHACHA20", "AEAD");
        add(suites, "DHE-RSA-CHACHA20-POLY1305", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE", "RSA",
                "CHACHA20", "AEAD");
        add(suites, "ADH-AES256-GCM-SHA384", "TLS_DH_anon_WITH_AES_256_GCM_SHA384", "DHE", "NULL",
                "AESGCM256", "AEAD");
        add(suites, "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE", "ECDSA",
                "AESGCM128", "AEAD");
        add(suites, "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE", "RSA",
                "AESGCM128", "AEAD");
        add(suites, "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "DHE", "RSA",
                "AESGCM128", "AEAD");
        add(suites, "ADH-AES128-GCM-SHA256", "TLS_DH_anon_WITH_AES_128_GCM_SHA256", "DHE", "NULL",
                "AESGCM128", "AEAD");
        add(suites, "ECDHE-ECDSA-AES256-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "ECDHE", "ECDSA",
                "AES256", "SHA384");
        add(suites, "ECDHE-RSA-AES256-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "ECDHE", "RSA",
                "AES256", "SHA384");
        add(suites, "DHE-RSA-AES256-SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "DHE", "RSA",
                "AES256", "SHA256");
        add(suites, "ADH-AES256-SHA256", "TLS_DH_anon_WITH_AES_256_CBC_SHA256", "DHE", "NULL", "AES256", "SHA256");
        add(suites, "ECDHE-ECDSA-AES128-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "ECDHE", "ECDSA",
                "AES128", "SHA256");
        add(suites, "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "ECDHE", "RSA",
                "AES128", "SHA256");
        add(suites, "DHE-RSA-AES128-SHA256", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "DHE", "RSA",
                "AES128", "SHA256");
        add(suites, "ADH-AES128-SHA256", "TLS_DH_anon_WITH_AES_128_CBC_SHA256", "DHE", "NULL", "AES128", "SHA256");
        add(suites, "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "ECDHE", "ECDSA",
                "AES256", "SHA1");
        add(suites, "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "ECDHE", "RSA", "AES256", "SHA1");
        add(suites, "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", "DHE", "RSA", "AES256", "SHA1");
        add(suites, "AECDH-AES256-SHA", "TLS_ECDH_anon_WITH_AES_256_CBC_SHA", "ECDHE", "NULL", "AES256", "SHA1");
        add(suites, "ADH-AES256-SHA", "TLS_DH_anon_WITH_AES_256_CBC_SHA", "DHE", "NULL", "AES256", "SHA1");
        add(suites, "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "ECDHE", "ECDSA",
                "AES128", "SHA1");
        add(suites, "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "ECDHE", "RSA", "AES128", "SHA1");
        add(suites, "DHE-RSA-AES128-SHA", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "DHE", "RSA", "AES128", "SHA1");
        add(suites, "AECDH-AES128-SHA", "TLS_ECDH_anon_WITH_AES_128_CBC_SHA", "ECDHE", "NULL", "AES128", "SHA1");
        add(suites, "ADH-AES128-SHA", "TLS_DH_anon_WITH_AES_128_CBC_SHA", "DHE", "NULL", "AES128", "SHA1");
        add(suites, "ECDHE-ECDSA-NULL-SHA", "TLS_ECDHE_ECDSA_WITH_NULL_SHA", "ECDHE", "ECDSA", "NULL", "SHA1");
        add(suites, "ECDHE-RSA-NULL-SHA", "TLS_ECDHE_RSA_WITH_NULL_SHA", "ECDHE", "RSA", "NULL", "SHA1");
        add(suites, "ECDHE-RSA-DES-CBC3-SHA", "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", "ECDHE", "RSA", "3DES", "SHA1");
        add(suites, "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", "RSA", "RSA", "AESGCM256", "AEAD");
        add(suites, "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "RSA", "RSA", "AESGCM128", "AEAD");
        add(suites, "AES256-SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256", "RSA", "RSA", "AES256", "SHA256");
        add(suites, "AES128-SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", "RSA", "RSA", "AES128", "SHA256");
        add(suites, "NULL-SHA256", "TLS_RSA_WITH_NULL_SHA256", "RSA", "RSA", "NULL", "SHA256");
        add(suites, "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA", "RSA", "RSA", "AES256", "SHA1");
        add(suites, "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA", "RSA", "RSA", "AES128", "SHA1");
        add(suites, "NULL-SHA", "TLS_RSA_WITH_NULL_SHA", "RSA", "RSA", "NULL", "SHA1");
        add(suites, "DES-CBC3-SHA", "TLS_RSA_WITH_3DES_EDE_CBC_SHA", "RSA", "RSA", "3DES", "SHA1");
        SUITES = Collections.unmodifiableList(suites);
        Map<String, Suite> byName = new LinkedHashMap<>();
        for (Suite suite : suites) {
            byName.put(suite.openSslName().toUpperCase(Locale.ROOT), suite);
            byName.put(suite.ianaName().toUpperCase(Locale.ROOT), suite);
        }
        BY_NAME = Collections.unmodifiableMap(byName);
    }

    private CipherSuiteTable() {
    }

    static List<Suite> all() {
        return SUITES;
    }

    /** An explicit OpenSSL or IANA name, case-insensitive. */
    static Optional<Suite> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toUpperCase(Locale.ROOT)));
    }

    private static void add(List<Suite> suites, String openSsl, String iana, String kx, String au, String enc,
                            String mac) {
        Set<String> k = new HashSet<>();
        switch (kx) {
            case "ECDHE":
                // ECDHE and EECDH leave out the anonymous suites, kECDHE, kEECDH and ECDH take them too
                k.addAll(List.of("KECDHE", "KEECDH", "ECDH"));
                k.addAll(au.equals("NULL") ? List.of() : List.of("ECDHE", "EECDH"));
                break;
            case "DHE":
                k.addAll(List.of("KDHE", "KEDH", "DH"));
                k.addAll(au.equals("NULL") ? List.of() : List.of("DHE", "EDH"));
                break;
            default:
                k.addAll(List.of("KRSA", "RSA"));
                break;
        }
        switch (au) {
            case "ECDSA":
                k.addAll(List.of("AECDSA", "ECDSA"));
                break;
            case "NULL":
                k.add("ANULL");
                k.add(kx.equals("ECDHE") ? "AECDH" : "ADH");
                break;
            default:
                k.add("ARSA");
                break;
        }
        int bits;
        switch (enc) {
            case "AESGCM256":
                k.addAll(List.of("AESGCM", "AES", "AES256"));
                bits = 256;
                break;
            case "AESGCM128":
                k.addAll(List.of("AESGCM", "AES", "AES128"));
                bits = 128;
                break;
            case "AES256":
                k.addAll(List.of("AES", "AES256"));
                bits = 256;
                break;
            case "AES128":
                k.addAll(List.of("AES", "AES128"));
                bits = 128;
                break;
            case "CHACHA20":
                k.add("CHACHA20");
                bits = 256;
                break;
            case "3DES":
                k.add("3DES");
                bits = 112;
                break;
            default:
                k.addAll(List.of("ENULL", "NULL", "COMPLEMENTOFALL"));
                bits = 0;
                break;
        }
        switch (mac) {
            case "SHA1":
                k.addAll(List.of("SHA1", "SHA", "SSLV3", "TLSV1", "TLSV1.0"));
                break;
            case "SHA256":
                k.addAll(List.of("SHA256", "TLSV1.2"));
                break;
            case "SHA384":
                k.addAll(List.of("SHA384", "TLSV1.2"));
                break;
            default:
                k.add("TLSV1.2");
                break;
        }
        boolean encrypted = bits > 0;
        if (bits >= 128) {
            k.add("HIGH");
        } else if (encrypted) {
            k.add("MEDIUM");
        }
        if (encrypted) {
            k.add("ALL");
        }
        boolean inDefault = encrypted && bits >= 128 && !au.equals("NULL");
        k.add(inDefault ? "DEFAULT" : encrypted ? "COMPLEMENTOFDEFAULT" : "");
        k.remove("");
        suites.add(new Suite(openSsl, iana, bits, Collections.unmodifiableSet(k)));
    }
}
