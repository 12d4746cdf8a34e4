package org.jsasl.authd.saslauthd;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jsasl.authd.AuthProtocol;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.LogText;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.AuthOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The saslauthd protocol as Cyrus' {@code saslauthd} serves it: one request per connection, four
 * counted strings (login, password, service, realm; a 16-bit big-endian length and the bytes),
 * answered by one counted string, {@code OK} or {@code NO}, as the real daemon words them.
 *
 * <p>Only a wrong password or an unknown user is answered {@code NO}. When the backend cannot decide
 * (it is unavailable, the check pool is full, or the check outlasts {@code checkTimeout}) and when the
 * request is malformed (cut short, a field longer than {@value #MAX_FIELD} bytes, a NUL byte, not
 * UTF-8, or not finished within the read deadline) the connection is closed <em>without a reply</em>:
 * libsasl2 then reports {@code SASL_FAIL}, which Postfix answers as a temporary failure (454) instead
 * of telling the client its password is wrong (535, {@code SASL_BADAUTH}). Nothing but an accepted
 * check ever gets {@code OK}.
 */
public final class SaslauthdProtocol implements AuthProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(SaslauthdProtocol.class);

    /** The longest field accepted (Cyrus' saslauthd allows 256; jsasl is more generous). */
    public static final int MAX_FIELD = 1024;

    /** How long a client may take to send its request. */
    public static final Duration DEFAULT_READ_DEADLINE = Duration.ofSeconds(10);

    // Cyrus' saslauthd answers exactly these (checked against the running daemon with -a sasldb).
    private static final byte[] OK = {0, 2, 'O', 'K'};
    private static final byte[] NO = {0, 2, 'N', 'O'};

    /** One timer thread for every connection's read deadline; its tasks only close a channel. */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "authd-saslauthd-deadline");
        t.setDaemon(true);
        return t;
    });

    private final AuthdBackend backend;
    private final Duration readDeadline;

    /** Serves with the default read deadline ({@link #DEFAULT_READ_DEADLINE}). */
    public SaslauthdProtocol(AuthdBackend backend) {
        this(backend, DEFAULT_READ_DEADLINE);
    }

    /** @param readDeadline how long a client may take to send its whole request */
    public SaslauthdProtocol(AuthdBackend backend, Duration readDeadline) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.readDeadline = Objects.requireNonNull(readDeadline, "readDeadline");
        if (readDeadline.isNegative() || readDeadline.isZero()) {
            throw new IllegalArgumentException("readDeadline must be positive");
        }
    }

    @Override
    public String name() {
        return "saslauthd";
    }

    @Override
    public void serve(SocketChannel connection, String peer) throws IOException {
        // A blocking channel has no read timeout of its own: closing it from the timer wakes the read.
        ScheduledFuture<?> deadline = DEADLINES.schedule(() -> closeQuietly(connection), readDeadline.toMillis(),
                TimeUnit.MILLISECONDS);
        byte[] password = null;
        String login = "";
        String service = "";
        try {
            byte[] loginBytes = readField(connection);
            login = text(loginBytes);
            password = readField(connection);
            service = text(readField(connection));
            String realm = text(readField(connection));
            deadline.cancel(false);
            if (contains(loginBytes, (byte) 0) || contains(password, (byte) 0)) {
                failed(login, service, peer, "NUL byte in the request; closed without a reply");
                return;
            }
            if (login.isEmpty() || password.length == 0) {
                // As saslauthd: an empty login or password is a wrong one, never asked of the backend.
                failed(login, service, peer, "empty user name or password");
                write(connection, NO);
                return;
            }
            byte[] reply = check(login, password, service, realm, peer);
            java.time.Duration delay = backend.context().failureDelay();
            if (reply == NO && !delay.isZero()) {
                // jsasl_failure_delay: one request per connection, so this connection's own thread
                // waits; the check thread and any pooled connection were given back already.
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;   // stopping: closed without a reply
                }
                write(connection, NO);
            } else if (reply != null) {
                write(connection, reply);
            }
        } catch (BadRequest e) {
            failed(login, service, peer, e.getMessage() + "; closed without a reply");
        } catch (IOException e) {
            failed(login, service, peer, (deadline.isDone() && !deadline.isCancelled()
                    ? "request not sent within " + readDeadline.toMillis() + " ms" : "connection failed: " + e)
                    + "; closed without a reply");
        } finally {
            deadline.cancel(false);
            if (password != null) {
                Arrays.fill(password, (byte) 0);
            }
            closeQuietly(connection);
        }
    }

    /** {@code OK}, {@code NO}, or null for no reply (the backend could not decide). */
    private byte[] check(String login, byte[] passwordBytes, String service, String realm, String peer) {
        Password password = Password.copyOf(passwordBytes, 0, passwordBytes.length);
        Arrays.fill(passwordBytes, (byte) 0);
        Future<AuthOutcome> result;
        try {
            String serverName = backend.options().serverName();
            result = backend.submit(() -> {
                try (org.jsasl.server.ReloadableContext.Lease lease = backend.lease()) {
                    return lease.context().authenticator(service, serverName, realm.isEmpty() ? null : realm, null)
                            .authenticate(login, "", password);
                }
            });
        } catch (RejectedExecutionException e) {
            password.close();
            unavailable(login, service, peer, "too many checks waiting; closed without a reply");
            return null;
        }
        try {
            AuthOutcome outcome = result.get(backend.options().checkTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (outcome instanceof AuthOutcome.Accepted) {
                LOG.info("authd: saslauthd: authenticated '{}' service={} from {}", printable(login), printable(service),
                        peer);
                return OK;
            }
            if (outcome instanceof AuthOutcome.Rejected rejected) {
                failed(login, service, peer, rejected.reason());
                return NO;
            }
            AuthOutcome.Unavailable unavailable = (AuthOutcome.Unavailable) outcome;
            unavailable(login, service, peer, "backend unavailable: " + unavailable.reason() + "; closed without a reply");
            return null;
        } catch (TimeoutException e) {
            result.cancel(true);
            unavailable(login, service, peer, "no answer within " + backend.options().checkTimeout().toMillis()
                    + " ms; closed without a reply");
            return null;
        } catch (ExecutionException e) {
            // SaslUnavailableException and any other failure of the check: the backend could not decide.
            unavailable(login, service, peer, "check failed: " + e.getCause() + "; closed without a reply");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            unavailable(login, service, peer, "interrupted; closed without a reply");
            return null;
        } finally {
            // The result no longer matters once we stop waiting, so the bytes can go even if the check runs on.
            password.close();
        }
    }

    private static void write(SocketChannel c, byte[] reply) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(reply);
        while (out.hasRemaining()) {
            c.write(out);
        }
    }

    /** Wrong password or unknown user: answered NO. */
    private static void failed(String login, String service, String peer, String reason) {
        LOG.warn("authd: saslauthd: authentication failed for '{}' service={}: {} (from {})", printable(login),
                printable(service), reason, peer);
    }

    /** The backend or the daemon could not decide: closed without an answer, not the client's fault. */
    private static void unavailable(String login, String service, String peer, String reason) {
        LOG.warn("authd: saslauthd: authentication unavailable for '{}' service={}: {} (from {})", printable(login),
                printable(service), reason, peer);
    }

    /** Reads one counted string, at most {@value #MAX_FIELD} bytes. */
    private static byte[] readField(SocketChannel c) throws IOException {
        ByteBuffer count = ByteBuffer.allocate(2);
        readFully(c, count);
        int length = count.getShort(0) & 0xffff;
        if (length > MAX_FIELD) {
            throw new BadRequest("field of " + length + " bytes (limit " + MAX_FIELD + ")");
        }
        ByteBuffer field = ByteBuffer.allocate(length);
        readFully(c, field);
        return field.array();
    }

    private static void readFully(SocketChannel c, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            if (c.read(b) < 0) {
                throw new BadRequest("request cut short");
            }
        }
    }

    private static String text(byte[] bytes) throws BadRequest {
        if (contains(bytes, (byte) 0)) {
            throw new BadRequest("NUL byte in the request");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("request is not UTF-8");
        }
    }

    private static boolean contains(byte[] bytes, byte b) {
        for (byte x : bytes) {
            if (x == b) {
                return true;
            }
        }
        return false;
    }

    /** The user name as it may go in a log: control characters (a forged log line) shown as '?'. */
    private static String printable(String s) {
        return LogText.printable(s);
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // Closing is all that was wanted.
        }
    }

    /** A request that is not four well-formed counted strings. */
    private static final class BadRequest extends EOFException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}
