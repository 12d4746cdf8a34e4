package org.jsasl.benchmarks;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
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
 * PLAIN authentications per second through {@code Sasl.createSaslServer} with
 * {@code pwcheck_method: authdaemond} against the real courier authdaemond of
 * {@code scripts/services}, beside the same AUTH request sent by the thinnest possible client (one
 * blocking socket, no jsasl layers) in the same run: the difference is what jsasl adds to the
 * daemon's own round trip. Run with {@code -t 1}, {@code -t 2}, {@code -t 16}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class AuthdaemondBenchmark {

    private static final byte[] PLAIN = "\0alice\0alice-secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] RAW = "AUTH 30\nsmtp\nlogin\nalice\nalice-secret\n".getBytes(StandardCharsets.US_ASCII);

    private ServerContext context;
    private Map<String, Object> props;
    private UnixDomainSocketAddress socket;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (Security.getProvider(JsaslProvider.NAME) == null) {
            Security.addProvider(new JsaslProvider());
        }
        String path = System.getenv("JSASL_AUTHDAEMOND_SOCKET");
        if (path == null) {
            throw new IllegalStateException("JSASL_AUTHDAEMOND_SOCKET is not set: scripts/services/all start, then eval its env");
        }
        socket = UnixDomainSocketAddress.of(path);
        Path conf = Files.createTempFile("jsasl-authd", ".conf");
        Files.writeString(conf, "pwcheck_method: authdaemond\nauthdaemond_path: " + path + "\n");
        context = ServerContext.load(conf);
        props = Map.of(JsaslProperties.CONFIG, context);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        context.close();
    }

    /** One whole PLAIN authentication through the provider. */
    @Benchmark
    public String jsaslPlain() throws SaslException {
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "localhost", props, null);
        s.evaluateResponse(PLAIN);
        return s.getAuthorizationID();
    }

    /** The daemon's own round trip: the same AUTH request, a blocking socket, read to EOF, check the verdict. */
    @Benchmark
    public boolean rawRoundTrip() throws Exception {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(socket);
            ch.write(ByteBuffer.wrap(RAW));
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (ch.read(in) >= 0 && in.hasRemaining()) {
                int n = in.position();
                if (n >= 3 && in.get(n - 1) == '\n' && in.get(n - 2) == '.' && in.get(n - 3) == '\n') {
                    return true;
                }
            }
            throw new IllegalStateException("no verdict from authdaemond");
        }
    }
}
