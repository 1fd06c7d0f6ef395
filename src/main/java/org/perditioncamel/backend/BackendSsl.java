package org.perditioncamel.backend;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslHandler;

/** The outgoing side's TLS: a client SslHandler for one backend, verifying it as ssl_* options say. */
public interface BackendSsl {
    SslHandler newHandler(ByteBufAllocator alloc, String host, int port);

    /** Why a handshake failed, in one short line ("certificate expired", "host name mismatch: …"). */
    String describeFailure(Throwable cause);
}
