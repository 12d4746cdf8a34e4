package org.jsasl.authd.dovecot;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.SaslUnavailableException;
import org.jsasl.authd.AuthProtocol;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.SecurityPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of Dovecot's auth-client protocol 1.2, as Dovecot 2.3 speaks it to Postfix
 * ({@code smtpd_sasl_type = dovecot}): the handshake, AUTH/CONT/CANCEL with many requests in flight
 * on one connection, jsasl's mechanisms doing the work and the backend's pool running the checks.
 */
public final class DovecotAuthProtocol implements AuthProtocol {

    private static final Logger LOG = LoggerFactory.getLogger(DovecotAuthProtocol.class);

    private final AuthdBackend backend;
    private final AtomicLong connectionIds = new AtomicLong();
    private final SecureRandom random = new SecureRandom();
    // Timeouts only: checks run in the backend's pool, this thread never waits on one.
    private final ScheduledThreadPoolExecutor timers;

    public DovecotAuthProtocol(AuthdBackend backend) {
        this.backend = backend;
        this.timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "authd-dovecot-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String name() {
        return "dovecot";
    }

    @Override
    public void serve(SocketChannel connection, String peer) throws IOException {
        Connection c = new Connection(connection, peer);
        try {
            c.run();
        } finally {
            c.shutdown();
        }
    }

    /** The {@code MECH} lines' content for the mechanisms offered now. */
    List<String> mechLines(List<String> offered) {
        Map<String, SaslMechanism> byName = new HashMap<>();
        for (SaslMechanism m : backend.context().mechanisms()) {
            byName.put(m.name(), m);
        }
        List<String> lines = new ArrayList<>();
        for (String name : offered) {
            StringBuilder b = new StringBuilder("MECH\t").append(TabEscape.escape(name));
            SaslMechanism m = byName.get(name);
            if (m != null) {
                for (String w : MechanismFlags.words(m.securityFlags())) {
                    b.append('\t').append(w);
                }
            }
            lines.add(b.toString());
        }
        return lines;
    }

    private enum State { RUNNING, WAITING_CONT, WAITING_FINAL, DONE }

    /** One AUTH request and its SaslServer; every change happens under its own lock. */
    private static final class Request {
        final long id;
        final String mechanism;
        final String rip;
        final SaslServer server;
        State state = State.RUNNING;
        int step;
        boolean running;
        Future<?> check;
        ScheduledFuture<?> timer;

        Request(long id, String mechanism, String rip, SaslServer server) {
            this.id = id;
            this.mechanism = mechanism;
            this.rip = rip;
            this.server = server;
        }

        /** Ends the request; the SaslServer is disposed once no check is using it. */
        void finish() {
            state = State.DONE;
            if (timer != null) {
                timer.cancel(false);
            }
            if (check != null && running) {
                check.cancel(true);
            }
            if (!running) {
                dispose();
            }
        }

        void dispose() {
            try {
                server.dispose();
            } catch (SaslException | RuntimeException ignored) {
                // Nothing of this request is used any more.
            }
        }
    }

    private final class Connection {
        private final SocketChannel channel;
        private final String peer;
        private final AuthdOptions options = backend.options();
        private final Object writeLock = new Object();
        private final Map<Long, Request> requests = new HashMap<>();   // guarded by itself
        private final ByteBuffer in = ByteBuffer.allocate(8192).flip();
        private ScheduledFuture<?> idle;
        private List<String> offered;
        private int clientMinor;

        Connection(SocketChannel channel, String peer) {
            this.channel = channel;
            this.peer = peer;
        }

        void run() throws IOException {
            offered = List.copyOf(backend.context().mechanismNames(SecurityPolicy.NONE));
            List<String> hs = new ArrayList<>();
            hs.add("VERSION\t1\t2");
            hs.addAll(mechLines(offered));
            hs.add("SPID\t" + ProcessHandle.current().pid());
            hs.add("CUID\t" + connectionIds.incrementAndGet());
            byte[] cookie = new byte[16];
            random.nextBytes(cookie);
            hs.add("COOKIE\t" + HexFormat.of().formatHex(cookie));
            hs.add("DONE");
            write(String.join("\n", hs));

            String version = readLine();
            String[] v = version == null ? null : version.split("\t", -1);
            if (v == null || v.length < 3 || !v[0].equals("VERSION") || !v[1].equals("1") || !isNumber(v[2])) {
                protocolError("bad VERSION handshake");
                return;
            }
            clientMinor = v[2].length() > 6 ? Integer.MAX_VALUE : Integer.parseInt(v[2]);
            String cpid = readLine();
            String[] p = cpid == null ? null : cpid.split("\t", -1);
            if (p == null || p.length < 2 || !p[0].equals("CPID") || !isNumber(p[1]) || p[1].matches("0+")) {
                protocolError("bad CPID handshake");
                return;
            }
            for (String line; (line = readLine()) != null;) {
                try {
                    if (line.startsWith("AUTH\t")) {
                        auth(line);
                    } else if (line.startsWith("CONT\t")) {
                        cont(line);
                    } else if (line.startsWith("CANCEL\t")) {
                        cancel(line);
                    } else {
                        throw new AuthRequestLine.ProtocolError("unknown command");
                    }
                } catch (AuthRequestLine.ProtocolError e) {
                    protocolError(e.getMessage());
                    return;
                }
            }
        }

        private void protocolError(String what) {
            // Dovecot's "BUG:" case: a client that breaks the protocol is disconnected.
            LOG.warn("dovecot: {} from {}; closing the connection", what, peer);
        }

        private void auth(String line) throws AuthRequestLine.ProtocolError, IOException {
            AuthRequestLine req = AuthRequestLine.parse(line, offered, clientMinor);
            String rip = req.param("rip");
            rip = rip == null || rip.isEmpty() ? "unknown" : rip;
            synchronized (requests) {
                if (requests.containsKey(req.id())) {
                    throw new AuthRequestLine.ProtocolError("duplicate request id");
                }
            }
            if (req.badBase64()) {
                logFailure(rip, "invalid base64 in initial response");
                write("FAIL\t" + req.id() + "\tcode=invalid_base64\treason=Invalid base64 data in initial response");
                return;
            }
            Map<String, Object> props = new HashMap<>();
            props.put(JsaslProperties.CONFIG, backend.context());
            if (req.initialResponse() != null) {
                props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
            }
            SaslServer server;
            try {
                server = JsaslProvider.serverFactory().createSaslServer(req.mechanism(), req.param("service"),
                        options.serverName(), props, null);
            } catch (SaslException | RuntimeException e) {
                server = null;
                LOG.warn("dovecot: cannot start {} for {}: {}", req.mechanism(), peer, e.getMessage());
            }
            if (server == null) {
                write("FAIL\t" + req.id() + "\tcode=temp_fail");
                return;
            }
            Request r = new Request(req.id(), req.mechanism(), rip, server);
            synchronized (requests) {
                requests.put(r.id, r);
            }
            byte[] response = req.initialResponse() == null ? new byte[0] : req.initialResponse();
            synchronized (r) {
                evaluate(r, response);
            }
        }

        private void cont(String line) throws AuthRequestLine.ProtocolError, IOException {
            int second = line.indexOf('\t', 5);
            if (second < 0) {
                throw new AuthRequestLine.ProtocolError("CONT without data");
            }
            long id = AuthRequestLine.parseId(line.substring(5, second));
            String data = line.substring(second + 1);
            Request r;
            synchronized (requests) {
                r = requests.get(id);
            }
            if (r == null) {
                write("FAIL\t" + id + "\treason=Authentication request timed out");
                return;
            }
            synchronized (r) {
                switch (r.state) {
                    case RUNNING, DONE -> {
                        remove(r);
                        r.finish();
                        logFailure(r.rip, "unexpected continuation");
                        write("FAIL\t" + id + "\treason=Unexpected continuation");
                    }
                    case WAITING_FINAL -> {
                        // Dovecot ignores the client's answer to the server-final data.
                        String user = authorizationId(r);
                        remove(r);
                        r.finish();
                        if (user == null) {
                            write("FAIL\t" + id + "\tcode=temp_fail");
                        } else {
                            write(ok(r, user));
                        }
                    }
                    case WAITING_CONT -> {
                        byte[] response = data.isEmpty() || data.equals("=") ? new byte[0]
                                : AuthRequestLine.decodeBase64(data);
                        if (response == null) {
                            remove(r);
                            r.finish();
                            logFailure(r.rip, "invalid base64 in continued response");
                            write("FAIL\t" + id
                                    + "\tcode=invalid_base64\treason=Invalid base64 data in continued response");
                            return;
                        }
                        r.timer.cancel(false);
                        evaluate(r, response);
                    }
                }
            }
        }

        private void cancel(String line) throws AuthRequestLine.ProtocolError {
            long id = AuthRequestLine.parseId(line.substring("CANCEL\t".length()));
            Request r;
            synchronized (requests) {
                r = requests.remove(id);
            }
            if (r != null) {
                synchronized (r) {
                    r.finish();
                }
            }
        }

        /** Starts one step of {@code r} in the pool; called holding {@code r}'s lock. */
        private void evaluate(Request r, byte[] response) throws IOException {
            int step = ++r.step;
            r.state = State.RUNNING;
            r.running = true;
            try {
                r.check = backend.submit(() -> {
                    step(r, step, response);
                    return null;
                });
            } catch (RejectedExecutionException e) {
                r.running = false;
                remove(r);
                r.finish();
                logFailure(r.rip, "too many checks waiting");
                write("FAIL\t" + r.id + "\tcode=temp_fail");
                return;
            }
            r.timer = timers.schedule(() -> timeOut(r, step), options.checkTimeout().toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        private void timeOut(Request r, int step) {
            synchronized (r) {
                if (r.state != State.RUNNING || r.step != step) {
                    return;
                }
                remove(r);
                r.finish();
            }
            logFailure(r.rip, "check timed out after " + options.checkTimeout().toMillis() + " ms");
            writeQuietly("FAIL\t" + r.id + "\tcode=temp_fail");
        }

        /** Runs in the pool: one evaluateResponse, then the reply unless the request ended meanwhile. */
        private void step(Request r, int step, byte[] response) {
            byte[] challenge = null;
            SaslException failure = null;
            RuntimeException bug = null;
            try {
                challenge = r.server.evaluateResponse(response);
            } catch (SaslException e) {
                failure = e;
            } catch (RuntimeException e) {
                bug = e;
            } finally {
                java.util.Arrays.fill(response, (byte) 0);
            }
            String reply;
            synchronized (r) {
                r.running = false;
                if (r.state != State.RUNNING || r.step != step) {
                    if (r.state == State.DONE) {
                        r.dispose();
                    }
                    return;
                }
                r.timer.cancel(false);
                if (bug != null) {
                    LOG.error("dovecot: {} failed for {}", r.mechanism, peer, bug);
                    remove(r);
                    r.finish();
                    reply = "FAIL\t" + r.id + "\tcode=temp_fail";
                } else if (failure instanceof SaslUnavailableException) {
                    remove(r);
                    r.finish();
                    logFailure(r.rip, "backend unavailable: " + failure.getMessage());
                    reply = "FAIL\t" + r.id + "\tcode=temp_fail";
                } else if (failure != null) {
                    remove(r);
                    r.finish();
                    // One answer for wrong password and unknown user alike, with no reason= text:
                    // Postfix shows any reason to the SMTP client.
                    logFailure(r.rip, "authentication failure");
                    reply = "FAIL\t" + r.id;
                } else if (!r.server.isComplete()) {
                    r.state = State.WAITING_CONT;
                    r.timer = timers.schedule(() -> abandon(r, step), options.requestTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                    reply = cont(r.id, challenge);
                } else if (challenge != null && challenge.length > 0) {
                    // Server-final data (SCRAM): an extra CONT, since Postfix never sends final-resp-ok.
                    r.state = State.WAITING_FINAL;
                    r.timer = timers.schedule(() -> abandon(r, step), options.requestTimeout().toMillis(),
                            TimeUnit.MILLISECONDS);
                    reply = cont(r.id, challenge);
                } else {
                    String user = authorizationId(r);
                    remove(r);
                    r.finish();
                    reply = user == null ? "FAIL\t" + r.id + "\tcode=temp_fail" : ok(r, user);
                }
                // Written under r's lock so that a CONT answering this reply finds the new state.
                writeQuietly(reply);
            }
        }

        /** A request left waiting for a CONT is dropped silently, as Dovecot does after 150 s. */
        private void abandon(Request r, int step) {
            synchronized (r) {
                if (r.step != step || (r.state != State.WAITING_CONT && r.state != State.WAITING_FINAL)) {
                    return;
                }
                remove(r);
                r.finish();
            }
            logFailure(r.rip, "request abandoned by the client");
        }

        private String authorizationId(Request r) {
            try {
                return r.server.getAuthorizationID();
            } catch (RuntimeException e) {
                LOG.error("dovecot: {} completed without an authorization id", r.mechanism, e);
                return null;
            }
        }

        private String ok(Request r, String user) {
            String line = "OK\t" + r.id + "\tuser=" + TabEscape.escape(user);
            return r.mechanism.toUpperCase(Locale.ROOT).equals("ANONYMOUS") ? line + "\tanonymous" : line;
        }

        private String cont(long id, byte[] challenge) {
            return "CONT\t" + id + "\t"
                    + java.util.Base64.getEncoder().encodeToString(challenge == null ? new byte[0] : challenge);
        }

        private void remove(Request r) {
            synchronized (requests) {
                requests.remove(r.id, r);
            }
        }

        private void logFailure(String rip, String reason) {
            // The user name is not known safely here (jsasl keeps it inside the mechanism), and a
            // payload may hold a password, so neither is logged.
            LOG.info("dovecot: authentication failed for unknown (rip={}): {}", printable(rip), reason);
        }

        /** Reads one line without its LF; null at EOF; closes on an over-long line or silence. */
        private String readLine() throws IOException {
            resetIdle();
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int max = options.maxLineBytes() - 1;   // the limit counts the LF
            while (true) {
                while (in.hasRemaining()) {
                    byte b = in.get();
                    if (b == '\n') {
                        return line.toString(StandardCharsets.ISO_8859_1);
                    }
                    if (line.size() == max) {
                        LOG.warn("dovecot: {} sent a line longer than {} bytes; closing the connection", peer,
                                options.maxLineBytes());
                        return null;
                    }
                    line.write(b);
                }
                in.clear();
                int n;
                try {
                    n = channel.read(in);
                } finally {
                    in.flip();
                }
                if (n < 0) {
                    if (line.size() > 0) {
                        throw new EOFException("connection closed inside a line");
                    }
                    return null;
                }
            }
        }

        private void resetIdle() {
            if (idle != null) {
                idle.cancel(false);
            }
            // A blocking channel read has no timeout of its own: closing the channel ends it.
            idle = timers.schedule(() -> {
                LOG.info("dovecot: {} idle for {}; closing the connection", peer, options.idleTimeout());
                closeChannel();
            }, options.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
        }

        private void write(String line) throws IOException {
            // Never a CR or stray LF inside a line: every variable part was escaped or is base64.
            ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
            synchronized (writeLock) {
                while (b.hasRemaining()) {
                    channel.write(b);
                }
            }
        }

        private void writeQuietly(String line) {
            try {
                write(line);
            } catch (IOException e) {
                closeChannel();
            }
        }

        private void closeChannel() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing is all that is left to do.
            }
        }

        void shutdown() {
            if (idle != null) {
                idle.cancel(false);
            }
            closeChannel();
            List<Request> left;
            synchronized (requests) {
                left = new ArrayList<>(requests.values());
                requests.clear();
            }
            for (Request r : left) {
                synchronized (r) {
                    r.finish();
                }
            }
        }
    }

    private static boolean isNumber(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }
}
