package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.Sasl;
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
 * Cost of one complete, successful server-side PLAIN or LOGIN exchange in JDK mode (no
 * {@code org.jsasl.config} property; the application's CallbackHandler hands out the stored
 * cleartext through {@link PasswordCallback} and decides {@link AuthorizeCallback}), from creating
 * the {@link SaslServer} to reading the authorization identity.
 *
 * <p>This is the per-connection work a mail or IMAP server pays for every AUTH command, so it
 * bounds how many authentications per second one core can do and how much garbage each one leaves.
 * The goal (issue 2) is under 2 µs and under 1 KiB allocated per exchange; run with
 * {@code -prof gc} and read {@code gc.alloc.rate.norm}.
 *
 * <p>Two ways of getting the server are measured for each mechanism:
 * <ul>
 *   <li>{@code plainExchange} / {@code loginExchange} call
 *       {@link Sasl#createSaslServer}, as applications do; that includes the JDK's provider lookup
 *       ({@code Security.getProviders("SaslServerFactory.<mech>")}, run over every installed
 *       provider even though the jsasl provider is first);</li>
 *   <li>{@code plainExchangeCachedFactory} / {@code loginExchangeCachedFactory} look jsasl's
 *       {@link SaslServerFactory} up once and call it directly, so the difference between the two
 *       is what {@code Sasl.createSaslServer}'s lookup costs.</li>
 * </ul>
 * Each exchange fails loudly (throws) if it does not complete as expected, so a broken mechanism
 * cannot show up as a fast one. The defaults (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement) are
 * those of the command in BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ExchangeBenchmark {

    private static final String PROTOCOL = "smtp";
    private static final String SERVER_NAME = "localhost";
    private static final String USER = "alice";

    private static final byte[] PLAIN_MESSAGE = "\0alice\0secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] LOGIN_USERNAME = USER.getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOGIN_PASSWORD = "secret".getBytes(StandardCharsets.UTF_8);
    private static final byte[] USERNAME_CHALLENGE = "Username:".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PASSWORD_CHALLENGE = "Password:".getBytes(StandardCharsets.US_ASCII);

    /** JDK mode: no {@code org.jsasl.config}, no policy. */
    private final Map<String, ?> props = Map.of();
    private final CallbackHandler handler = new StoredPasswordHandler(Map.of(USER, "secret".toCharArray()));
    private SaslServerFactory factory;

    @Setup
    public void setUp() throws SaslException {
        if (Security.insertProviderAt(new JsaslProvider(), 1) == -1) {
            throw new IllegalStateException("provider " + JsaslProvider.NAME + " already installed");
        }
        factory = ServerFactories.inPackage("org.jsasl");
        // Check once, outside the measurement, that every variant authenticates.
        plainExchange();
        loginExchange();
        plainExchangeCachedFactory();
        loginExchangeCachedFactory();
    }

    @TearDown
    public void tearDown() {
        Security.removeProvider(JsaslProvider.NAME);
    }

    @Benchmark
    public String plainExchange() throws SaslException {
        return plain(Sasl.createSaslServer("PLAIN", PROTOCOL, SERVER_NAME, props, handler));
    }

    @Benchmark
    public String loginExchange() throws SaslException {
        return login(Sasl.createSaslServer("LOGIN", PROTOCOL, SERVER_NAME, props, handler));
    }

    @Benchmark
    public String plainExchangeCachedFactory() throws SaslException {
        return plain(factory.createSaslServer("PLAIN", PROTOCOL, SERVER_NAME, props, handler));
    }

    @Benchmark
    public String loginExchangeCachedFactory() throws SaslException {
        return login(factory.createSaslServer("LOGIN", PROTOCOL, SERVER_NAME, props, handler));
    }

    private static String plain(SaslServer server) throws SaslException {
        if (server == null) {
            throw new IllegalStateException("no PLAIN server");
        }
        byte[] challenge = server.evaluateResponse(PLAIN_MESSAGE);
        return completed(server, challenge);
    }

    private static String login(SaslServer server) throws SaslException {
        if (server == null) {
            throw new IllegalStateException("no LOGIN server");
        }
        expect(USERNAME_CHALLENGE, server.evaluateResponse(EMPTY));
        expect(PASSWORD_CHALLENGE, server.evaluateResponse(LOGIN_USERNAME));
        return completed(server, server.evaluateResponse(LOGIN_PASSWORD));
    }

    private static void expect(byte[] expected, byte[] challenge) {
        if (!Arrays.equals(expected, challenge)) {
            throw new IllegalStateException("unexpected challenge "
                    + (challenge == null ? "null" : new String(challenge, StandardCharsets.ISO_8859_1)));
        }
    }

    private static String completed(SaslServer server, byte[] lastChallenge) {
        if (lastChallenge != null || !server.isComplete()) {
            throw new IllegalStateException(server.getMechanismName() + " exchange did not complete");
        }
        String authzid = server.getAuthorizationID();
        if (!USER.equals(authzid)) {
            throw new IllegalStateException("authorization identity " + authzid);
        }
        return authzid;
    }

    /**
     * A typical JDK-style handler: hands out the stored cleartext password, authorizes a user only
     * as itself, and rejects every other callback with UnsupportedCallbackException.
     */
    static final class StoredPasswordHandler implements CallbackHandler {
        private final Map<String, char[]> passwords;

        StoredPasswordHandler(Map<String, char[]> passwords) {
            this.passwords = passwords;
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    name = nc.getName() != null ? nc.getName() : nc.getDefaultName();
                } else if (cb instanceof PasswordCallback pc) {
                    char[] stored = name == null ? null : passwords.get(name);
                    pc.setPassword(stored); // PasswordCallback copies it
                } else if (cb instanceof AuthorizeCallback ac) {
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        }
    }
}
