package org.perditioncamel.popmap.ldap;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A base DN or filter from perdition's LDAP URL with the places where the key goes ({@code %s}, or {@code %Ns}:
 * the key right-justified in N characters). perdition pastes the raw key into the URL text before parsing it, so a
 * key could add filter terms or URL parts; here the URL is parsed once with the places marked, and each key is
 * escaped for where it lands (RFC 4515 in a filter, RFC 4514 in a DN).
 *
 * @param literals the decoded text around the places: one more than {@code widths}
 * @param widths   each place's minimum width, 0 for plain {@code %s}
 */
public record KeyTemplate(List<String> literals, List<Integer> widths) {

    public KeyTemplate {
        literals = List.copyOf(literals);
        widths = List.copyOf(widths);
        if (literals.size() != widths.size() + 1) {
            throw new IllegalArgumentException("a key template needs one more literal than places");
        }
    }

    static KeyTemplate literal(String text) {
        return new KeyTemplate(List.of(text), List.of());
    }

    public boolean hasKey() {
        return !widths.isEmpty();
    }

    /** The text with the key, padded as perdition pads it and then escaped, in every place. */
    String expand(String key, UnaryOperator<String> escape) {
        StringBuilder out = new StringBuilder(literals.get(0));
        for (int i = 0; i < widths.size(); i++) {
            out.append(escape.apply(pad(key, widths.get(i)))).append(literals.get(i + 1));
        }
        return out.toString();
    }

    /** perdition pads with spaces on the left to the width; a longer key is kept whole. */
    static String pad(String key, int width) {
        return key.length() >= width ? key : " ".repeat(width - key.length()) + key;
    }

    /** RFC 4515 section 3: the characters that would end or widen an assertion value, and NUL. */
    static String escapeFilterValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '*' -> out.append("\\2a");
                case '(' -> out.append("\\28");
                case ')' -> out.append("\\29");
                case '\\' -> out.append("\\5c");
                case '\0' -> out.append("\\00");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** RFC 4514 section 2.4: an attribute value inside a DN, so a key cannot add RDNs or change the base. */
    static String escapeDnValue(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean edgeSpace = c == ' ' && (i == 0 || i == value.length() - 1);
            if (c == '\0') {
                out.append("\\00");
            } else if ("\"+,;<>\\=".indexOf(c) >= 0 || edgeSpace || (c == '#' && i == 0)) {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
