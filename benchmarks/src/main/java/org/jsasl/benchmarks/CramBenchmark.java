package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Security;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one complete, successful server-side CRAM-MD5 exchange (RFC 2195), jsasl beside the JDK's
 * own CRAM-MD5 server (SunSASL's {@code com.sun.security.sasl.ServerFactoryImpl}), both through
 * their {@link SaslServerFactory} found once in {@code @Setup} among
 * {@link Sasl#getSaslServerFactories()}, both in JDK mode with the same JDK-style CallbackHandler
 * ({@link ExchangeBenchmark.StoredPasswordHandler}: the cleartext through PasswordCallback, a user
 * authorized only as itself).
 *
 * <p>The challenge is random, so each operation computes the client's answer, HMAC-MD5 with a
 * MAC keyed once in {@code @Setup} and 32 hex digits, the same for both servers. Each operation
 * throws unless the exchange completes with no further challenge and authorization identity
 * {@code alice}. One thread (the client MAC is shared state).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CramBenchmark {

    private static final String MECHANISM = "CRAM-MD5";
    private static final String PROTOCOL = "imap";
    private static final String SERVER_NAME = "localhost";
    private static final String USER = "alice";
    private static final byte[] USER_SP = (USER + " ").getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Map<String, ?> props = Map.of();
    private final CallbackHandler handler =
            new ExchangeBenchmark.StoredPasswordHandler(Map.of(USER, "secret".toCharArray()));
    private SaslServerFactory jsaslFactory;
    private SaslServerFactory jdkFactory;
    private Mac clientMac;

    @Setup
    public void setUp() throws SaslException, GeneralSecurityException {
        if (Security.insertProviderAt(new JsaslProvider(), 1) == -1) {
            throw new IllegalStateException("provider " + JsaslProvider.NAME + " already installed");
        }
        jsaslFactory = ServerFactories.inPackage("org.jsasl");
        jdkFactory = ServerFactories.inPackage("com.sun.security.sasl");
        clientMac = Mac.getInstance("HmacMD5");
        clientMac.init(new SecretKeySpec("secret".getBytes(StandardCharsets.UTF_8), "HmacMD5"));
        // Check once, outside the measurement, that both servers authenticate.
        jsasl();
        jdk();
    }

    @TearDown
    public void tearDown() {
        Security.removeProvider(JsaslProvider.NAME);
    }

    @Benchmark
    public String jsasl() throws SaslException {
        return exchange(jsaslFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props, handler));
    }

    @Benchmark
    public String jdk() throws SaslException {
        return exchange(jdkFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props, handler));
    }

    private String exchange(SaslServer server) throws SaslException {
        if (server == null) {
            throw new IllegalStateException("no CRAM-MD5 server");
        }
        byte[] challenge = server.evaluateResponse(EMPTY);
        if (challenge == null || challenge.length == 0 || challenge[0] != '<') {
            throw new IllegalStateException("unexpected challenge");
        }
        byte[] digest = clientMac.doFinal(challenge);
        byte[] response = new byte[USER_SP.length + 2 * digest.length];
        System.arraycopy(USER_SP, 0, response, 0, USER_SP.length);
        for (int i = 0, j = USER_SP.length; i < digest.length; i++) {
            response[j++] = HEX[(digest[i] >> 4) & 0xf];
            response[j++] = HEX[digest[i] & 0xf];
        }
        byte[] last = server.evaluateResponse(response);
        if (last != null && last.length != 0 || !server.isComplete()) {
            throw new IllegalStateException("CRAM-MD5 exchange did not complete");
        }
        String authzid = server.getAuthorizationID();
        if (!USER.equals(authzid)) {
            throw new IllegalStateException("authorization identity " + authzid);
        }
        return authzid;
    }
}
