package org.perditioncamel.events;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A log sink that keeps what it was given, for assertions. */
final class RecordingSink implements LogSink {
    record Line(Severity severity, String message) {
    }

    final List<Line> lines = new CopyOnWriteArrayList<>();

    @Override
    public void write(Severity severity, String message) {
        lines.add(new Line(severity, message));
    }

    List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }
}
