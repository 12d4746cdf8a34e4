package org.jsasl.mech.cram;

import java.security.MessageDigest;
import java.util.Arrays;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.SaslUnavailableException;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.mech.Utf8;
import org.jsasl.pwcheck.Password;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.CredentialLookup;

/**
 * CRAM-MD5 server (RFC 2195): sends its challenge, then takes {@code username SP digest}, split at
 * the last space as Cyrus does (so a name may hold spaces), where the digest is 32 hex digits of
 * HMAC-MD5(password, challenge). The name must be non-empty UTF-8 without NUL, CR or LF, at most
 * {@value #MAX_USERNAME_BYTES} bytes. It fetches the user's cleartext password from the
 * authenticator and compares digests in constant time. A wrong digest, an unknown user, a stored
 * value that is not a cleartext password and an empty stored password all fail alike, with
 * {@link AuthenticationException}; a backend that cannot answer gives {@link SaslUnavailableException}.
 */
public final class CramMd5SaslServer extends MechanismSaslServer {

    /** Bound on the user name, in bytes (Cyrus' canonical name buffer). */
    public static final int MAX_USERNAME_BYTES = 1024;
    /** The digest's length in hex digits. */
    static final int DIGEST_HEX_DIGITS = 32;
    private static final int MAX_RESPONSE_BYTES = MAX_USERNAME_BYTES + 1 + DIGEST_HEX_DIGITS;
    /** What every refusal says, so that the exception does not tell which names exist. */
    private static final String REFUSED = "authentication failed";

    private final byte[] challenge;
    private boolean challenged;

    /** @param challenge the challenge to send, which the digest must answer */
    CramMd5SaslServer(ServerSession session, byte[] challenge) {
        super(session);
        this.challenge = challenge.clone();
    }

    @Override
    public String getMechanismName() {
        return CramMd5Mechanism.NAME;
    }

    @Override
    protected byte[] firstChallenge() {
        challenged = true;
        return challenge.clone();
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        if (!challenged) {
            // Cyrus: SASL_BADPROT for initial data to a server-first mechanism.
            throw new SaslException("CRAM-MD5: the client sent an initial response, but CRAM-MD5 starts with the"
                    + " server's challenge");
        }
        Answer answer = parse(response);
        CredentialLookup lookup;
        try {
            lookup = session.authenticator().credential(answer.username(), CredentialKind.CLEARTEXT);
        } catch (RuntimeException e) {
            lookup = new CredentialLookup.Unavailable("internal error", e);
        }
        if (lookup instanceof CredentialLookup.Unavailable u) {
            return complete(u.outcome(), null);
        }
        if (lookup instanceof CredentialLookup.Missing m) {
            return complete(refuse(m.authenticationId(), m.reason()), null);
        }
        CredentialLookup.Found found = (CredentialLookup.Found) lookup;
        String why;
        try (Credential credential = found.credential()) {
            why = check(credential, answer.digest());
        } finally {
            Arrays.fill(answer.digest(), (byte) 0);
        }
        if (why != null) {
            return complete(refuse(found.authenticationId(), why), null);
        }
        AuthOutcome outcome;
        try {
            outcome = session.authenticator().authorize(found.authenticationId(), "", found.properties());
        } catch (RuntimeException e) {
            outcome = new AuthOutcome.Unavailable("internal error", e);
        }
        return complete(outcome, null);
    }

    /** Null when {@code digest} answers the challenge under the stored password, else why not (for logs). */
    private String check(Credential credential, byte[] digest) {
        if (!(credential instanceof Credential.Cleartext cleartext)) {
            return "the stored credential is not a cleartext password";
        }
        Password password = cleartext.password();
        if (password.length() == 0) {
            // PLAIN and LOGIN refuse an empty password; CRAM-MD5 must not be the way in with one.
            return "the stored password is empty";
        }
        byte[] expected = HmacMd5.mac(password.bytes(), challenge);
        try {
            return MessageDigest.isEqual(expected, digest) ? null : "wrong digest";
        } finally {
            Arrays.fill(expected, (byte) 0);
        }
    }

    /** The user name and the 16 bytes the digest decodes to. */
    private record Answer(String username, byte[] digest) {
    }

    private static Answer parse(byte[] response) throws SaslException {
        if (response.length == 0) {
            throw malformed("empty response");
        }
        if (response.length > MAX_RESPONSE_BYTES) {
            throw malformed("response longer than " + MAX_RESPONSE_BYTES + " bytes (user name at most "
                    + MAX_USERNAME_BYTES + ")");
        }
        int space = response.length - 1;
        while (space >= 0 && response[space] != ' ') {
            space--;
        }
        if (space < 0) {
            throw malformed("no space between user name and digest");
        }
        if (space == 0) {
            throw malformed("empty user name");
        }
        if (response.length - space - 1 != DIGEST_HEX_DIGITS) {
            throw malformed("the digest must be " + DIGEST_HEX_DIGITS + " hex digits");
        }
        for (int i = 0; i < space; i++) {
            byte b = response[i];
            if (b == 0 || b == '\r' || b == '\n') {
                throw malformed("user name contains NUL, CR or LF");
            }
        }
        String username = Utf8.decode(response, 0, space);
        if (username == null) {
            throw malformed("user name is not valid UTF-8");
        }
        byte[] digest = Hex.decode(response, space + 1, DIGEST_HEX_DIGITS / 2);
        if (digest == null) {
            throw malformed("the digest is not hexadecimal");
        }
        return new Answer(username, digest);
    }

    private static SaslException malformed(String why) {
        return new SaslException("CRAM-MD5: malformed response: " + why);
    }

    /**
     * Tells the authenticator why (it logs it), then fails with one message whatever the reason:
     * JDK mode's authenticator would otherwise put the reason, such as an unknown user, in the exception.
     */
    private AuthOutcome refuse(String authenticationId, String reason) {
        AuthOutcome outcome;
        try {
            outcome = session.authenticator().reject(authenticationId, reason);
        } catch (RuntimeException e) {
            return new AuthOutcome.Unavailable("internal error", e);
        }
        // Always a plain refusal, never "account disabled": this path is an unknown user or a wrong
        // digest, so a disabled verdict here would tell the client the name exists before the
        // password was proven. (A disabled account could only be reported after check() succeeded,
        // through authorize(); the credential lookup has no such verdict today.)
        return outcome instanceof AuthOutcome.Rejected ? new AuthOutcome.Rejected(REFUSED) : outcome;
    }

    @Override
    protected void clearSecrets() {
        // The stored password lives only in the Credential, closed in step; the challenge is public.
    }
}
