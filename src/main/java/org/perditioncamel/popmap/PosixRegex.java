package org.perditioncamel.popmap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A POSIX extended regular expression as glibc's regcomp(REG_EXTENDED|REG_NEWLINE) reads it, run on
 * java.util.regex: the syntax is translated (bracket expressions with {@code [:class:]}, {@code \} literal inside
 * brackets, stacked quantifiers such as {@code a*?} meaning {@code (a*)?} and not a lazy {@code a*}), and a match is
 * leftmost-longest: the leftmost start, then the longest end at which the whole expression still matches.
 * <p>
 * Limit: the overall match is POSIX's, but subexpressions inside it are assigned as Java's backtracking finds them
 * (leftmost-first), which differs from POSIX only when an alternation or quantifier inside a group could give that
 * group a longer text with the same overall match, e.g. {@code (a|ab)(b*)} on {@code ab}: POSIX $1 is {@code ab},
 * here it is {@code a}. Collating elements {@code [.x.]} and equivalence classes {@code [=x=]} stand for x itself.
 */
final class PosixRegex {
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s\\x{0B}"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"));

    private final String source;
    private final Pattern pattern;

    private PosixRegex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    /** IllegalArgumentException, with regcomp's kind of reason, for what glibc would refuse. */
    static PosixRegex compile(String ere) {
        String translated = new Translator(ere).run();
        try {
            return new PosixRegex(ere, Pattern.compile(translated, Pattern.MULTILINE));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression " + ere + ": " + e.getDescription(), e);
        }
    }

    /** The leftmost-longest match, or null. */
    Match match(String input) {
        try {
            return leftmostLongest(input);
        } catch (StackOverflowError e) {
            // java.util.regex recurses per repetition of a group: a long key can exhaust the thread's stack
            throw new TooDeep("regular expression " + source + " needs more stack than a lookup has, for a key of "
                    + input.length() + " characters");
        }
    }

    private Match leftmostLongest(String input) {
        Matcher m = pattern.matcher(input);
        // ^ and $ only at the real ends (and at newlines, REG_NEWLINE), \b sees past the region
        m.useAnchoringBounds(false).useTransparentBounds(true);
        if (!m.find()) {
            return null;
        }
        int start = m.start();
        int firstEnd = m.end();
        for (int end = input.length(); end > firstEnd; end--) {
            m.region(start, end);
            if (m.matches()) {
                return Match.of(m);
            }
        }
        m.region(start, firstEnd);
        m.matches();
        return Match.of(m);
    }

    @Override
    public String toString() {
        return source;
    }

    /** Matching this key would overflow the stack: the lookup fails, the thread goes on. */
    static final class TooDeep extends RuntimeException {
        TooDeep(String message) {
            super(message, null, false, false);
        }
    }

    /** One match: group 0 is the whole match; a group that took no part is null. */
    record Match(int start, int end, String[] groups) {
        static Match of(Matcher m) {
            String[] groups = new String[m.groupCount() + 1];
            for (int i = 0; i < groups.length; i++) {
                groups[i] = m.group(i);
            }
            return new Match(m.start(), m.end(), groups);
        }

        String group(int i) {
            return i < groups.length ? groups[i] : null;
        }
    }

    /** ERE text to java.util.regex text, one token at a time. */
    private static final class Translator {
        private final String ere;
        private final StringBuilder out = new StringBuilder();
        private final Deque<Integer> open = new ArrayDeque<>();
        private int i;
        private int atomStart = -1;     // where the last quantifiable atom begins in out; -1: none
        private boolean quantified;     // the last token was a quantifier
        private int groups;
        private int closedGroups;

        Translator(String ere) {
            this.ere = ere;
        }

        String run() {
            while (i < ere.length()) {
                int c = ere.codePointAt(i);
                i += Character.charCount(c);
                switch (c) {
                    case '\\' -> escape();
                    case '[' -> atom(() -> bracket());
                    case '(' -> {
                        open.push(out.length());
                        out.append('(');
                        groups++;
                        atomStart = -1;
                        quantified = false;
                        if (i < ere.length() && "*+?{".indexOf(ere.charAt(i)) >= 0) {
                            throw invalid("repetition-operator operand invalid");
                        }
                    }
                    case ')' -> {
                        if (open.isEmpty()) {
                            atom(() -> literal(')'));   // glibc: an unmatched ) is an ordinary character
                        } else {
                            out.append(')');
                            atomStart = open.pop();
                            closedGroups++;
                            quantified = false;
                        }
                    }
                    case '*', '+', '?' -> quantifier(Character.toString(c));
                    case '{' -> quantifier(interval());
                    case '|' -> {
                        out.append('|');
                        atomStart = -1;
                        quantified = false;
                        if (i < ere.length() && "*+?{".indexOf(ere.charAt(i)) >= 0) {
                            throw invalid("repetition-operator operand invalid");
                        }
                    }
                    case '^', '$' -> {
                        out.append((char) c);
                        atomStart = -1;
                        quantified = false;
                    }
                    case '.' -> atom(() -> out.append("[^\\n]"));    // REG_NEWLINE: . never matches a newline
                    default -> atom(() -> literal(c));
                }
            }
            if (!open.isEmpty()) {
                throw invalid("unmatched ( or \\(");
            }
            return out.toString();
        }

        private void atom(Runnable emit) {
            atomStart = out.length();
            quantified = false;
            emit.run();
        }

        private void quantifier(String q) {
            if (atomStart < 0) {
                throw invalid("repetition-operator operand invalid");
            }
            if (quantified) {
                // a*? is (a*)? in POSIX; in Java it would be a lazy a*
                out.insert(atomStart, "(?:").append(')');
            }
            out.append(q);
            quantified = true;
        }

        /** After {: m}, {m,} or {m,n}, as a Java quantifier; anything else is regcomp's "invalid interval". */
        private String interval() {
            int close = ere.indexOf('}', i);
            if (close < 0 || !ere.substring(i, close).matches("\\d+(,\\d*)?")) {
                throw invalid("invalid content of \\{\\}");
            }
            String body = ere.substring(i, close);
            i = close + 1;
            String[] bounds = body.split(",", -1);
            if (bounds.length == 2 && !bounds[1].isEmpty() && Integer.parseInt(bounds[1]) < Integer.parseInt(bounds[0])) {
                throw invalid("invalid content of \\{\\}");
            }
            return "{" + body + "}";
        }

        private void escape() {
            if (i >= ere.length()) {
                throw invalid("trailing backslash");
            }
            int n = ere.codePointAt(i);
            i += Character.charCount(n);
            if (n >= '1' && n <= '9') {
                if (n - '0' > closedGroups) {
                    throw invalid("invalid back reference");
                }
                atom(() -> out.append('\\').append((char) n));
            } else if ("wWsS".indexOf(n) >= 0) {
                atom(() -> out.append('\\').append((char) n));     // GNU extensions glibc accepts
            } else if ("bB".indexOf(n) >= 0) {
                out.append('\\').append((char) n);
                atomStart = -1;
                quantified = false;
            } else if (n == '<' || n == '>' || n == '`' || n == '\'') {
                out.append(switch (n) {
                    case '<' -> "\\b(?=\\w)";
                    case '>' -> "\\b(?<=\\w)";
                    case '`' -> "\\A";
                    default -> "\\z";
                });
                atomStart = -1;
                quantified = false;
            } else {
                atom(() -> literal(n));
            }
        }

        /** A bracket expression; i is just after the [. */
        private void bracket() {
            StringBuilder cls = new StringBuilder("[");
            if (i < ere.length() && ere.charAt(i) == '^') {
                cls.append("^\\n");     // REG_NEWLINE: a non-matching list never matches a newline
                i++;
            }
            boolean first = true;
            while (true) {
                if (i >= ere.length()) {
                    throw invalid("unmatched [ or [^");
                }
                char c = ere.charAt(i);
                if (c == ']' && !first) {
                    i++;
                    break;
                }
                first = false;
                if (c == '[' && i + 1 < ere.length() && ere.charAt(i + 1) == ':') {
                    int end = ere.indexOf(":]", i + 2);
                    if (end < 0) {
                        throw invalid("unmatched [ or [^");
                    }
                    String name = ere.substring(i + 2, end);
                    String java = CLASSES.get(name);
                    if (java == null) {
                        throw invalid("invalid character class name " + name);
                    }
                    cls.append(java);
                    i = end + 2;
                    continue;
                }
                int low = element();
                if (i + 1 < ere.length() && ere.charAt(i) == '-' && ere.charAt(i + 1) != ']') {
                    i++;
                    int high = element();
                    if (high < low) {
                        throw invalid("invalid range end");
                    }
                    cls.append(hex(low)).append('-').append(hex(high));
                } else {
                    cls.append(hex(low));
                }
            }
            out.append(cls).append(']');
        }

        /** One character of a bracket expression: itself, or the x of [.x.] and [=x=]. */
        private int element() {
            if (ere.charAt(i) == '[' && i + 1 < ere.length() && (ere.charAt(i + 1) == '.' || ere.charAt(i + 1) == '=')) {
                char kind = ere.charAt(i + 1);
                int end = ere.indexOf(kind + "]", i + 2);
                if (end < 0 || ere.codePointCount(i + 2, end) != 1) {
                    throw invalid("invalid collation character");
                }
                int c = ere.codePointAt(i + 2);
                i = end + 2;
                return c;
            }
            int c = ere.codePointAt(i);
            i += Character.charCount(c);
            return c;
        }

        private void literal(int c) {
            out.append(Character.isLetterOrDigit(c) ? new String(Character.toChars(c)) : hex(c));
        }

        private static String hex(int c) {
            return "\\x{" + Integer.toHexString(c) + "}";
        }

        private IllegalArgumentException invalid(String reason) {
            return new IllegalArgumentException("invalid regular expression " + ere + ": " + reason);
        }
    }
}
