package org.perditioncamel.popmap;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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

    /**
     * How many characters java.util.regex may read from the key for one lookup of one rule. Backtracking reads the
     * key over and over, so this bounds the time: a nested repetition such as {@code ^(([^@]*)+)+$} on a key it
     * does not match would otherwise take minutes (exponential), which on the lookup's thread is a hang. Ten million
     * reads are about 0.1 s on one core; an ordinary rule on a user name of a few hundred characters reads at
     * most some hundred thousand.
     */
    static final long STEP_BUDGET = 10_000_000;
    /** And at most this long (the budget checks the clock between reads of the key). */
    static final long TIME_BUDGET_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /**
     * Repetitions of repetitions nested deeper than this are refused when the rule is read: between two reads of the
     * key, java.util.regex's work grows exponentially with the depth, beyond what the budget can interrupt.
     */
    static final int MAX_NESTED_REPETITIONS = 4;
    /** The largest count in an interval {m,n}, glibc's RE_DUP_MAX. */
    static final int RE_DUP_MAX = 0x7fff;

    /** The leftmost-longest match, or null; TooCostly when it would take more stack or time than a lookup has. */
    Match match(String input) {
        return match(input, STEP_BUDGET);
    }

    Match match(String input, long stepBudget) {
        try {
            return leftmostLongest(new Budgeted(input, stepBudget, System.nanoTime() + TIME_BUDGET_NANOS));
        } catch (StackOverflowError e) {
            // java.util.regex recurses per repetition of a group: a long key can exhaust the thread's stack
            throw new TooCostly("regular expression " + source + " needs more stack than a lookup has, for a key of "
                    + input.length() + " characters");
        } catch (Budgeted.Spent e) {
            throw new TooCostly("regular expression " + source + " gave up after " + e.getMessage()
                    + " of backtracking, for a key of " + input.length() + " characters");
        }
    }

    private Match leftmostLongest(Budgeted input) {
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

    /**
     * The key as java.util.regex reads it, one charAt per step, with a budget of steps: the matcher has no deadline
     * of its own and cannot be interrupted, but it reads every character through charAt.
     */
    private static final class Budgeted implements CharSequence {
        private final String text;
        private final long budget;
        private final long deadline;
        private long steps;

        Budgeted(String text, long budget, long deadline) {
            this.text = text;
            this.budget = budget;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if (++steps > budget) {
                throw new Spent(budget + " steps");
            }
            if ((steps & 0x3ff) == 0 && System.nanoTime() - deadline > 0) {
                throw new Spent(TimeUnit.NANOSECONDS.toMillis(TIME_BUDGET_NANOS) + " ms");
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        /** Thrown through java.util.regex to stop the match; no stack trace, it is expected. */
        static final class Spent extends RuntimeException {
            Spent(String what) {
                super(what, null, false, false);
            }
        }
    }

    @Override
    public String toString() {
        return source;
    }

    /** Matching this key would overflow the stack or take too long: the lookup fails, the thread goes on. */
    static final class TooCostly extends RuntimeException {
        TooCostly(String message) {
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
        // repetitions nested in one another: the last atom's, the deepest in the group being read, the enclosing ones'
        private int atomDepth;
        private int depthHere;
        private final Deque<Integer> depths = new ArrayDeque<>();
        private char lastQuantifier;    // the last token's quantifier when it was *, + or ?; 0 otherwise

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
                        depths.push(depthHere);
                        depthHere = 0;
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
                            atomDepth = depthHere;
                            depthHere = Math.max(depthHere, depths.pop());
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
            atomDepth = 0;
            quantified = false;
            emit.run();
        }

        private void quantifier(String q) {
            if (atomStart < 0) {
                throw invalid("repetition-operator operand invalid");
            }
            char simple = q.length() == 1 ? q.charAt(0) : 0;
            if (quantified && lastQuantifier != 0 && simple != 0) {
                // a*? is (a*)? in POSIX (in Java it would be a lazy a*), and (a*)? matches what a* matches: stacked
                // *, + and ? are one quantifier, the same one twice or else *. Nested in Java they would backtrack
                // exponentially on a key that does not match (a*++++ on alice).
                lastQuantifier = lastQuantifier == simple ? simple : '*';
                out.setCharAt(out.length() - 1, lastQuantifier);
                return;
            }
            if (quantified) {
                out.insert(atomStart, "(?:").append(')');
            }
            out.append(q);
            quantified = true;
            lastQuantifier = simple;
            atomDepth++;
            depthHere = Math.max(depthHere, atomDepth);
            if (atomDepth > MAX_NESTED_REPETITIONS) {
                // java.util.regex backtracks exponentially in the nesting depth between two reads of the key, where
                // the lookup's step and time budget cannot stop it; glibc would take it
                throw invalid("repetitions nested more than " + MAX_NESTED_REPETITIONS + " deep");
            }
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
            long min = count(bounds[0]);
            long max = bounds.length == 2 && !bounds[1].isEmpty() ? count(bounds[1]) : min;
            if (max < min) {
                throw invalid("invalid content of \\{\\}");
            }
            if (max > RE_DUP_MAX) {
                // glibc's limit, and Java refuses counts beyond an int (a PatternSyntaxException, found by fuzzing)
                throw invalid("regular expression too big");
            }
            return "{" + min + (bounds.length == 2 ? "," + (bounds[1].isEmpty() ? "" : Long.toString(max)) : "") + "}";
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

        /** The digits of an interval's bound; anything over RE_DUP_MAX counts as just over it. */
        private static long count(String digits) {
            String significant = digits.replaceFirst("^0+(?=.)", "");
            return significant.length() > 6 ? RE_DUP_MAX + 1 : Long.parseLong(significant);
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
