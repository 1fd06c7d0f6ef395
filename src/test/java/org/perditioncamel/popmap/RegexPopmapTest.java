package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegexPopmapTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    private Path write(String content) throws IOException {
        Path file = dir.resolve("popmap.re");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private RegexPopmap popmap(String content, boolean keepPrefix) throws IOException {
        return new RegexPopmap(write(content), keepPrefix, clock::get);
    }

    @Test
    void lookupShouldSubstituteGroupsOfTheFirstMatchingRule() throws IOException {
        RegexPopmap popmap = popmap(String.join("\n",
                "# users of the east side",
                "^([^@]*)@east\\\\.example$:  $1@imap-east.example:1143",
                "^([^.]*)\\\\.([^@]*)@(.*)$   $2_$1@$3",
                "^(.*)$ $0@default.example",
                ""), false);

        assertThat(popmap.lookup("alice@east.example")).isEqualTo(new LookupResult.Found("alice@imap-east.example:1143"));
        assertThat(popmap.lookup("bob.smith@west.example")).isEqualTo(new LookupResult.Found("smith_bob@west.example"));
        assertThat(popmap.lookup("carol")).isEqualTo(new LookupResult.Found("carol@default.example"));
    }

    @Test
    void theShippedExampleShouldReadAndAnswer() {
        RegexPopmap popmap = RegexPopmap.open(Path.of("config/popmap.re.example"), false);
        assertThat(popmap.lookup("alice@east.example.com")).isEqualTo(new LookupResult.Found("alice@imap-east.example.com"));
        assertThat(popmap.lookup("bob@west.example.com")).isEqualTo(new LookupResult.Found("imap-west.example.com:1143"));
        assertThat(popmap.lookup("carol")).isEqualTo(new LookupResult.Found("imap-local.example.com"));
        assertThat(popmap.lookup("dave@example.org")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void lookupShouldMissWhenNoRuleMatches() throws IOException {
        assertThat(popmap("^alice$ host1\n", false).lookup("bob")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void substitutionShouldKeepDollarsThatAreNoGroup() throws IOException {
        RegexPopmap popmap = popmap("'^(a)|(b)$' x$2y$z$\n", false);
        assertThat(popmap.lookup("a")).isEqualTo(new LookupResult.Found("x$2y$z$"));
    }

    @Test
    void extraFieldsOnALineShouldBeFurtherRules() throws IOException {
        RegexPopmap popmap = popmap("^a$ host-a ^b$: host-b\n", false);
        assertThat(popmap.lookup("b")).isEqualTo(new LookupResult.Found("host-b"));
    }

    @Test
    void anIndentedRuleShouldStillBeARule() throws IOException {
        RegexPopmap popmap = popmap("^a$ host-a\n  ^b$: host-b\n\t\"^c d$\": host-cd\n", false);
        assertThat(popmap.lookup("b")).isEqualTo(new LookupResult.Found("host-b"));
        assertThat(popmap.lookup("c d")).as("a quoted regex with a blank, indented").isEqualTo(new LookupResult.Found("host-cd"));
    }

    @Test
    void keepPrefixShouldAnswerAsPerditionDoes() throws IOException {
        assertThat(popmap("flim: localhost\n", true).lookup("itsflimless")).isEqualTo(new LookupResult.Found("itslocalhost"));
        assertThat(popmap("(.)@(.*): $2\n", true).lookup("user@dom.ain")).isEqualTo(new LookupResult.Found("usedom.ain"));
        assertThat(popmap("flim: localhost\n", false).lookup("itsflimless")).isEqualTo(new LookupResult.Found("localhost"));
    }

    @Test
    void keepPrefixShouldKeepPerditionsEmptyMatchQuirks() throws IOException {
        assertThat(popmap("x*: host\n", true).lookup("alice")).isEqualTo(new LookupResult.Found("hosta"));
        assertThat(popmap("$: host\n", true).lookup("alice")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void openShouldNameFileAndLineOfABadRegex() throws IOException {
        Path file = write("^ok$ host\n\n^(bad host\n");
        assertThatThrownBy(() -> RegexPopmap.open(file, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("popmap " + file + ":3: invalid regular expression ^(bad");
    }

    @Test
    void openShouldNameFileAndLineOfARuleWithoutSubstitution() throws IOException {
        Path file = write("^ok$ host\n^lonely$\n");
        assertThatThrownBy(() -> RegexPopmap.open(file, false))
                .hasMessage("popmap " + file + ":2: a regular expression without its substitution");
    }

    @Test
    void openShouldRefuseAMissingFile() {
        assertThatThrownBy(() -> RegexPopmap.open(dir.resolve("nope.re"), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope.re cannot be read: no such file");
    }

    @Test
    void lookupShouldSeeAChangedFileAndKeepTheLastGoodRulesAfterABadEdit() throws IOException {
        RegexPopmap popmap = popmap("^a$ old\n", false);
        assertThat(popmap.lookup("a")).isEqualTo(new LookupResult.Found("old"));

        write("^a$ new-host\n");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("a")).isEqualTo(new LookupResult.Found("new-host"));

        write("^a$ broken (\n^(a$ x\n");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("a")).isEqualTo(new LookupResult.Found("new-host"));

        Files.delete(dir.resolve("popmap.re"));
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("a")).isInstanceOf(LookupResult.Failed.class);
    }

    /**
     * Found by PopmapFileFuzzTest: java.util.regex recurses per repetition of a group, so a rule such as ^(a|b)*$ and
     * a long key overflowed the stack of the thread doing the lookup. Now the lookup fails and the thread goes on.
     */
    @Test
    void regexThatOverflowsTheStackShouldFailTheLookupNotTheThread() throws IOException {
        RegexPopmap popmap = popmap("^(a|b)*$ deep.example.com\n^x short.example.com\n", false);
        assertThat(popmap.lookup("ab".repeat(200_000))).isInstanceOf(LookupResult.Failed.class);
        assertThat(popmap.lookup("abab")).isEqualTo(new LookupResult.Found("deep.example.com"));
    }

    /**
     * Found by PopmapFileFuzzTest (fuzz/open-findings/regex-rule-exponential-time until it was fixed): a rule with
     * stacked repetitions, ^([^@]*++++…)@west\.example\.com$, made java.util.regex backtrack for minutes on a key
     * it does not match, holding the lookup's thread. Stacked quantifiers are now one quantifier, as they mean.
     */
    @Test
    void stackedRepetitionsThatBacktrackedForMinutesShouldMissAtOnce() throws IOException {
        RegexPopmap popmap = popmap("^([^@]*" + "+".repeat(57) + ")@west\\.example\\.com$ imap-west\n"
                + "^([^@]*)$ plain.example.com\n", false);
        long started = System.nanoTime();
        assertThat(popmap.lookup("alice-has-a-longer-name")).isEqualTo(new LookupResult.Found("plain.example.com"));
        assertThat(popmap.lookup("bob@west.example.com")).isEqualTo(new LookupResult.Found("imap-west"));
        assertThat(System.nanoTime() - started).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    /**
     * Whatever backtracking remains possible is bounded: a lookup that would read the key more than the step budget
     * allows, or run past the time budget, fails (as a failed source does: the client gets a temporary failure) with
     * one WARNING naming the rule, and the next lookup is answered.
     */
    @Test
    void regexThatBacktracksPastItsBudgetShouldFailTheLookupNotHoldTheThread() throws IOException {
        RegexPopmap popmap = popmap("^(([^@]*)*)*@west$ imap-west\n", false);
        long started = System.nanoTime();
        LookupResult result = popmap.lookup("alice-has-a-much-longer-name-than-most");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(result).isInstanceOf(LookupResult.Failed.class);
        assertThat(((LookupResult.Failed) result).reason()).startsWith("regular expression ^(([^@]*)*)*@west$ gave up after ")
                .endsWith(" of backtracking, for a key of 38 characters");
        // 250 ms on the clock; generous for a loaded machine
        assertThat(tookMillis).isLessThan(TimeUnit.SECONDS.toMillis(5));
        assertThat(popmap.lookup("bob@west")).isEqualTo(new LookupResult.Found("imap-west"));
    }

    @Test
    void ordinaryRulesShouldStayFarInsideTheStepBudget() {
        PosixRegex rule = PosixRegex.compile("^([^@]*)@(.*)\\.example\\.com$");
        // a miss on a 512-character key: every start, every end
        assertThat(rule.match("a".repeat(512), PosixRegex.STEP_BUDGET / 10)).isNull();
        assertThat(rule.match("bob@west.example.com", 1_000).group(2)).isEqualTo("west");
    }
}
