package org.perditioncamel.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perditioncamel.session.SessionEvent;
import org.perditioncamel.log.PerditionLog;
import org.perditioncamel.log.Severity;
import org.perditioncamel.log.LogPasswd;
import org.perditioncamel.testing.RecordingSink;

class EventOutboxTest {
    @TempDir
    Path dir;

    private final RecordingSink sink = new RecordingSink();
    private final PerditionLog log = new PerditionLog(sink, false, false, LogPasswd.NEVER);

    @Test
    void appendShouldWriteOneFilePerEventWithNamesInPublishOrder() throws Exception {
        EventOutbox outbox = new EventOutbox(dir, 1 << 20, log);

        assertThat(outbox.append("{\"n\":1}", SessionEvent.Type.CONNECT)).isTrue();
        assertThat(outbox.append("{\"n\":2}", SessionEvent.Type.AUTH)).isTrue();
        assertThat(outbox.append("{\"n\":3}", SessionEvent.Type.CLOSE_NULL)).isTrue();

        List<Path> files = files();
        assertThat(files).extracting(f -> f.getFileName().toString())
                .allMatch(name -> EventOutbox.FILE_NAME.matcher(name).matches())
                .satisfies(names -> assertThat(names.get(0)).endsWith("-connect.json"))
                .satisfies(names -> assertThat(names.get(1)).endsWith("-auth.json"))
                .satisfies(names -> assertThat(names.get(2)).endsWith("-close_null.json"));
        assertThat(Files.readString(files.get(2))).isEqualTo("{\"n\":3}");
        assertThat(outbox.spooledBytes()).isEqualTo(3 * EventOutbox.BLOCK);
    }

    @Test
    void appendShouldRefuseAndSayErrWhenTheBoundIsReached() throws Exception {
        EventOutbox outbox = new EventOutbox(dir, 2 * EventOutbox.BLOCK, log);

        assertThat(outbox.append("{}", SessionEvent.Type.AUTH)).isTrue();
        assertThat(outbox.append("{}", SessionEvent.Type.AUTH)).isTrue();
        assertThat(outbox.append("{}", SessionEvent.Type.CLOSE)).isFalse();
        assertThat(outbox.append("{}", SessionEvent.Type.CLOSE)).isFalse();

        assertThat(files()).hasSize(2);
        assertThat(outbox.rejected()).isEqualTo(2);
        // one ERR line for the episode, not one per event
        assertThat(sink.lines).hasSize(1);
        assertThat(sink.lines.get(0).severity()).isEqualTo(Severity.ERR);
        assertThat(sink.lines.get(0).message()).contains("is full").contains("events.spool_max_bytes")
                .contains("close event not kept");
    }

    @Test
    void deliveredShouldMakeRoomAgain() {
        EventOutbox outbox = new EventOutbox(dir, EventOutbox.BLOCK, log);
        assertThat(outbox.append("{}", SessionEvent.Type.AUTH)).isTrue();
        assertThat(outbox.append("{}", SessionEvent.Type.AUTH)).isFalse();

        outbox.delivered(2);

        assertThat(outbox.append("{}", SessionEvent.Type.AUTH)).isTrue();
    }

    @Test
    void aNewOutboxShouldCountWhatIsLeftAndContinueAfterIt() throws Exception {
        Files.writeString(dir.resolve("5000000000000000000-auth.json"), "{}");
        Files.writeString(dir.resolve(".0000000000000000001-auth.json.tmp"), "{\"half");

        EventOutbox outbox = new EventOutbox(dir, 1 << 20, log);
        assertThat(outbox.spooledBytes()).isEqualTo(EventOutbox.BLOCK);
        assertThat(dir.resolve(".0000000000000000001-auth.json.tmp")).doesNotExist();

        outbox.append("{}", SessionEvent.Type.CLOSE);
        assertThat(files()).extracting(f -> f.getFileName().toString()).last().asString()
                .endsWith("-close.json").isGreaterThan("5000000000000000000-auth.json");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
