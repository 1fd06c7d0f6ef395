package org.perditioncamel.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Splits a perdition.conf into (key, value) lines with perdition 2.2's grammar (libvanessa_adt config_file.c). */
public final class PerditionConfFile {
    private final String sourceName;
    private final List<ConfEntry> entries;
    private final List<String> warnings;

    private PerditionConfFile(String sourceName, List<ConfEntry> entries, List<String> warnings) {
        this.sourceName = sourceName;
        this.entries = List.copyOf(entries);
        this.warnings = List.copyOf(warnings);
    }

    /** Reads a file; status 1 if it cannot be read, 2 for a syntax error. */
    public static PerditionConfFile read(Path file) throws UsageException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageException("perdition: cannot read config file " + file + ": " + e, UsageException.IO, e);
        }
        List<String> encodingWarning = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            // perdition works on bytes, so a Latin-1 file must still load; one byte per char keeps every value.
            text = new String(bytes, StandardCharsets.ISO_8859_1);
            encodingWarning.add(file + ": not valid UTF-8, read as ISO-8859-1");
        }
        PerditionConfFile parsed = parse(text, file.toString());
        encodingWarning.addAll(parsed.warnings);
        return new PerditionConfFile(parsed.sourceName, parsed.entries, encodingWarning);
    }

    /** Unlike perdition 2.2, a last line without a newline is read (with a warning) instead of dropped. */
    public static PerditionConfFile parse(String text, String sourceName) throws UsageException {
        return new Tokenizer(text, sourceName).run();
    }

    /** The option lines in file order. */
    public List<ConfEntry> entries() {
        return entries;
    }

    /** Things that perdition 2.2 would have read differently, each prefixed with file:line. */
    public List<String> warnings() {
        return warnings;
    }

    public String sourceName() {
        return sourceName;
    }

    /** The character-level state machine; one instance per parse. */
    private static final class Tokenizer {
        private enum Part { BEFORE_KEY, KEY, BEFORE_VALUE, VALUE }

        private final String text;
        private final String source;
        private final List<ConfEntry> entries = new ArrayList<>();
        private final List<String> warnings = new ArrayList<>();

        private Part part = Part.BEFORE_KEY;
        private boolean comment;
        private boolean escape;
        private char quote;
        private boolean warnedQuotedLineEnd;
        private final StringBuilder key = new StringBuilder();
        private final StringBuilder value = new StringBuilder();
        // Trailing blanks are trimmed only back to here: escaped or quoted blanks stay.
        private int keep;
        private int line = 1;
        private int entryLine = 1;

        Tokenizer(String text, String source) {
            this.text = text;
            this.source = source;
        }

        PerditionConfFile run() throws UsageException {
            for (int i = 0; i < text.length(); i++) {
                step(text.charAt(i), i);
            }
            if (quote != 0) {
                throw UsageException.usage(source + ":" + entryLine, "unterminated " + quoteName() + " quote");
            }
            if (part != Part.BEFORE_KEY) {
                int before = entries.size();
                endEntry();
                if (entries.size() > before) {
                    warnings.add(source + ":" + entryLine + ": last line has no newline; perdition 2.2 ignores it");
                }
            }
            return new PerditionConfFile(source, entries, warnings);
        }

        private void step(char c, int index) throws UsageException {
            boolean lineEnd = c == '\n' || c == '\r';
            if (escape) {
                escape = false;
                if (lineEnd) {
                    countLine(c, index);
                } else if (!comment) {
                    append(c);
                    protect();
                }
                return;
            }
            if (comment) {
                if (c == '\\') {
                    escape = true;
                } else if (lineEnd) {
                    endLine(c, index);
                }
                return;
            }
            if (quote != 0) {
                inQuote(c, index, lineEnd);
                return;
            }
            switch (c) {
                case '\\':
                    escape = true;
                    start();
                    break;
                case '\'':
                case '"':
                    quote = c;
                    start();
                    break;
                case '#':
                    comment = true;
                    break;
                case ' ':
                case '\t':
                    if (part == Part.BEFORE_KEY) {
                        // libvanessa_adt: a blank ends the (empty) key, so an indented word is a value, not a key.
                        part = Part.BEFORE_VALUE;
                        entryLine = line;
                    } else if (part == Part.KEY) {
                        part = Part.BEFORE_VALUE;
                    } else if (part == Part.VALUE) {
                        value.append(c);
                    }
                    break;
                case '\n':
                case '\r':
                    endLine(c, index);
                    break;
                default:
                    append(c);
                    break;
            }
        }

        private void inQuote(char c, int index, boolean lineEnd) {
            if (c == quote) {
                quote = 0;
                protect();
            } else if (c == '\\' && quote == '"') {
                escape = true;
            } else if (lineEnd) {
                // perdition drops a quoted line end and carries on with the next line.
                if (!warnedQuotedLineEnd) {
                    warnings.add(source + ":" + line + ": " + quoteName()
                            + " quote runs past the end of the line; the line end is dropped, as in perdition 2.2");
                    warnedQuotedLineEnd = true;
                }
                countLine(c, index);
            } else {
                append(c);
            }
        }

        private void start() {
            if (part == Part.BEFORE_KEY) {
                part = Part.KEY;
                entryLine = line;
            } else if (part == Part.BEFORE_VALUE) {
                part = Part.VALUE;
            }
        }

        private void append(char c) {
            start();
            (part == Part.KEY ? key : value).append(c);
        }

        private void protect() {
            if (part == Part.VALUE) {
                keep = value.length();
            }
        }

        private void endLine(char c, int index) throws UsageException {
            endEntry();
            countLine(c, index);
        }

        private void endEntry() throws UsageException {
            if (part == Part.VALUE) {
                entries.add(new ConfEntry(key.toString(), Optional.of(trimmedValue()), entryLine));
            } else if (key.length() > 0) {
                entries.add(new ConfEntry(key.toString(), Optional.empty(), entryLine));
            }
            part = Part.BEFORE_KEY;
            comment = false;
            warnedQuotedLineEnd = false;
            key.setLength(0);
            value.setLength(0);
            keep = 0;
        }

        private String trimmedValue() {
            int end = value.length();
            while (end > keep && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\t')) {
                end--;
            }
            return value.substring(0, end);
        }

        /** CR, LF and CRLF each count as one line, for messages only. */
        private void countLine(char c, int index) {
            if (c == '\n' || index + 1 >= text.length() || text.charAt(index + 1) != '\n') {
                line++;
            }
        }

        private String quoteName() {
            return quote == '\'' ? "single" : "double";
        }
    }
}
