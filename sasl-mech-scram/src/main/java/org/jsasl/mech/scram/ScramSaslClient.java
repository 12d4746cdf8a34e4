package org.jsasl.mech.scram;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.security.sasl.SaslException;
import org.jsasl.JsaslProperties;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordSaslClient;
import org.jsasl.mech.Utf8;
import org.jsasl.secret.SaslPrep;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;

/**
 * SCRAM client (RFC 5802, RFC 7677). It sends the client-first-message as its initial response,
 * answers the server-first-message with its proof, and verifies the ServerSignature, so the
 * exchange fails unless the server knew the user's keys. The {@code -PLUS} variants bind to
 * {@code tls-exporter} when the connection has it, else {@code tls-server-end-point}; the plain
 * variants send {@code y} when the client has channel-binding data (so a server that offers -PLUS
 * detects a downgrade). It refuses iteration counts below {@link JsaslProperties#SCRAM_MIN_ITERATIONS}
 * (4096 unless set) and above {@link ScramSecret#MAX_ITERATIONS}. SASLprep is applied to the name
 * and the password.
 */
public final class ScramSaslClient extends PasswordSaslClient {

    /** The iteration floor when {@link JsaslProperties#SCRAM_MIN_ITERATIONS} is not set (RFC 7677's minimum). */
    public static final int DEFAULT_MIN_ITERATIONS = 4096;
    private static final int CLIENT_NONCE_BYTES = 24;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Binding types in order of preference: RFC 9266 makes tls-exporter the one for TLS 1.3. */
    private static final List<String> PREFERRED = List.of(ChannelBindings.TLS_EXPORTER,
            ChannelBindings.TLS_SERVER_END_POINT);

    private enum Expecting { START, SERVER_FIRST, SERVER_FINAL }

    private final ScramHash hash;
    private final boolean plus;
    private final String name;
    private final int minIterations;
    private Expecting expecting = Expecting.START;
    private ClientFirstMessage clientFirst;
    private byte[] channelBindingData;
    private byte[] expectedServerSignature;
    /** The nonce to send; random unless a test fixes it to replay the RFCs' examples. */
    private final String nonce;

    ScramSaslClient(ClientSession session, ScramHash hash, boolean plus) throws SaslException {
        this(session, hash, plus, null);
    }

    /** @param nonce the client nonce, null for a random one (tests replay the RFC examples with it) */
    ScramSaslClient(ClientSession session, ScramHash hash, boolean plus, String nonce) throws SaslException {
        super(session);
        this.nonce = nonce;
        this.hash = hash;
        this.plus = plus;
        this.name = hash.mechanism() + (plus ? "-PLUS" : "");
        this.minIterations = minIterations(session);
    }

    private static int minIterations(ClientSession session) throws SaslException {
        Object value = session.properties().get(JsaslProperties.SCRAM_MIN_ITERATIONS);
        if (value == null) {
            return DEFAULT_MIN_ITERATIONS;
        }
        int n;
        try {
            n = value instanceof Integer i ? i : Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new SaslException(JsaslProperties.SCRAM_MIN_ITERATIONS + " must be a whole number");
        }
        if (n < 1 || n > ScramSecret.MAX_ITERATIONS) {
            throw new SaslException(JsaslProperties.SCRAM_MIN_ITERATIONS + " must be from 1 to "
                    + ScramSecret.MAX_ITERATIONS);
        }
        return n;
    }

    @Override
    public String getMechanismName() {
        return name;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    protected byte[] respond(byte[] challenge) throws SaslException {
        switch (expecting) {
            case START:
                if (challenge.length > 0) {
                    throw new SaslException(name + ": the server sent a challenge before the client-first-message");
                }
                return clientFirst();
            case SERVER_FIRST:
                return clientFinal(decode(challenge));
            default:
                return verify(decode(challenge));
        }
    }

    private String decode(byte[] challenge) throws SaslException {
        if (challenge.length > ScramSaslServer.MAX_MESSAGE_BYTES) {
            throw ScramAttributes.invalid(name, "server message longer than " + ScramSaslServer.MAX_MESSAGE_BYTES
                    + " bytes");
        }
        String s = Utf8.decode(challenge, 0, challenge.length);
        if (s == null) {
            throw ScramAttributes.invalid(name, "server message is not valid UTF-8");
        }
        return s;
    }

    private byte[] clientFirst() throws SaslException {
        String user = name();
        if (user.isEmpty()) {
            throw new SaslException(name + ": the callback handler gave an empty user name");
        }
        String prepared = SaslPrep.prepare(user);
        Gs2Header header = header();
        clientFirst = ClientFirstMessage.of(header, prepared, nonce != null ? nonce : randomNonce());
        expecting = Expecting.SERVER_FIRST;
        return clientFirst.text().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomNonce() {
        byte[] random = new byte[CLIENT_NONCE_BYTES];
        RANDOM.nextBytes(random);
        return Base64.getEncoder().encodeToString(random);
    }

    private Gs2Header header() throws SaslException {
        ChannelBindings bindings = session.channelBindings();
        String authzid = session.authorizationId();
        if (!plus) {
            return new Gs2Header(bindings.isEmpty() ? Gs2Header.Flag.NONE : Gs2Header.Flag.SUPPORTED, null, authzid);
        }
        String type = PREFERRED.stream().filter(bindings.types()::contains).findFirst()
                .orElse(bindings.types().stream().findFirst().orElse(null));
        Optional<byte[]> data = type == null ? Optional.empty() : bindings.get(type);
        if (data.isEmpty()) {
            throw new SaslException(name + ": no channel-binding data (set " + JsaslProperties.TLS_SESSION + " or "
                    + JsaslProperties.CHANNEL_BINDING_PREFIX + "<type>)");
        }
        channelBindingData = data.get();
        return new Gs2Header(Gs2Header.Flag.BOUND, type, authzid);
    }

    private byte[] clientFinal(String message) throws SaslException {
        ServerFirstMessage first = ServerFirstMessage.parse(name, message);
        String nonce = first.nonce();
        if (!nonce.startsWith(clientFirst.nonce()) || nonce.length() == clientFirst.nonce().length()
                || !ScramAttributes.isNonce(nonce, 2 * ScramAttributes.MAX_NONCE)) {
            throw new ScramAuthenticationException(ScramError.OTHER_ERROR,
                    name + ": the server's nonce does not extend the client's");
        }
        if (first.iterations() < minIterations) {
            throw new ScramAuthenticationException(ScramError.OTHER_ERROR, name + ": the server asks for "
                    + first.iterations() + " iterations, fewer than the " + minIterations + " this client accepts");
        }
        if (first.iterations() > ScramSecret.MAX_ITERATIONS) {
            throw new ScramAuthenticationException(ScramError.OTHER_ERROR, name + ": the server asks for "
                    + first.iterations() + " iterations, more than " + ScramSecret.MAX_ITERATIONS);
        }
        byte[] header = clientFirst.headerText().getBytes(StandardCharsets.UTF_8);
        byte[] cb = header;
        if (channelBindingData != null) {
            cb = Arrays.copyOf(header, header.length + channelBindingData.length);
            System.arraycopy(channelBindingData, 0, cb, header.length, channelBindingData.length);
        }
        String withoutProof = ClientFinalMessage.withoutProof(cb, nonce);
        byte[] authMessage = ScramProof.authMessage(clientFirst.bare(), first.text(), withoutProof);
        byte[] prepared = SaslPrep.preparePassword(password());
        byte[] salted = null;
        byte[] clientKey = null;
        byte[] storedKey = null;
        byte[] serverKey = null;
        try {
            salted = ScramSecret.saltedPassword(hash, prepared, first.salt(), first.iterations());
            clientKey = ScramSecret.clientKey(hash, salted);
            storedKey = hash.newDigest().digest(clientKey);
            byte[] proof = ScramProof.clientProof(hash, clientKey, storedKey, authMessage);
            serverKey = ScramSecret.hmac(hash, salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
            expectedServerSignature = ScramProof.serverSignature(hash, serverKey, authMessage);
            expecting = Expecting.SERVER_FINAL;
            return ClientFinalMessage.text(withoutProof, proof).getBytes(StandardCharsets.UTF_8);
        } finally {
            for (byte[] b : new byte[][] {prepared, salted, clientKey, storedKey, serverKey}) {
                if (b != null) {
                    Arrays.fill(b, (byte) 0);
                }
            }
        }
    }

    private byte[] verify(String message) throws SaslException {
        ServerFinalMessage last = ServerFinalMessage.parse(name, message);
        if (last.error() != null) {
            throw new ScramAuthenticationException(last.error(), name + ": the server refused: "
                    + last.error().wireName());
        }
        if (!MessageDigest.isEqual(last.verifier(), expectedServerSignature)) {
            throw new ScramAuthenticationException(ScramError.OTHER_ERROR,
                    name + ": the server's signature is wrong: it does not know this user's keys");
        }
        markComplete();
        return null;
    }

    @Override
    protected void clearSecrets() {
        super.clearSecrets();
        if (expectedServerSignature != null) {
            Arrays.fill(expectedServerSignature, (byte) 0);
        }
    }
}
