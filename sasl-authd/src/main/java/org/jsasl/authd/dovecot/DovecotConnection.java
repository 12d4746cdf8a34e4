package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslAccountDisabledException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.ReloadableContext;
import org.jsasl.server.SecurityPolicy;
import org.jsasl.server.ServerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: the handshake, the requests in flight by id, and the reader loop. The
 * reader thread only parses and queues; mechanism steps (which may wait on SQL or authdaemond) run
 * in the backend's pool, replies go through a {@link ReplyWriter}, and the shared timer thread
 * enforces the check, request and idle timeouts. Protocol errors close the connection; errors in
 * user data get a FAIL and the connection stays.
 */
final class DovecotConnection {

    private static final Logger LOG = LoggerFactory.getLogger(DovecotConnection.class);

    /** Steps of one exchange; no jsasl mechanism needs more than a few. */
    private static final int MAX_ROUNDS = 16;
    /** Requests in flight on one connection; Postfix has one, Dovecot has no count limit but a memory one. */
    static final int MAX_IN_FLIGHT = 1024;

    private enum Phase { VERSION, CPID, READY }

    private final AuthdBackend backend;
    private final AuthdOptions options;
    private final ScheduledExecutorService timers;
    private final SocketChannel channel;
    private final String peer;
    private final long spid;
    private final long cuid;
    private final String cookie;
    private final ReplyWriter writer;
    private final Map<Long, PendingRequest> requests = new ConcurrentHashMap<>();
    /** Offered mechanisms by upper-case name, in offer order. */
    private final Map<String, SaslMechanism> offered = new LinkedHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final SaslServerFactory factory = JsaslProvider.serverFactory();

    private Phase phase = Phase.VERSION;
    private int clientMinor;
    private volatile long lastRead = System.nanoTime();

    DovecotConnection(AuthdBackend backend, ScheduledExecutorService timers, SocketChannel channel, String peer,
            long spid, long cuid, String cookie) {
        this.backend = backend;
        this.options = backend.options();
        this.timers = timers;
        this.channel = channel;
        this.peer = peer;
        this.spid = spid;
        this.cuid = cuid;
        this.cookie = cookie;
        this.writer = new ReplyWriter(channel, Math.max(65536, 4 * options.maxLineBytes()), this::close);
    }

    void run() throws IOException {
        Thread writerThread = new Thread(writer, "authd-dovecot-writer-" + cuid);
        writerThread.setDaemon(true);
        writerThread.start();
        Future<?> sweeper = null;
        try {
            handshake();
            long period = Math.max(10, Math.min(1000,
                    Math.min(options.idleTimeout().toMillis(), options.requestTimeout().toMillis()) / 4));
            sweeper = timers.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
            readLoop();
        } catch (ProtocolError e) {
            LOG.warn("authd: dovecot: closing connection from {}: {}", FailureLog.printable(peer), e.getMessage());
        } catch (IOException e) {
            if (!closed.get()) {
                throw e;
            }
        } finally {
            if (sweeper != null) {
                sweeper.cancel(false);
            }
            for (PendingRequest r : List.copyOf(requests.values())) {
                synchronized (r) {
                    finish(r);
                }
            }
            writer.finish();
            try {
                // Replies already queued (a FAIL before a protocol error) get a moment to go out;
                // bounded, as the client may not be reading.
                writerThread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close();
        }
    }

    /** Dovecot 2.3's handshake, sent at once without waiting for the client's (§3.1). */
    private void handshake() {
        ServerContext context = backend.context();
        // No TLS session on this socket, hence no -PLUS and no EXTERNAL; Postfix applies its own
        // smtpd_sasl_security_options to the flags, so no policy here.
        List<String> names = context.mechanismNames(SecurityPolicy.NONE, ChannelBindings.NONE, false);
        Map<String, SaslMechanism> byName = new HashMap<>();
        for (SaslMechanism m : context.mechanisms()) {
            byName.put(m.name().toUpperCase(Locale.ROOT), m);
        }
        writer.send("VERSION\t1\t2");
        for (String name : names) {
            SaslMechanism m = byName.get(name.toUpperCase(Locale.ROOT));
            if (m != null) {
                offered.put(name.toUpperCase(Locale.ROOT), m);
                writer.send(MechanismFlags.line(m));
            }
        }
        if (offered.isEmpty()) {
            // Postfix cannot work without one: every smtpd exits before its greeting (§12).
            LOG.warn("authd: dovecot: no mechanism to offer to {}; check mech_list and the password backend",
                    FailureLog.printable(peer));
        }
        // Postfix: SPID before the first MECH means the auth-master socket; MECH lines come first.
        writer.send("SPID\t" + spid);
        writer.send("CUID\t" + cuid);
        writer.send("COOKIE\t" + cookie);
        writer.send("DONE");
    }

    private void readLoop() throws IOException, ProtocolError {
        int max = options.maxLineBytes();
        ByteBuffer in = ByteBuffer.allocate(8192);
        byte[] line = new byte[Math.min(max, 1024)];
        int len = 0;
        while (true) {
            in.clear();
            int n = channel.read(in);
            if (n < 0) {
                return;
            }
            lastRead = System.nanoTime();
            in.flip();
            while (in.hasRemaining()) {
                byte b = in.get();
                if (b == '\n') {
                    handle(new String(line, 0, len, StandardCharsets.UTF_8));
                    len = 0;
                    continue;
                }
                // The limit counts the LF, as Dovecot's does: max - 1 bytes before it.
                if (len + 1 >= max) {
                    throw new ProtocolError("line longer than " + max + " bytes");
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(max, line.length * 2));
                }
                line[len++] = b;
            }
        }
    }

    private void handle(String line) throws ProtocolError {
        List<String> fields = split(line);
        switch (phase) {
            case VERSION -> {
                if (fields.size() < 3 || !fields.get(0).equals("VERSION") || !fields.get(1).equals("1")) {
                    throw new ProtocolError("bad handshake: expected VERSION 1");
                }
                clientMinor = number(fields.get(2), "bad handshake: minor version");
                phase = Phase.CPID;
            }
            case CPID -> {
                if (fields.size() != 2 || !fields.get(0).equals("CPID") || number(fields.get(1), "bad CPID") == 0) {
                    throw new ProtocolError("bad handshake: expected CPID");
                }
                phase = Phase.READY;
            }
            case READY -> {
                String command = fields.get(0);
                List<String> args = fields.subList(1, fields.size());
                switch (command) {
                    case "AUTH" -> auth(args);
                    case "CONT" -> cont(line);
                    case "CANCEL" -> cancel(args);
                    default -> throw new ProtocolError("unknown command");
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static int number(String s, String error) throws ProtocolError {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new ProtocolError(error);
        }
        return Integer.parseInt(s);
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = line.indexOf('\t'); i >= 0; i = line.indexOf('\t', start)) {
            out.add(line.substring(start, i));
            start = i + 1;
        }
        out.add(line.substring(start));
        return out;
    }

    // ---------------------------------------------------------------- AUTH

    private void auth(List<String> args) throws ProtocolError {
        AuthCommand cmd = AuthCommand.parse(args, clientMinor);
        SaslMechanism mech = offered.get(cmd.mechanism().toUpperCase(Locale.ROOT));
        if (mech == null) {
            throw new ProtocolError("AUTH with a mechanism not offered");
        }
        PendingRequest r = new PendingRequest(cmd, mech.name());
        if (requests.size() >= MAX_IN_FLIGHT) {
            // Not a protocol error: answer it, the earlier requests go on. Logged first, as
            // everywhere: whoever reads the reply finds the log line already written.
            FailureLog.unavailable(null, cmd.remoteIp(), peer, "too many requests in flight on one connection");
            temporaryFailure("FAIL\t" + cmd.id() + "\tcode=temp_fail");
            return;
        }
        if (requests.putIfAbsent(cmd.id(), r) != null) {
            throw new ProtocolError("AUTH with the id of a request in progress");
        }
        byte[] response = null;
        if (cmd.initialResponse() != null) {
            response = StrictBase64.decode(cmd.initialResponse());
            if (response == null) {
                synchronized (r) {
                    finish(r);
                }
                FailureLog.failed(null, cmd.remoteIp(), peer, "invalid base64 in initial response");
                send("FAIL\t" + cmd.id() + "\tcode=invalid_base64\treason=Invalid base64 data in initial response");
                return;
            }
        }
        synchronized (r) {
            step(r, response == null ? new byte[0] : response);
        }
    }

    /** Runs one step of {@code r} in the check pool. Caller holds {@code r}'s monitor. */
    private void step(PendingRequest r, byte[] response) {
        if (r.user == null && response.length > 0) {
            r.user = UserHint.from(r.mechanism, response);
        }
        r.state = PendingRequest.State.CHECKING;
        int generation = ++r.generation;
        try {
            r.check = backend.submit(() -> {
                evaluate(r, generation, response);
                return null;
            });
        } catch (RejectedExecutionException e) {
            Arrays.fill(response, (byte) 0);
            tempFail(r, "all password checks busy");
            return;
        }
        r.checkTimer = timers.schedule(() -> checkTimedOut(r, generation), options.checkTimeout().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** A step in a check thread. */
    private void evaluate(PendingRequest r, int generation, byte[] response) {
        SaslServer s;
        synchronized (r) {
            if (r.done || r.generation != generation) {
                return;
            }
            r.running = true;
            s = r.server;
        }
        try {
            if (s == null) {
                s = create(r);
                synchronized (r) {
                    r.server = s;
                }
                if (s == null) {
                    synchronized (r) {
                        if (!r.done && r.generation == generation) {
                            tempFail(r, "mechanism " + r.mechanism + " no longer available");
                        }
                    }
                    return;
                }
            }
            byte[] challenge = s.evaluateResponse(response);
            synchronized (r) {
                if (r.done || r.generation != generation) {
                    return;
                }
                r.checkTimer.cancel(false);
                if (s.isComplete()) {
                    if (challenge != null && challenge.length > 0) {
                        // Postfix never sends final-resp-ok: success data goes in one more CONT (§8).
                        r.state = PendingRequest.State.WAITING_FINAL;
                        r.waitingSince = System.nanoTime();
                        send("CONT\t" + r.id() + "\t" + StrictBase64.encode(challenge));
                    } else {
                        succeed(r);
                    }
                } else if (++r.rounds > MAX_ROUNDS) {
                    failed(r, "too many rounds");
                } else {
                    r.state = PendingRequest.State.WAITING_CONT;
                    r.waitingSince = System.nanoTime();
                    send("CONT\t" + r.id() + "\t" + StrictBase64.encode(challenge));
                }
            }
        } catch (SaslUnavailableException e) {
            synchronized (r) {
                if (!r.done && r.generation == generation) {
                    tempFail(r, e.getMessage());
                }
            }
        } catch (SaslException | RuntimeException e) {
            // One answer for wrong password, unknown user and malformed message alike (§5: no reason=).
            synchronized (r) {
                if (!r.done && r.generation == generation) {
                    if (e instanceof RuntimeException) {
                        LOG.error("authd: dovecot: mechanism {} failed", r.mechanism, e);
                        tempFail(r, "internal error");
                    } else if (e instanceof SaslAccountDisabledException) {
                        // Thrown only after a right password, so saying so is no user-name oracle.
                        disabled(r);
                    } else {
                        failed(r, "authentication failure");
                    }
                }
            }
        } finally {
            Arrays.fill(response, (byte) 0);
            synchronized (r) {
                r.running = false;
                if (r.done) {
                    dispose(r);
                }
            }
        }
    }

    /**
     * The request's server, on a lease of the current configuration that {@link #dispose} gives
     * back: a reload while a LOGIN waits for its password leaves that exchange on its configuration.
     */
    private SaslServer create(PendingRequest r) throws SaslException {
        ReloadableContext.Lease lease = backend.lease();
        Map<String, Object> props = new HashMap<>();
        props.put(JsaslProperties.CONFIG, lease.context());
        if (r.command.initialResponse() != null) {
            props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
        }
        if (!r.command.remoteIp().isEmpty()) {
            // rip= is the SMTP client, whose failures the throttle counts (the socket peer is Postfix).
            props.put(JsaslProperties.CLIENT_ADDRESS, r.command.remoteIp());
        }
        boolean made = false;
        try {
            SaslServer s = factory.createSaslServer(r.mechanism, r.command.service(), options.serverName(), props, null);
            made = s != null;
            if (made) {
                synchronized (r) {
                    r.lease = lease;
                }
            }
            return s;
        } finally {
            if (!made) {
                lease.close();
            }
        }
    }

    private void checkTimedOut(PendingRequest r, int generation) {
        synchronized (r) {
            if (r.done || r.generation != generation || r.state != PendingRequest.State.CHECKING) {
                return;
            }
            if (r.check != null) {
                r.check.cancel(true);
            }
            tempFail(r, "check took longer than " + options.checkTimeout().toMillis() + " ms");
        }
    }

    // ---------------------------------------------------------------- CONT, CANCEL

    private void cont(String line) throws ProtocolError {
        // CONT data is everything after the second TAB, taken raw (D auth-request-handler.c:702-708).
        int first = line.indexOf('\t');
        int second = first < 0 ? -1 : line.indexOf('\t', first + 1);
        if (second < 0) {
            throw new ProtocolError("CONT without data field");
        }
        long id = RequestId.parse(line.substring(first + 1, second));
        if (id < 0) {
            throw new ProtocolError("CONT with a bad id");
        }
        String data = line.substring(second + 1);
        PendingRequest r = requests.get(id);
        if (r == null) {
            send("FAIL\t" + id + "\treason=Authentication request timed out");
            return;
        }
        synchronized (r) {
            if (r.done) {
                send("FAIL\t" + id + "\treason=Authentication request timed out");
                return;
            }
            if (r.state == PendingRequest.State.CHECKING) {
                finish(r);
                FailureLog.failed(r.user, r.command.remoteIp(), peer, "unexpected continuation");
                send("FAIL\t" + id + "\treason=Unexpected continuation");
                return;
            }
            byte[] response = StrictBase64.decode(data);
            if (response == null) {
                finish(r);
                FailureLog.failed(r.user, r.command.remoteIp(), peer, "invalid base64 in continued response");
                send("FAIL\t" + id + "\tcode=invalid_base64\treason=Invalid base64 data in continued response");
                return;
            }
            if (r.state == PendingRequest.State.WAITING_FINAL) {
                if (response.length == 0) {
                    succeed(r);
                } else {
                    Arrays.fill(response, (byte) 0);
                    failed(r, "data after success");
                }
                return;
            }
            step(r, response);
        }
    }

    private void cancel(List<String> args) throws ProtocolError {
        long id = args.size() == 1 ? RequestId.parse(args.get(0)) : -1;
        if (id < 0) {
            throw new ProtocolError("CANCEL with a bad id");
        }
        PendingRequest r = requests.get(id);
        if (r != null) {
            synchronized (r) {
                finish(r);   // Dovecot 2.3 sends no reply
            }
        }
    }

    // ---------------------------------------------------------------- outcomes; callers hold r's monitor

    private void succeed(PendingRequest r) {
        String user;
        try {
            user = r.server.getAuthorizationID();
        } catch (RuntimeException e) {
            user = null;
        }
        if (user == null || user.isEmpty()) {
            // Postfix needs user= and trusts it; without one this cannot be an OK.
            tempFail(r, "mechanism completed without an identity");
            return;
        }
        finish(r);
        StringBuilder ok = new StringBuilder("OK\t").append(r.id()).append("\tuser=").append(TabEscape.escape(user));
        if (r.mechanism.equalsIgnoreCase("ANONYMOUS")) {
            ok.append("\tanonymous");
        }
        send(ok.toString());
    }

    private void failed(PendingRequest r, String reason) {
        finish(r);
        FailureLog.failed(r.user, r.command.remoteIp(), peer, reason);
        sendRefusal("FAIL\t" + r.id() + userField(r));
    }

    /**
     * Sends a refusal after {@code jsasl_failure_delay}, from the shared timer thread: the request's
     * check thread is free at once, and the connection's other requests are answered meanwhile.
     */
    private void sendRefusal(String line) {
        org.jsasl.server.FailureDelay.after(backend.context().failureDelay(), () -> send(line));
    }

    /**
     * The password was right but the account is disabled: Dovecot's {@code code=user_disabled},
     * sent to every client minor (Postfix ignores it and answers 535, as for any FAIL).
     */
    private void disabled(PendingRequest r) {
        finish(r);
        FailureLog.failed(r.user, r.command.remoteIp(), peer, "account disabled");
        sendRefusal("FAIL\t" + r.id() + userField(r) + "\tcode=user_disabled");
    }

    private void tempFail(PendingRequest r, String reason) {
        finish(r);
        FailureLog.unavailable(r.user, r.command.remoteIp(), peer, reason);
        temporaryFailure("FAIL\t" + r.id() + userField(r) + "\tcode=temp_fail");
    }

    /**
     * Answers a request the backend could not decide. Clients of minor version 2 and later (Dovecot's
     * own lib-auth) read {@code code=temp_fail}; Postfix and Exim speak minor 0 or 1 and ignore every
     * {@code code=}, so a FAIL would become a 535 "wrong password" (reference section 11). For them the
     * connection is closed instead: the one thing they report as a temporary failure (454), after which
     * they reconnect on their next AUTH. Every other request in flight on that connection is dropped
     * with it; a Postfix smtpd has at most one.
     */
    private void temporaryFailure(String failLine) {
        if (clientMinor >= 2) {
            send(failLine);
        } else {
            LOG.debug("authd: dovecot: closing the connection from {} to report a temporary failure", peer);
            resetOnClose();
            close();
        }
    }

    private static String userField(PendingRequest r) {
        return r.user == null || r.user.isEmpty() ? "" : "\tuser=" + TabEscape.escape(r.user);
    }

    /** Ends {@code r}: no reply to it after this; its server is disposed once no step uses it. */
    private void finish(PendingRequest r) {
        if (r.done) {
            return;
        }
        r.done = true;
        requests.remove(r.id(), r);
        if (r.checkTimer != null) {
            r.checkTimer.cancel(false);
        }
        if (r.check != null && r.state == PendingRequest.State.CHECKING) {
            r.check.cancel(true);
        }
        if (!r.running) {
            dispose(r);
        }
    }

    private static void dispose(PendingRequest r) {
        if (r.server != null) {
            try {
                r.server.dispose();
            } catch (SaslException ignored) {
                // Nothing of the exchange is used any more.
            }
            r.server = null;
        }
        if (r.lease != null) {
            r.lease.close();
            r.lease = null;
        }
    }

    // ---------------------------------------------------------------- timers, output

    private void sweep() {
        try {
            sweepOnce();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: log it and keep sweeping.
            LOG.error("authd: dovecot: timeout sweep failed", e);
        }
    }

    private void sweepOnce() {
        long now = System.nanoTime();
        if (now - lastRead > options.idleTimeout().toNanos()) {
            LOG.debug("authd: dovecot: closing idle connection from {}", peer);
            close();
            return;
        }
        long limit = options.requestTimeout().toNanos();
        for (PendingRequest r : requests.values()) {
            synchronized (r) {
                // Dovecot drops abandoned requests silently (§4.1): Postfix has long forgotten them.
                if (!r.done && r.state != PendingRequest.State.CHECKING && now - r.waitingSince > limit) {
                    finish(r);
                }
            }
        }
    }

    private void send(String line) {
        writer.send(line);
    }

    /**
     * Makes the coming close a TCP reset. Postfix 3.7 keeps a stream that reached EOF and writes its
     * next request into it: after a FIN that write still succeeds and the read sees EOF again (a second
     * 454), after a reset the write fails and Postfix reconnects at once. A UNIX socket needs nothing:
     * a write to a closed peer always fails.
     */
    private void resetOnClose() {
        if (channel.supportedOptions().contains(java.net.StandardSocketOptions.SO_LINGER)) {
            try {
                channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            } catch (IOException | UnsupportedOperationException ignored) {
                // An ordinary close then: Postfix recovers one request later.
            }
        }
    }

    private void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
