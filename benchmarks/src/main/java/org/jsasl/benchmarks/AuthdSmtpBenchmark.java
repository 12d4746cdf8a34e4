package org.jsasl.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.PrivatePostfix;
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
 * Whole SMTP sessions (greeting, EHLO, AUTH PLAIN alice/secret, QUIT, each on a new connection)
 * per second through two private real Postfix 3.7 instances ({@code PrivatePostfix}, from
 * sasl-core's test fixtures), one with {@code smtpd_sasl_path} on real Dovecot 2.3 auth, one on
 * jsasl authd started in this JVM ({@link AuthdBenchmark.Servers}), both on the same PostgreSQL
 * table. Postfix's smtpd processes keep their auth connection between sessions, as in production.
 * An AUTH reply other than 235 throws. Needs root (Postfix's data directory) and
 * {@code JSASL_POSTFIX}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
public class AuthdSmtpBenchmark {

    private static final String AUTH = "AUTH PLAIN "
            + Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8));
    private static final int TIMEOUT_MS = 10_000;
    private static final int MAX_REPLY = 16384;

    private Path dir;
    private PrivatePostfix withDovecot;
    private PrivatePostfix withJsasl;
    private InetSocketAddress dovecotSmtp;
    private InetSocketAddress jsaslSmtp;

    @Setup(Level.Trial)
    public void start(AuthdBenchmark.Servers servers) throws IOException {
        dir = Files.createTempDirectory("jsasl-authd-smtp");
        withDovecot = PrivatePostfix.start(dir.resolve("postfix-dovecot"), Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", "inet:127.0.0.1:" + servers.dovecot.getPort()));
        withJsasl = PrivatePostfix.start(dir.resolve("postfix-jsasl"), Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", "inet:127.0.0.1:" + servers.jsasl.getPort()));
        dovecotSmtp = new InetSocketAddress("127.0.0.1", withDovecot.port());
        jsaslSmtp = new InetSocketAddress("127.0.0.1", withJsasl.port());
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        withDovecot.close();
        withJsasl.close();
    }

    /** A session through the Postfix that asks jsasl authd. */
    @Benchmark
    public String jsaslSmtpSession() throws IOException {
        return session(jsaslSmtp);
    }

    /** A session through the Postfix that asks Dovecot. */
    @Benchmark
    public String dovecotSmtpSession() throws IOException {
        return session(dovecotSmtp);
    }

    private static String session(InetSocketAddress address) throws IOException {
        try (Socket s = new Socket()) {
            s.setTcpNoDelay(true);
            s.connect(address, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            expect(reply(in), "220");
            expect(send(out, in, "EHLO client.example"), "250");
            String auth = send(out, in, AUTH);
            expect(auth, "235");
            expect(send(out, in, "QUIT"), "221");
            return auth;
        }
    }

    private static void expect(String reply, String code) {
        if (!reply.startsWith(code)) {
            // Postfix's replies never echo the credentials.
            throw new IllegalStateException("expected " + code + ", got " + reply);
        }
    }

    private static String send(OutputStream out, InputStream in, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply(in);
    }

    /** One SMTP reply, all its lines, up to the line whose fourth character is a space. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder all = new StringBuilder();
        StringBuilder line = new StringBuilder();
        while (all.length() + line.length() < MAX_REPLY) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed by Postfix");
            }
            if (b != '\n') {
                if (b != '\r') {
                    line.append((char) b);
                }
                continue;
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) == ' ') {
                return all.toString();
            }
            line.setLength(0);
        }
        throw new IOException("SMTP reply longer than " + MAX_REPLY + " bytes");
    }
}
