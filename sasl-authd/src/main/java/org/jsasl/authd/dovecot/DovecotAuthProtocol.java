package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import org.jsasl.authd.AuthProtocol;
import org.jsasl.authd.AuthdBackend;

/**
 * The server side of Dovecot's auth-client protocol 1.x as Dovecot 2.3 speaks it to Postfix
 * ({@code smtpd_sasl_type = dovecot}) and Exim: the handshake at once on accept, then many
 * {@code AUTH}/{@code CONT}/{@code CANCEL} requests in flight per connection, each driving one jsasl
 * {@link javax.security.sasl.SaslServer} whose steps run in the backend's check pool. See
 * {@code shared/reference/dovecot-auth-protocol.md} for the wire format this follows.
 */
public final class DovecotAuthProtocol implements AuthProtocol {

    private final AuthdBackend backend;
    private final AtomicLong connections = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    private final ScheduledThreadPoolExecutor timers;
    private final long pid = ProcessHandle.current().pid();

    /** A protocol checking passwords with {@code backend}; connections share its pool and one timer thread. */
    public DovecotAuthProtocol(AuthdBackend backend) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "authd-dovecot-timer");
            t.setDaemon(true);
            return t;
        });
        // Most timers (check timeouts) are cancelled long before they fire; do not keep them queued.
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String name() {
        return "dovecot";
    }

    @Override
    public void serve(SocketChannel connection, String peer) throws IOException {
        long cuid = connections.incrementAndGet();
        byte[] cookie = new byte[16];
        random.nextBytes(cookie);
        new DovecotConnection(backend, timers, connection, peer, pid, cuid, HexFormat.of().formatHex(cookie)).run();
    }
}
