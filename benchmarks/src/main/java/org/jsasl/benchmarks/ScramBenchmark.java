package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.Security;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProvider;
import org.jsasl.callback.ScramCredentialCallback;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
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
import org.wildfly.security.auth.callback.ChannelBindingCallback;
import org.wildfly.security.auth.callback.CredentialCallback;
import org.wildfly.security.credential.PasswordCredential;
import org.wildfly.security.password.Password;
import org.wildfly.security.password.PasswordFactory;
import org.wildfly.security.password.WildFlyElytronPasswordProvider;
import org.wildfly.security.password.interfaces.ScramDigestPassword;
import org.wildfly.security.password.spec.EncryptablePasswordSpec;
import org.wildfly.security.password.spec.IteratedSaltedPasswordAlgorithmSpec;
import org.wildfly.security.sasl.scram.WildFlyElytronSaslScramProvider;

/**
 * Cost of one complete, successful server-side SCRAM-SHA-256 exchange (RFC 5802/7677), jsasl beside
 * WildFly Elytron's SCRAM server, each through its {@link SaslServerFactory} found once in
 * {@code @Setup} among {@link Sasl#getSaslServerFactories()} (as {@code ExchangeBenchmark}'s
 * cached-factory variants do), each fed by a CallbackHandler in its own library's style.
 *
 * <p>Two cases for each library:
 * <ul>
 *   <li><b>stored</b>: the server holds the user's SCRAM keys, so it runs no PBKDF2; jsasl gets a
 *       {@link ScramSecret} (salt, iterations, StoredKey, ServerKey) through
 *       {@link ScramCredentialCallback}, Elytron a {@link ScramDigestPassword} (salt, iterations,
 *       SaltedPassword) through its {@link CredentialCallback};</li>
 *   <li><b>cleartext</b>: the server holds the password and derives the keys with 4 096 PBKDF2
 *       iterations on every exchange. jsasl gets it through {@code PasswordCallback} (its handler
 *       refuses {@code ScramCredentialCallback}, as a plain JDK handler does) and salts it with
 *       its stable per-user salt. Elytron, handed a cleartext password, would pick a fresh random
 *       salt on every exchange, so that the client would have to run PBKDF2 too and the figure
 *       would be two derivations; instead its handler answers the {@code CredentialCallback} with a
 *       {@code ScramDigestPassword} that Elytron's own {@link PasswordFactory} derives from the
 *       cleartext, with a fixed salt and 4 096 iterations, on every call.</li>
 * </ul>
 *
 * <p>The client side is precomputed where it can be: the client-first-message is a constant, and
 * ClientKey, StoredKey and ServerKey come from the JDK's PBKDF2 in {@code @Setup}. The proof
 * depends on the server's nonce, which neither server lets an application fix, so each operation
 * builds the client-final-message itself with two pre-keyed HMACs (ClientSignature, then the
 * expected ServerSignature) and a Base64 encoding; that cost is the same for both libraries.
 *
 * <p>Each operation throws unless the server-first-message carries the expected salt and iteration
 * count, the server-final-message is exactly {@code v=} and the ServerSignature the client expects,
 * {@code isComplete()} is true and the authorization identity is the user. One thread (the client
 * MACs are shared state). The defaults (1 fork, 3 x 2 s warm-up, 5 x 2 s measurement) are those of
 * the command in BENCHMARKS.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScramBenchmark {

    static final String MECHANISM = "SCRAM-SHA-256";
    private static final String PROTOCOL = "imap";
    private static final String SERVER_NAME = "localhost";
    static final String USER = "alice";
    static final String PASSWORD = "pencil-scram";
    static final int ITERATIONS = 4096;
    /** The salt of the stored keys and of Elytron's cleartext derivation; jsasl's cleartext salt is its own. */
    private static final byte[] SALT = "sixteen-byte-slt".getBytes(StandardCharsets.US_ASCII);
    private static final String CLIENT_NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String CLIENT_FIRST_BARE = "n=" + USER + ",r=" + CLIENT_NONCE;
    /** gs2-header "n,," (no binding, no authzid) and the bare message. */
    private static final byte[] CLIENT_FIRST = ("n,," + CLIENT_FIRST_BARE).getBytes(StandardCharsets.UTF_8);
    /** c= is the base64 of the gs2-header "n,,". */
    private static final String CHANNEL_BINDING = "c=biws";

    private final Map<String, ?> props = Map.of();
    private SaslServerFactory jsaslFactory;
    private SaslServerFactory elytronFactory;
    private final CallbackHandler jsaslStoredHandler = new JsaslStoredKeysHandler();
    private final CallbackHandler jsaslCleartextHandler =
            new ExchangeBenchmark.StoredPasswordHandler(Map.of(USER, PASSWORD.toCharArray()));
    private CallbackHandler elytronStoredHandler;
    private CallbackHandler elytronCleartextHandler;

    private Client storedClient;
    private Client jsaslCleartextClient;
    private final Provider[] elytronProviders = {
        new WildFlyElytronSaslScramProvider(), WildFlyElytronPasswordProvider.getInstance()
    };

    @Setup
    public void setUp() throws Exception {
        if (Security.insertProviderAt(new JsaslProvider(), 1) == -1) {
            throw new IllegalStateException("provider " + JsaslProvider.NAME + " already installed");
        }
        for (Provider p : elytronProviders) {
            Security.addProvider(p);
        }
        jsaslFactory = ServerFactories.inPackage("org.jsasl");
        elytronFactory = ServerFactories.inPackage("org.wildfly.security.sasl.scram");

        byte[] saltedPassword = Client.saltedPassword(SALT, ITERATIONS);
        storedClient = new Client(SALT, ITERATIONS, saltedPassword);
        ScramDigestPassword elytronStored = ScramDigestPassword.createRaw(ScramDigestPassword.ALGORITHM_SCRAM_SHA_256,
                saltedPassword, SALT, ITERATIONS);
        elytronStoredHandler = new ElytronHandler(() -> elytronStored);
        PasswordFactory elytronPasswords = PasswordFactory.getInstance(ScramDigestPassword.ALGORITHM_SCRAM_SHA_256,
                WildFlyElytronPasswordProvider.getInstance());
        IteratedSaltedPasswordAlgorithmSpec spec = new IteratedSaltedPasswordAlgorithmSpec(ITERATIONS, SALT);
        elytronCleartextHandler = new ElytronHandler(
                () -> elytronPasswords.generatePassword(new EncryptablePasswordSpec(PASSWORD.toCharArray(), spec)));

        // jsasl's cleartext salt is derived from the user name inside the server: learn it from one
        // server-first-message, as a real client does, then derive the client's keys once.
        SaslServer probe = jsaslFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props, jsaslCleartextHandler);
        String first = new String(probe.evaluateResponse(CLIENT_FIRST), StandardCharsets.UTF_8);
        probe.dispose();
        String[] parts = first.split(",");
        if (parts.length != 3 || !parts[1].startsWith("s=") || !parts[2].startsWith("i=")) {
            throw new IllegalStateException("unexpected server-first-message " + first);
        }
        byte[] jsaslSalt = Base64.getDecoder().decode(parts[1].substring(2));
        int jsaslIterations = Integer.parseInt(parts[2].substring(2));
        if (jsaslIterations != ITERATIONS) {
            throw new IllegalStateException("jsasl derives with " + jsaslIterations + " iterations, not " + ITERATIONS);
        }
        jsaslCleartextClient = new Client(jsaslSalt, jsaslIterations,
                Client.saltedPassword(jsaslSalt, jsaslIterations));

        // Check once, outside the measurement, that every variant authenticates.
        jsaslStored();
        jsaslCleartext();
        elytronStored();
        elytronCleartext();
    }

    @TearDown
    public void tearDown() {
        Security.removeProvider(JsaslProvider.NAME);
        for (Provider p : elytronProviders) {
            Security.removeProvider(p.getName());
        }
    }

    @Benchmark
    public String jsaslStored() throws SaslException {
        return storedClient.exchange(jsaslFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props,
                jsaslStoredHandler));
    }

    @Benchmark
    public String jsaslCleartext() throws SaslException {
        return jsaslCleartextClient.exchange(jsaslFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props,
                jsaslCleartextHandler));
    }

    @Benchmark
    public String elytronStored() throws SaslException {
        return storedClient.exchange(elytronFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props,
                elytronStoredHandler));
    }

    @Benchmark
    public String elytronCleartext() throws SaslException {
        return storedClient.exchange(elytronFactory.createSaslServer(MECHANISM, PROTOCOL, SERVER_NAME, props,
                elytronCleartextHandler));
    }

    /**
     * The client's side of one exchange for one salt: keys derived once, so that an operation costs
     * the client only two HMACs over the AuthMessage and some string building.
     */
    static final class Client {
        private final String saltAndIterations;
        private final byte[] clientKey;
        /** Keyed with StoredKey: ClientSignature = HMAC(StoredKey, AuthMessage). */
        private final Mac storedKeyMac;
        /** Keyed with ServerKey: ServerSignature = HMAC(ServerKey, AuthMessage). */
        private final Mac serverKeyMac;

        Client(byte[] salt, int iterations, byte[] saltedPassword) throws GeneralSecurityException {
            this.saltAndIterations = ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
            this.clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            this.storedKeyMac = Mac.getInstance("HmacSHA256");
            storedKeyMac.init(new SecretKeySpec(storedKey, "HmacSHA256"));
            this.serverKeyMac = Mac.getInstance("HmacSHA256");
            serverKeyMac.init(new SecretKeySpec(hmac(saltedPassword, "Server Key"), "HmacSHA256"));
        }

        /** The same keys as jsasl's and Elytron's, but from the JDK's PBKDF2, so neither library checks itself. */
        static byte[] saltedPassword(byte[] salt, int iterations) throws GeneralSecurityException {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(PASSWORD.toCharArray(), salt, iterations, 256)).getEncoded();
        }

        private static byte[] hmac(byte[] key, String data) throws GeneralSecurityException {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.US_ASCII));
        }

        /** Runs the whole exchange on {@code server}; throws unless it succeeds as RFC 5802 says. */
        String exchange(SaslServer server) throws SaslException {
            if (server == null) {
                throw new IllegalStateException("no " + MECHANISM + " server");
            }
            String serverFirst = new String(server.evaluateResponse(CLIENT_FIRST), StandardCharsets.UTF_8);
            int comma = serverFirst.indexOf(',');
            if (!serverFirst.startsWith("r=" + CLIENT_NONCE) || comma < 0 || comma == 2 + CLIENT_NONCE.length()
                    || !serverFirst.regionMatches(comma, saltAndIterations, 0, saltAndIterations.length())
                    || serverFirst.length() != comma + saltAndIterations.length()) {
                throw new IllegalStateException("unexpected server-first-message " + serverFirst);
            }
            String withoutProof = CHANNEL_BINDING + "," + serverFirst.substring(0, comma);
            byte[] authMessage = (CLIENT_FIRST_BARE + "," + serverFirst + "," + withoutProof)
                    .getBytes(StandardCharsets.UTF_8);
            byte[] proof = storedKeyMac.doFinal(authMessage);
            for (int i = 0; i < proof.length; i++) {
                proof[i] ^= clientKey[i];
            }
            byte[] clientFinal = (withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                    .getBytes(StandardCharsets.UTF_8);
            byte[] serverFinal = server.evaluateResponse(clientFinal);
            byte[] expected = ("v=" + Base64.getEncoder().encodeToString(serverKeyMac.doFinal(authMessage)))
                    .getBytes(StandardCharsets.US_ASCII);
            // Elytron answers a failed proof with an e= message rather than an exception.
            if (!Arrays.equals(expected, serverFinal)) {
                throw new IllegalStateException("unexpected server-final-message "
                        + (serverFinal == null ? "null" : new String(serverFinal, StandardCharsets.UTF_8)));
            }
            if (!server.isComplete()) {
                throw new IllegalStateException(MECHANISM + " exchange did not complete");
            }
            String authzid = server.getAuthorizationID();
            if (!USER.equals(authzid)) {
                throw new IllegalStateException("authorization identity " + authzid);
            }
            return authzid;
        }
    }

    /** A jsasl JDK-mode handler holding the user's SCRAM-SHA-256 keys, as an XMPP server keeps them. */
    static final class JsaslStoredKeysHandler implements CallbackHandler {
        private final ScramSecret secret;

        JsaslStoredKeysHandler() throws IllegalStateException {
            try {
                byte[] saltedPassword = Client.saltedPassword(SALT, ITERATIONS);
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(saltedPassword, "HmacSHA256"));
                byte[] clientKey = mac.doFinal("Client Key".getBytes(StandardCharsets.US_ASCII));
                byte[] serverKey = mac.doFinal("Server Key".getBytes(StandardCharsets.US_ASCII));
                byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
                secret = new ScramSecret(ScramHash.SHA_256, ITERATIONS, SALT.clone(), storedKey, serverKey);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof NameCallback nc) {
                    name = nc.getName() != null ? nc.getName() : nc.getDefaultName();
                } else if (cb instanceof ScramCredentialCallback sc) {
                    // A copy: the server wipes what it is given when the exchange ends.
                    sc.setSecret(USER.equals(name) && sc.hash() == secret.hash() ? secret.copy() : null);
                } else if (cb instanceof AuthorizeCallback ac) {
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        }
    }

    /** Makes the ScramDigestPassword the Elytron handler hands out (stored, or derived per call). */
    @FunctionalInterface
    interface PasswordSource {
        Password get() throws GeneralSecurityException;
    }

    /**
     * An Elytron-style handler: answers the CredentialCallback for {@code scram-sha-256} with the
     * user's ScramDigestPassword, authorizes a user only as itself, and leaves the
     * ChannelBindingCallback unanswered (no TLS here) without throwing, so that no exception is
     * built per exchange (Elytron's factory would ignore an UnsupportedCallbackException anyway).
     */
    static final class ElytronHandler implements CallbackHandler {
        private final PasswordSource source;

        ElytronHandler(PasswordSource source) {
            this.source = source;
        }

        @Override
        public void handle(Callback[] callbacks) throws UnsupportedCallbackException {
            String name = null;
            for (Callback cb : callbacks) {
                if (cb instanceof ChannelBindingCallback) {
                    continue;
                } else if (cb instanceof NameCallback nc) {
                    name = nc.getName() != null ? nc.getName() : nc.getDefaultName();
                } else if (cb instanceof CredentialCallback cc
                        && cc.isCredentialTypeSupported(PasswordCredential.class,
                                ScramDigestPassword.ALGORITHM_SCRAM_SHA_256)) {
                    if (name == null || USER.equals(name)) {
                        try {
                            cc.setCredential(new PasswordCredential(source.get()));
                        } catch (GeneralSecurityException e) {
                            throw new IllegalStateException(e);
                        }
                    }
                } else if (cb instanceof AuthorizeCallback ac) {
                    ac.setAuthorized(ac.getAuthenticationID().equals(ac.getAuthorizationID()));
                } else {
                    throw new UnsupportedCallbackException(cb);
                }
            }
        }
    }
}
