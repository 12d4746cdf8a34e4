package org.jsasl.mech.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import javax.security.sasl.SaslException;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.mech.Utf8;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.SaslPrep;
import org.jsasl.secret.SaslPrepException;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.CredentialLookup;

/**
 * SCRAM server (RFC 5802, RFC 7677), with channel binding for the {@code -PLUS} variants. It takes
 * the client-first-message, asks the authenticator for the user's stored SCRAM keys (or the
 * cleartext password, from which it derives them with a per-user salt and
 * {@code scram_iteration_counter} iterations), answers with its nonce, salt and iteration count,
 * then checks the client's proof against StoredKey, the channel binding in constant time, and the
 * proxy policy, and ends with the ServerSignature as success data.
 *
 * <p>An unknown user gets a salt and iteration count as a known one would, and fails at the proof
 * with {@code e=invalid-proof}, exactly like a wrong password. Failures throw
 * {@link ScramFormatException} (a broken message) or {@link ScramAuthenticationException} (a failed
 * login), both carrying the {@code e=} server-final-message; a backend that cannot answer gives
 * {@link org.jsasl.SaslUnavailableException}.
 */
public final class ScramSaslServer extends MechanismSaslServer {

    /** Bound on each client message, in bytes. */
    public static final int MAX_MESSAGE_BYTES = 8192;
    /** Bound on the user name, in bytes (Cyrus' canonical name buffer). */
    public static final int MAX_USERNAME_BYTES = 1024;
    private static final int SERVER_NONCE_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** What every refused proof says, so that the exception does not tell which names exist. */
    private static final String REFUSED = "authentication failed";

    private enum Expecting { CLIENT_FIRST, CLIENT_FINAL }

    private final ScramHash hash;
    private final boolean plus;
    private final String name;
    private final int iterations;

    private Expecting expecting = Expecting.CLIENT_FIRST;
    private ClientFirstMessage clientFirst;
    private ServerFirstMessage serverFirst;
    private byte[] expectedChannelBinding;
    private String authenticationId;
    private Map<String, String> properties = Map.of();
    /** The keys to check the proof against; null when the user has none, which fails at the proof. */
    private ScramSecret secret;
    private String missingReason;
    /** The server's nonce part; random unless a test fixes it to replay the RFCs' examples. */
    private final String serverNonce;

    /**
     * @param iterations the iteration count for keys derived from a cleartext password, and for
     *     unknown users
     */
    ScramSaslServer(ServerSession session, ScramHash hash, boolean plus, int iterations) {
        this(session, hash, plus, iterations, null);
    }

    /** @param serverNonce the server's nonce part, null for a random one (tests replay the RFC examples) */
    ScramSaslServer(ServerSession session, ScramHash hash, boolean plus, int iterations, String serverNonce) {
        super(session);
        this.serverNonce = serverNonce;
        this.hash = hash;
        this.plus = plus;
        this.name = hash.mechanism() + (plus ? "-PLUS" : "");
        this.iterations = iterations;
    }

    @Override
    public String getMechanismName() {
        return name;
    }

    @Override
    protected byte[] firstChallenge() {
        // Client-first: an empty challenge asks for the client-first-message.
        return new byte[0];
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        if (response.length > MAX_MESSAGE_BYTES) {
            throw ScramAttributes.invalid(name, "message longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        String message = Utf8.decode(response, 0, response.length);
        if (message == null) {
            throw ScramAttributes.invalid(name, "not valid UTF-8");
        }
        if (expecting == Expecting.CLIENT_FIRST) {
            return clientFirst(message);
        }
        return clientFinal(message);
    }

    private byte[] clientFirst(String message) throws SaslException {
        ClientFirstMessage first = ClientFirstMessage.parse(name, message);
        if (first.username().getBytes(StandardCharsets.UTF_8).length > MAX_USERNAME_BYTES) {
            throw new ScramFormatException(ScramError.INVALID_USERNAME_ENCODING,
                    name + ": user name longer than " + MAX_USERNAME_BYTES + " bytes");
        }
        expectedChannelBinding = channelBinding(first);
        CredentialLookup lookup;
        try {
            lookup = session.authenticator().credential(first.username(), CredentialKind.scram(hash));
        } catch (RuntimeException e) {
            lookup = new CredentialLookup.Unavailable("internal error", e);
        }
        if (lookup instanceof CredentialLookup.Unavailable u) {
            return complete(u.outcome(), null);
        }
        if (lookup instanceof CredentialLookup.Found found) {
            authenticationId = found.authenticationId();
            properties = found.properties();
            try (Credential credential = found.credential()) {
                secret = keys(credential);
            }
        } else {
            CredentialLookup.Missing missing = (CredentialLookup.Missing) lookup;
            authenticationId = missing.authenticationId();
            missingReason = missing.reason();
        }
        byte[] salt;
        int count;
        if (secret != null) {
            salt = secret.salt();
            count = secret.iterations();
        } else {
            salt = ScramSalts.salt(hash, authenticationId);
            count = iterations;
            // As long as deriving a cleartext user's keys takes, so the time does not tell either.
            ScramSecret.saltedPassword(hash, new byte[] {0}, salt, count);
        }
        clientFirst = first;
        serverFirst = ServerFirstMessage.of(first.nonce() + (serverNonce != null ? serverNonce : randomNonce()), salt,
                count);
        expecting = Expecting.CLIENT_FINAL;
        return serverFirst.text().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomNonce() {
        byte[] random = new byte[SERVER_NONCE_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    /**
     * Applies RFC 5802 section 6 to the GS2 header and returns what {@code c=} must decode to: the
     * header's bytes, then the binding data when the client binds.
     */
    private byte[] channelBinding(ClientFirstMessage first) throws SaslException {
        Gs2Header header = first.header();
        byte[] headerBytes = first.headerText().getBytes(StandardCharsets.UTF_8);
        if (plus) {
            if (header.flag() != Gs2Header.Flag.BOUND) {
                throw new ScramFormatException(ScramError.OTHER_ERROR,
                        name + ": the client did not bind to the channel (p=), which " + name + " requires");
            }
            Optional<byte[]> data = session.channelBindings().get(header.channelBindingType());
            if (data.isEmpty()) {
                throw new ScramFormatException(ScramError.UNSUPPORTED_CHANNEL_BINDING_TYPE,
                        name + ": channel-binding type '" + header.channelBindingType()
                                + "' is not available on this connection (available: "
                                + String.join(", ", session.channelBindings().types()) + ")");
            }
            byte[] d = data.get();
            byte[] expected = Arrays.copyOf(headerBytes, headerBytes.length + d.length);
            System.arraycopy(d, 0, expected, headerBytes.length, d.length);
            return expected;
        }
        if (header.flag() == Gs2Header.Flag.BOUND) {
            throw new ScramFormatException(ScramError.OTHER_ERROR,
                    name + ": the client asked for channel binding (p=), which only " + name + "-PLUS does");
        }
        if (header.flag() == Gs2Header.Flag.SUPPORTED && session.channelBindingOffered()) {
            // The client could bind and saw no -PLUS: someone removed it from the list.
            reject(first.username(), "downgrade: the client supports channel binding but did not see " + name
                    + "-PLUS, which is offered");
            throw new ScramAuthenticationException(ScramError.SERVER_DOES_SUPPORT_CHANNEL_BINDING,
                    name + ": the client supports channel binding and " + name
                            + "-PLUS is offered: the mechanism list was tampered with");
        }
        return headerBytes;
    }

    /** The keys to check the proof with, or null (with {@link #missingReason}) when the credential has none. */
    private ScramSecret keys(Credential credential) {
        if (credential instanceof Credential.Scram scram) {
            if (scram.secret().hash() != hash) {
                missingReason = "the stored keys are " + scram.secret().hash().mechanism() + " keys";
                return null;
            }
            return scram.secret().copy();
        }
        Credential.Cleartext cleartext = (Credential.Cleartext) credential;
        if (cleartext.password().length() == 0) {
            missingReason = "the stored password is empty";
            return null;
        }
        byte[] prepared;
        try {
            prepared = SaslPrep.preparePassword(cleartext.password().bytes());
        } catch (SaslPrepException e) {
            missingReason = "the stored password is refused by SASLprep (" + e.problem() + ")";
            return null;
        }
        try {
            return ScramSecret.derive(hash, prepared, ScramSalts.salt(hash, authenticationId), iterations);
        } finally {
            Arrays.fill(prepared, (byte) 0);
        }
    }

    private byte[] clientFinal(String message) throws SaslException {
        ClientFinalMessage last = ClientFinalMessage.parse(name, message);
        if (!MessageDigest.isEqual(last.nonce().getBytes(StandardCharsets.UTF_8),
                serverFirst.nonce().getBytes(StandardCharsets.UTF_8))) {
            throw new ScramFormatException(ScramError.OTHER_ERROR, name + ": the nonce does not match the server's");
        }
        if (!MessageDigest.isEqual(last.channelBinding(), expectedChannelBinding)) {
            reject(authenticationId, "the channel binding does not match");
            throw new ScramAuthenticationException(ScramError.CHANNEL_BINDINGS_DONT_MATCH,
                    name + ": the channel binding does not match this connection's");
        }
        byte[] authMessage = ScramProof.authMessage(clientFirst.bare(), serverFirst.text(), last.withoutProof());
        if (secret == null || !ScramProof.verify(secret, authMessage, last.proof())) {
            AuthOutcome refused = reject(authenticationId, secret == null ? missingReason : "wrong proof");
            if (refused instanceof AuthOutcome.Unavailable) {
                return complete(refused, null);
            }
            throw new ScramAuthenticationException(ScramError.INVALID_PROOF, name + ": " + REFUSED);
        }
        byte[] serverKey = secret.serverKey();
        byte[] signature = ScramProof.serverSignature(hash, serverKey, authMessage);
        Arrays.fill(serverKey, (byte) 0);
        String authzid = clientFirst.header().authorizationId();
        AuthOutcome outcome;
        try {
            outcome = session.authenticator().authorize(authenticationId, authzid == null ? "" : authzid, properties);
        } catch (RuntimeException e) {
            outcome = new AuthOutcome.Unavailable("internal error", e);
        }
        if (outcome instanceof AuthOutcome.Rejected r) {
            // An authorisation refusal, which is never "account disabled". Nothing reports a disabled
            // account for SCRAM: the stored-credential lookup has no such verdict, and the refusals
            // above (unknown user, wrong proof) must stay indistinguishable, or they would be an oracle.
            throw new ScramAuthenticationException(ScramError.OTHER_ERROR, name + ": " + r.reason());
        }
        return complete(outcome, ServerFinalMessage.success(signature).getBytes(StandardCharsets.US_ASCII));
    }

    /** Tells the authenticator why a login failed (it logs it); the outcome is Rejected or Unavailable. */
    private AuthOutcome reject(String user, String reason) {
        try {
            return session.authenticator().reject(user, reason);
        } catch (RuntimeException e) {
            return new AuthOutcome.Unavailable("internal error", e);
        }
    }

    @Override
    protected void clearSecrets() {
        if (secret != null) {
            secret.wipe();
        }
    }
}
