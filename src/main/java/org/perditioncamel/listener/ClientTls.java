package org.perditioncamel.listener;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;

/** The listening side's TLS: a fresh server SslHandler per connection, from the current certificate. */
@FunctionalInterface
public interface ClientTls {
    /** @param startTls the first write (the reply accepting STARTTLS) still goes out in plaintext */
    SslHandler newHandler(ByteBufAllocator alloc, boolean startTls);
}
