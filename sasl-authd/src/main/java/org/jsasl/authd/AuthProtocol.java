package org.jsasl.authd;

import java.io.IOException;
import java.nio.channels.SocketChannel;

/**
 * One protocol jsasl authd speaks on a socket (Dovecot's auth-client protocol, saslauthd's): it is
 * given each accepted connection and serves it until the peer or the daemon closes it.
 */
public interface AuthProtocol {

    /** The name used on the command line and in logs: {@code dovecot}, {@code saslauthd}. */
    String name();

    /**
     * Serves one connection on the calling thread (the daemon gives each connection one) and returns
     * when it is closed: by the peer, after a protocol error, or by the daemon closing the channel
     * at shutdown. Every read is bounded in size and time; password checks go through
     * {@link AuthdBackend#submit}.
     *
     * @param connection a connected, blocking channel; this method closes it before returning
     * @param peer for logs: {@code 127.0.0.1:40312} or the UNIX socket's path
     */
    void serve(SocketChannel connection, String peer) throws IOException;
}
