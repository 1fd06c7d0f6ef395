package org.perditioncamel.popmap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlatFilePopmapTest {
    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong();

    private Path write(String content) throws IOException {
        Path file = dir.resolve("popmap");
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        return file;
    }

    private FlatFilePopmap popmap(String content) throws IOException {
        return new FlatFilePopmap(write(content), clock::get);
    }

    @Test
    void lookupShouldSplitAtFirstColon() throws IOException {
        FlatFilePopmap popmap = popmap("alice:alice@[::1]:143\nbob:host:110\n");
        assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("alice@[::1]:143"));
        assertThat(popmap.lookup("bob")).isEqualTo(new LookupResult.Found("host:110"));
    }

    @Test
    void lookupShouldNotTrimKeysOrValues() throws IOException {
        FlatFilePopmap popmap = popmap(" carol : host \n");
        assertThat(popmap.lookup(" carol ")).isEqualTo(new LookupResult.Found(" host "));
        assertThat(popmap.lookup("carol")).isEqualTo(new LookupResult.NotFound());
    }

    @Test
    void lookupShouldTreatCommentLinesAsKeys() throws IOException {
        FlatFilePopmap popmap = popmap("# comment:x\n# no colon here\nhorms:localhost\n");
        assertThat(popmap.lookup("# comment")).isEqualTo(new LookupResult.Found("x"));
        assertThat(popmap.lookup("horms")).isEqualTo(new LookupResult.Found("localhost"));
    }

    @Test
    void lookupShouldKeepFirstOfDuplicateKeys() throws IOException {
        FlatFilePopmap popmap = popmap("dup:first\ndup:second\n");
        assertThat(popmap.lookup("dup")).isEqualTo(new LookupResult.Found("first"));
    }

    @Test
    void lookupShouldSkipLinesMakegdbmRejects() throws IOException {
        FlatFilePopmap popmap = popmap(":nokey\nnovalue:\n \t\n\nlast:line-without-newline");
        assertThat(popmap.lookup("")).isEqualTo(new LookupResult.NotFound());
        assertThat(popmap.lookup("novalue")).isEqualTo(new LookupResult.NotFound());
        assertThat(popmap.lookup("last")).isEqualTo(new LookupResult.Found("line-without-newline"));
    }

    @Test
    void lookupShouldKeepCarriageReturnAsMakegdbmDoes() throws IOException {
        FlatFilePopmap popmap = popmap("crlf:host\r\n");
        assertThat(popmap.lookup("crlf")).isEqualTo(new LookupResult.Found("host\r"));
    }

    @Test
    void lookupShouldSeeChangedFileWithoutRestart() throws IOException {
        Path file = write("alice:old-host\n");
        FlatFilePopmap popmap = new FlatFilePopmap(file, clock::get);
        assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("old-host"));

        Files.write(file, "alice:new-host\nbob:b\n".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(popmap.lookup("alice")).as("checked at most once a second")
                .isEqualTo(new LookupResult.Found("old-host"));

        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("new-host"));
        assertThat(popmap.lookup("bob")).isEqualTo(new LookupResult.Found("b"));
    }

    @Test
    void lookupShouldFailWhileFileIsMissingAndRecoverWhenItReturns() throws IOException {
        Path file = dir.resolve("popmap");
        FlatFilePopmap popmap = new FlatFilePopmap(file, clock::get);
        assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Failed.class);
        assertThat(popmap.lookup("alice").status()).isEqualTo("failed");

        write("alice:host\n");
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("alice")).isEqualTo(new LookupResult.Found("host"));

        Files.delete(file);
        clock.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(popmap.lookup("alice")).isInstanceOf(LookupResult.Failed.class);
    }

    @Test
    void lookupShouldReadUtf8Keys() throws IOException {
        FlatFilePopmap popmap = popmap("jürgen:host\n");
        assertThat(popmap.lookup("jürgen")).isEqualTo(new LookupResult.Found("host"));
    }

    /** domain_delimiter %: the user part ends at the last %, so an @ in it is the user's and [v6]:port the server. */
    @Test
    void startUpCheckShouldSplitTheUserAtDomainDelimiter() {
        String text = "a:bob@corp%[2001:db8::1]:110\n";
        assertThat(FlatFilePopmap.parse(text, Path.of("popmap"), true, "%")).containsEntry("a", "bob@corp%[2001:db8::1]:110");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FlatFilePopmap.parse(text, Path.of("popmap"), true, "@"))
                .hasMessageContaining("popmap:1");
    }
}
