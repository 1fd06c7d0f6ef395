package org.perditioncamel.log;

/** Carries finished syslog datagrams to the syslog daemon without ever blocking the caller. */
interface SyslogTransport extends AutoCloseable {

    void send(byte[] datagram);

    /** RFC 3164 §4.1.2: over the network the HOSTNAME field follows the timestamp; on /dev/log glibc leaves it out. */
    boolean wantsHostname();

    String describe();

    @Override
    void close();
}
