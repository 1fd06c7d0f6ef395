package org.perditioncamel.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.perditioncamel.log.LogSink;
import org.perditioncamel.log.Severity;

/** A log sink that keeps what it was given, for assertions. */
public final class RecordingSink implements LogSink {
    public record Line(Severity severity, String message) {
    }

    public final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void write(Severity severity, String message) {
        lines.add(new Line(severity, message));
    }

    public List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }
}
