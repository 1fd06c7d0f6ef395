package org.perditioncamel.tls;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** The private key passphrase: the first line of ssl_passphrase_file or of file descriptor ssl_passphrase_fd. */
final class Passphrase {
    private static final int MAX_LENGTH = 4096;

    /**
     * Lines read from descriptors, by descriptor, for the whole process: each protocol's listener has its own
     * Passphrase, and the second must not find the descriptor at its end (POP3S and IMAP4S with one piped passphrase).
     */
    private static final java.util.Map<Integer, char[]> FROM_FD = new java.util.HashMap<>();

    private final Optional<Path> file;
    private final int fd;

    Passphrase(Optional<Path> file, int fd) {
        this.file = file;
        this.fd = fd;
    }

    static Passphrase from(TlsSettings settings) {
        Optional<Path> file = settings.passphraseFile();
        int fd = settings.passphraseFd();
        if (fd < 0) {
            throw new IllegalArgumentException("ssl_passphrase_fd must not be negative: " + fd);
        }
        // 0 is also the default, so only another descriptor conflicts with a file
        if (file.isPresent() && fd != 0) {
            throw new IllegalArgumentException("ssl_passphrase_fd and ssl_passphrase_file are mutually exclusive");
        }
        return new Passphrase(file, fd);
    }

    /** Tests only: forget the lines read from descriptors, as a new process would not have them. */
    static void forgetDescriptors() {
        synchronized (FROM_FD) {
            FROM_FD.values().forEach(line -> Arrays.fill(line, '\0'));
            FROM_FD.clear();
        }
    }

    /** The file to watch for reloads, if the passphrase comes from one. */
    Optional<Path> file() {
        return file;
    }

    /** Where the passphrase comes from, for messages (never the passphrase itself). */
    String source() {
        return file.map(f -> "ssl_passphrase_file " + f).orElse("ssl_passphrase_fd " + fd);
    }

    /**
     * The passphrase; the caller wipes its copy after use. A descriptor can be read only once, so its line is kept
     * for certificate reloads; a file is read again each time.
     */
    char[] get(Path keyFile) {
        if (file.isPresent()) {
            try (InputStream in = Files.newInputStream(file.get())) {
                return firstLine(in);
            } catch (IOException e) {
                throw new IllegalArgumentException("ssl_passphrase_file " + file.get() + ": cannot read: " + e);
            }
        }
        synchronized (FROM_FD) {
            return FROM_FD.computeIfAbsent(fd, d -> readFd(keyFile)).clone();
        }
    }

    private char[] readFd(Path keyFile) {
        if (fd == 0) {
            Console console = System.console();
            if (console != null) {
                char[] typed = console.readPassword("Passphrase for %s: ", keyFile);
                return typed == null ? new char[0] : typed;
            }
            try {
                return firstLine(System.in);
            } catch (IOException e) {
                throw new IllegalArgumentException("ssl_passphrase_fd 0: cannot read standard input: " + e);
            }
        }
        // Java cannot wrap a raw descriptor without --add-opens; /proc/self/fd/N (Linux) reopens its file or pipe
        try (InputStream in = Files.newInputStream(Path.of("/proc/self/fd/" + fd))) {
            return firstLine(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("ssl_passphrase_fd " + fd + ": cannot read: " + e);
        }
    }

    /** Bytes up to the first LF (a CR before it is dropped), read one at a time so nothing after it is consumed. */
    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n' && line.size() < MAX_LENGTH) {
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            length--;
        }
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] out = Arrays.copyOf(chars.array(), chars.limit());
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(chars.array(), '\0');
        return out;
    }
}
