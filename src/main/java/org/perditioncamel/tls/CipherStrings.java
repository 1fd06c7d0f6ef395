package org.perditioncamel.tls;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.perditioncamel.tls.CipherSuiteTable.Suite;

/** Turns an OpenSSL cipher string into the JSSE suite names a TLS provider offers (docs/tls.md). */
public final class CipherStrings {

    private CipherStrings() {
    }

    /**
     * The suites {@code cipherString} selects that {@code available} contains, TLS 1.3 suites first, then the
     * TLS 1.2 suites in the cipher string's order.
     *
     * @param option the option name for messages, e.g. ssl_listen_ciphers
     * @throws IllegalArgumentException for an unknown keyword, or when no TLS 1.2 suite is left
     */
    public static List<String> toJsse(String option, String cipherString, Collection<String> available) {
        List<Suite> selected = select(option, cipherString);
        List<String> out = new ArrayList<>();
        for (String suite : CipherSuiteTable.TLS13) {
            if (available.contains(suite)) {
                out.add(suite);
            }
        }
        int tls13 = out.size();
        for (Suite suite : selected) {
            if (available.contains(suite.ianaName())) {
                out.add(suite.ianaName());
            }
        }
        if (out.size() == tls13) {
            throw new IllegalArgumentException(option + " " + cipherString
                    + " selects no TLS 1.2 cipher suite this TLS provider offers");
        }
        return out;
    }

    /** The OpenSSL names the string selects, in order, before the provider filter (for tests and docs). */
    static List<String> openSslNames(String cipherString) {
        List<String> names = new ArrayList<>();
        for (Suite suite : select("cipher string", cipherString)) {
            names.add(suite.openSslName());
        }
        return names;
    }

    /**
     * OpenSSL's algorithm: one list of every suite, each active or not. Adding moves inactive matches to the end,
     * {@code -} deactivates and moves them to the front (so re-adding restores their order), {@code !} removes
     * them for good, {@code +} moves active matches to the end, {@code @STRENGTH} sorts the active ones.
     */
    private static List<Suite> select(String option, String cipherString) {
        LinkedList<Suite> list = new LinkedList<>(CipherSuiteTable.all());
        Set<Suite> active = new HashSet<>();
        for (String element : cipherString.trim().split("[:, ]+")) {
            if (element.isEmpty()) {
                continue;
            }
            if (element.startsWith("@")) {
                command(option, cipherString, element, list, active);
                continue;
            }
            char op = element.charAt(0);
            String body = (op == '!' || op == '-' || op == '+') ? element.substring(1) : element;
            Set<Suite> matching = matching(option, cipherString, body);
            List<Suite> snapshot = new ArrayList<>(list);
            switch (op) {
                case '!':
                    list.removeAll(matching);
                    active.removeAll(matching);
                    break;
                case '-':
                    Collections.reverse(snapshot);
                    for (Suite suite : snapshot) {
                        if (matching.contains(suite) && active.remove(suite)) {
                            list.remove(suite);
                            list.addFirst(suite);
                        }
                    }
                    break;
                case '+':
                    moveToEnd(list, snapshot, s -> matching.contains(s) && active.contains(s));
                    break;
                default:
                    moveToEnd(list, snapshot, s -> matching.contains(s) && active.add(s));
                    break;
            }
        }
        List<Suite> selected = new ArrayList<>();
        for (Suite suite : list) {
            if (active.contains(suite)) {
                selected.add(suite);
            }
        }
        if (selected.isEmpty()) {
            throw new IllegalArgumentException(option + " " + cipherString + " selects no cipher suite");
        }
        return selected;
    }

    private static void moveToEnd(LinkedList<Suite> list, List<Suite> snapshot, Predicate<Suite> move) {
        for (Suite suite : snapshot) {
            if (move.test(suite)) {
                list.remove(suite);
                list.addLast(suite);
            }
        }
    }

    private static void command(String option, String cipherString, String element, LinkedList<Suite> list,
                                Set<Suite> active) {
        String command = element.toUpperCase(Locale.ROOT);
        if (command.equals("@STRENGTH")) {
            // strongest first, keeping the order among equals; inactive suites stay where they are
            List<Suite> sorted = new ArrayList<>(list);
            sorted.removeIf(s -> !active.contains(s));
            sorted.sort(Comparator.comparingInt(Suite::bits).reversed());
            list.removeAll(sorted);
            list.addAll(sorted);
        } else if (!command.startsWith("@SECLEVEL=")) {
            // @SECLEVEL is OpenSSL's key-size policy; the JDK and BoringSSL apply their own
            throw new IllegalArgumentException(option + " " + cipherString + ": unknown command " + element);
        }
    }

    /** The suites one element selects; {@code A+B} is the suites matching both. */
    private static Set<Suite> matching(String option, String cipherString, String body) {
        Set<Suite> result = null;
        for (String part : body.split("\\+")) {
            Set<Suite> suites = single(option, cipherString, part);
            if (result == null) {
                result = suites;
            } else {
                result.retainAll(suites);
            }
        }
        return result == null ? new LinkedHashSet<>() : result;
    }

    private static Set<Suite> single(String option, String cipherString, String word) {
        Set<Suite> out = new LinkedHashSet<>();
        Optional<Suite> named = CipherSuiteTable.byName(word);
        if (named.isPresent()) {
            out.add(named.get());
            return out;
        }
        String keyword = word.toUpperCase(Locale.ROOT);
        boolean known = false;
        for (Suite suite : CipherSuiteTable.all()) {
            if (suite.keywords().contains(keyword)) {
                out.add(suite);
                known = true;
            }
        }
        // an unknown suite name (it has a dash or is a TLS 1.3 or other IANA name) selects nothing, as in OpenSSL;
        // an unknown keyword is more likely a typo, so it is refused
        if (!known && !CipherSuiteTable.EMPTY_KEYWORDS.contains(keyword) && !word.contains("-")
                && !keyword.startsWith("TLS_") && !keyword.startsWith("SSL_")) {
            throw new IllegalArgumentException(option + " " + cipherString + ": unknown cipher keyword " + word);
        }
        return out;
    }
}
