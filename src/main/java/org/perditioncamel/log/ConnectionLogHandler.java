package org.perditioncamel.log;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * perdition's connection_logging (-C, shown only with debug): every byte read and written on one channel as
 * DEBUG lines, {@code CLIENT:}/{@code REAL:} for what the peer sent and {@code SELF:} for what the proxy wrote,
 * C-escaped. Unlike perdition, credentials are blanked unless log_passwd is always: the password of a POP3 PASS,
 * an IMAP LOGIN or AUTHENTICATE, and the literal or SASL line that follows them.
 */
public final class ConnectionLogHandler extends ChannelDuplexHandler {
    // DOTALL: a stray CR or a U+0085 (the octet 0x85 of a UTF-8 password, read as ISO-8859-1) must not end the match
    private static final Pattern CREDENTIAL = Pattern.compile(
            "^(?:(PASS) .*|(\\S+ LOGIN) .*|(\\S+ AUTHENTICATE \\S+).*|(AUTHENTICATE \"?PLAIN\"?).*|(AUTH \\S+).*)$",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A line that announces a literal: IMAP {n} or {n+}, ManageSieve {n+}. */
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d{1,19})\\+?}$");

    private final String peerLabel;
    private final Consumer<String> debug;
    private final boolean showPasswords;
    private final Redactor in = new Redactor();
    private final Redactor out = new Redactor();

    /**
     * @param peerLabel "CLIENT" on the client channel, "REAL" on the backend channel, as perdition labels them
     */
    public ConnectionLogHandler(String peerLabel, Consumer<String> debug, boolean showPasswords) {
        this.peerLabel = peerLabel;
        this.debug = debug;
        this.showPasswords = showPasswords;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf) {
            log(String.format("%-7s", peerLabel + ":"), (ByteBuf) msg, in);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf) {
            log("SELF:  ", (ByteBuf) msg, out);
        }
        ctx.write(msg, promise);
    }

    private void log(String label, ByteBuf buf, Redactor redactor) {
        if (!buf.isReadable()) {
            return;
        }
        String text = buf.toString(buf.readerIndex(), buf.readableBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        String shown = showPasswords ? text : redactor.apply(text);
        if (!shown.isEmpty()) {
            debug.accept(label + " \"" + escape(shown) + "\"");
        }
    }

    /**
     * Blanks credentials line by line; remembers when what follows is a literal (exactly its octets, whatever lines
     * they hold) or a SASL response. A line is judged only once it is complete: the part of a line that has not ended
     * yet is held back (bounded) and shown with the read that completes it, so "PA" + "SS secret" split over two reads
     * is blanked like one line.
     */
    static final class Redactor {
        /** A partial line longer than this is not a credential line we know; it is shown blanked. */
        static final int MAX_PENDING = 8192;
        /** The most octets of one literal blanked by count. */
        static final long MAX_LITERAL = 64 * 1024;

        /** The next line continues a credential command: a SASL response, or the rest of a line after a literal. */
        private boolean nextIsSecret;
        /** Octets of a credential literal still to come: blanked as they pass, line ends and all. */
        private long literalLeft;
        private final StringBuilder pending = new StringBuilder();

        String apply(String chunk) {
            pending.append(chunk);
            StringBuilder sb = new StringBuilder(pending.length());
            int start = 0;
            while (start < pending.length()) {
                if (literalLeft > 0) {
                    int take = (int) Math.min(literalLeft, pending.length() - start);
                    literalLeft -= take;
                    start += take;
                    if (literalLeft == 0) {
                        sb.append("<redacted>");
                    }
                    continue;
                }
                int lf = pending.indexOf("\n", start);
                if (lf < 0) {
                    break;
                }
                sb.append(line(pending.substring(start, lf + 1)));
                start = lf + 1;
            }
            pending.delete(0, start);
            if (pending.length() > MAX_PENDING) {
                sb.append("<").append(pending.length()).append(" bytes without end of line, not shown>");
                pending.setLength(0);
                nextIsSecret = false;
            }
            return sb.toString();
        }

        private String line(String line) {
            String body = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
                    : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
            String eol = line.substring(body.length());
            if (nextIsSecret) {
                nextIsSecret = literalFollows(body);
                return body.isEmpty() ? eol : "<redacted>" + eol;   // the end of a command after its last literal
            }
            var m = CREDENTIAL.matcher(body);
            if (!m.matches()) {
                return line;
            }
            String keep = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2)
                    : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
            // a literal still to come, or SASL without an initial response: what follows is secret too
            nextIsSecret = literalFollows(body) || body.toUpperCase(Locale.ROOT).trim().endsWith(keep.toUpperCase(Locale.ROOT));
            return keep + " <redacted>" + eol;
        }

        /** Whether this credential line announces a literal; its octets are then blanked by count, then the rest. */
        private boolean literalFollows(String body) {
            var m = LITERAL.matcher(body.trim());
            if (!m.find()) {
                return false;
            }
            // bounded: the proxy refuses a literal over 8 KiB before login (no continuation, no data follows), so the
            // client's next commands must not be blanked for whatever count it announced; a credential literal the
            // proxy takes or sends (a SASL response of two names and a password in base64) stays under the bound
            try {
                literalLeft = Math.min(Long.parseLong(m.group(1)), MAX_LITERAL);
            } catch (NumberFormatException e) {
                literalLeft = MAX_LITERAL;
            }
            return true;
        }
    }

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r': sb.append("\\r"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                default:
                    if (c < 0x20 || c >= 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
