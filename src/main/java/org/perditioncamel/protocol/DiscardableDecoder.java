package org.perditioncamel.protocol;

/**
 * A client decoder that can drop what it has buffered. At STARTTLS everything the client sent after the command
 * in plaintext is thrown away, so it cannot be run as if it came over TLS (CVE-2011-0411, the command-injection
 * class of STARTTLS bugs).
 */
public interface DiscardableDecoder {
    void discardBuffered();
}
