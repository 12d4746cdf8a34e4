package org.jsasl.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.authd.dovecot.DovecotAuthProtocol;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Dovecot auth-client PLAIN logins against jsasl authd (started in this JVM on 127.0.0.1:0) beside
 * real Dovecot 2.3 auth ({@code scripts/services/dovecot}), both checking the same PostgreSQL table
 * ({@code authd_users}: alice's password is SHA-512-crypt, 5000 rounds). Each JMH thread holds one
 * persistent connection to each server, as each Postfix smtpd process does, with the handshake done
 * in setup, so an operation is one {@code AUTH} line and its reply. A reply that is not
 * {@code OK\t<id>} (or {@code FAIL\t<id>} for the wrong-password variants) throws, so a broken run
 * cannot look fast. Throughput and sampled latency (percentiles) in one run; run with {@code -t 1} and {@code -t 16}.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class AuthdBenchmark {

    private static final String GOOD = b64("\0alice\0secret");
    private static final String WRONG = b64("\0alice\0wrong");
    /** Longest reply line read; Dovecot's limit is 16 KiB and a normal reply is under 100 bytes. */
    private static final int MAX_LINE = 16384;
    /** Read timeout per line: Postfix gives up after 10 s too, and a check takes milliseconds. */
    private static final int TIMEOUT_MS = 10_000;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** The two servers: jsasl authd in process, and where Dovecot listens. */
    @State(Scope.Benchmark)
    public static class Servers {
        AuthdDaemon daemon;
        InetSocketAddress jsasl;
        InetSocketAddress dovecot;

        @Setup(Level.Trial)
        public void start() throws Exception {
            dovecot = new InetSocketAddress("127.0.0.1", Integer.parseInt(env("JSASL_DOVECOT_AUTH_PORT")));
            AuthdBackend backend = new AuthdBackend(context(), AuthdOptions.defaults("mx.example.test"));
            daemon = AuthdDaemon.start(backend, Servers::context, List.of(new AuthdDaemon.Listener(
                    ListenAddress.parse("inet:127.0.0.1:0"), new DovecotAuthProtocol(backend), SocketOwnership.DEFAULT)),
                    100);
            jsasl = (InetSocketAddress) daemon.addresses().get(0);
        }

        @TearDown(Level.Trial)
        public void stop() {
            daemon.close();
        }

        /** The same configuration as PostfixDovecotComparisonTest: Dovecot's password_query as sql_select. */
        static ServerContext context() throws ConfigException {
            return ServerContext.create(SaslConfig.of("pwcheck_method", "auxprop", "auxprop_plugin", "sql",
                    "mech_list", "PLAIN LOGIN", "password_format", "crypt",
                    "sql_engine", "pgsql", "sql_hostnames", env("JSASL_PGSQL_HOST") + ":" + env("JSASL_PGSQL_PORT"),
                    "sql_database", env("JSASL_PGSQL_DB"), "sql_user", env("JSASL_PGSQL_USER"),
                    "sql_passwd", env("JSASL_PGSQL_PASSWORD"),
                    "sql_select", "SELECT password FROM " + env("JSASL_DOVECOT_USERS_TABLE")
                            + " WHERE username = '%u' AND active"));
        }

        private static String env(String name) {
            String v = System.getenv(name);
            if (v == null || v.isEmpty()) {
                throw new IllegalStateException(name + " is not set: cd /work/main && scripts/services/all start"
                        + " && eval \"$(scripts/services/all env)\"");
            }
            return v;
        }
    }

    /** One benchmark thread's connections, one to each server, like one smtpd process. */
    @State(Scope.Thread)
    public static class Connections {
        Client jsasl;
        Client dovecot;

        @Setup(Level.Trial)
        public void connect(Servers servers) throws IOException {
            jsasl = new Client(servers.jsasl);
            dovecot = new Client(servers.dovecot);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            jsasl.close();
            dovecot.close();
        }
    }

    /** A minimal auth-client connection: blocking socket, bounded line reads with a timeout. */
    static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final byte[] buf = new byte[MAX_LINE];
        private int start;
        private int end;
        private long id;

        Client(InetSocketAddress address) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(address, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            in = socket.getInputStream();
            out = socket.getOutputStream();
            out.write(("VERSION\t1\t0\nCPID\t" + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String line;
            boolean version = false;
            while (!(line = readLine()).equals("DONE")) {
                version |= line.startsWith("VERSION\t1\t");
            }
            if (!version) {
                throw new IOException("no VERSION 1 in the handshake from " + address);
            }
        }

        /** One AUTH PLAIN round trip; the reply must start with {@code expect\t<id>}. */
        String auth(String resp, String expect) throws IOException {
            long n = ++id;
            out.write(("AUTH\t" + n + "\tPLAIN\tservice=smtp\tlip=127.0.0.1\trip=127.0.0.1\tresp=" + resp + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = readLine();
            String prefix = expect + "\t" + n;
            if (!reply.startsWith(prefix) || (reply.length() > prefix.length() && reply.charAt(prefix.length()) != '\t')) {
                // The reply carries no password (the request's resp is never echoed).
                throw new IllegalStateException("expected " + prefix + ", got " + reply);
            }
            return reply;
        }

        private String readLine() throws IOException {
            while (true) {
                for (int i = start; i < end; i++) {
                    if (buf[i] == '\n') {
                        String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                        start = i + 1;
                        return line;
                    }
                }
                if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    throw new IOException("reply line longer than " + MAX_LINE + " bytes");
                }
                int r = in.read(buf, end, buf.length - end);
                if (r < 0) {
                    throw new IOException("connection closed by the server");
                }
                end += r;
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** alice/secret through jsasl authd. */
    @Benchmark
    public String jsaslAuthdPlain(Connections c) throws IOException {
        return c.jsasl.auth(GOOD, "OK");
    }

    /** alice/secret through Dovecot 2.3 auth. */
    @Benchmark
    public String dovecotPlain(Connections c) throws IOException {
        return c.dovecot.auth(GOOD, "OK");
    }

    /** alice/wrong through jsasl authd: the same lookup and hash, then FAIL. */
    @Benchmark
    public String jsaslAuthdWrong(Connections c) throws IOException {
        return c.jsasl.auth(WRONG, "FAIL");
    }

    /** alice/wrong through Dovecot 2.3 auth (immediate thanks to the service's nodelay passdb). */
    @Benchmark
    public String dovecotWrong(Connections c) throws IOException {
        return c.dovecot.auth(WRONG, "FAIL");
    }
}
