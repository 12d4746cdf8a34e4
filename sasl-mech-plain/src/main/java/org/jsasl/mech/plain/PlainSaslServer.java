package org.jsasl.mech.plain;

import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.mech.Utf8;
import org.jsasl.pwcheck.Password;

/**
 * PLAIN server (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd} in UTF-8, sent as
 * the initial response or after an empty challenge; an empty message, initial or not, is malformed. Exactly two NULs; each field at most
 * {@value #MAX_FIELD_BYTES} bytes; the authcid and password must not be empty.
 */
public final class PlainSaslServer extends PasswordSaslServer {

    /** Bound on each of authzid, authcid and password, in bytes (Cyrus' canonical name buffer). */
    public static final int MAX_FIELD_BYTES = 1024;
    private static final int MAX_MESSAGE_BYTES = 3 * MAX_FIELD_BYTES + 2;

    PlainSaslServer(ServerSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return PlainMechanism.NAME;
    }

    @Override
    protected byte[] firstChallenge() {
        // No initial response: RFC 4616 has the server send an empty challenge.
        return new byte[0];
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        if (response.length == 0) {
            // An empty initial response, or an empty answer to the empty challenge (Cyrus: SASL_BADPROT).
            throw malformed("empty message");
        }
        if (response.length > MAX_MESSAGE_BYTES) {
            throw malformed("message longer than " + MAX_MESSAGE_BYTES + " bytes");
        }
        int first = Utf8.indexOf(response, (byte) 0, 0);
        if (first < 0) {
            throw malformed("no NUL separator (expected authzid NUL authcid NUL password)");
        }
        int second = Utf8.indexOf(response, (byte) 0, first + 1);
        if (second < 0) {
            throw malformed("only one NUL separator (expected authzid NUL authcid NUL password)");
        }
        if (Utf8.indexOf(response, (byte) 0, second + 1) >= 0) {
            throw malformed("more than two NUL separators");
        }
        int passwordLength = response.length - second - 1;
        checkLength("authorization identity", first);
        checkLength("authentication identity", second - first - 1);
        checkLength("password", passwordLength);
        String authzid = Utf8.decode(response, 0, first);
        String authcid = Utf8.decode(response, first + 1, second - first - 1);
        if (authzid == null || authcid == null || !Utf8.isValid(response, second + 1, passwordLength)) {
            throw malformed("not valid UTF-8");
        }
        if (authcid.isEmpty()) {
            throw new AuthenticationException("PLAIN: empty authentication identity");
        }
        if (passwordLength == 0) {
            throw new AuthenticationException("PLAIN: empty password");
        }
        return finish(authcid, authzid, Password.copyOf(response, second + 1, passwordLength));
    }

    private static void checkLength(String field, int length) throws SaslException {
        if (length > MAX_FIELD_BYTES) {
            throw malformed(field + " longer than " + MAX_FIELD_BYTES + " bytes");
        }
    }

    private static SaslException malformed(String problem) {
        return new SaslException("PLAIN: malformed message: " + problem);
    }

    @Override
    protected void clearSecrets() {
        // The password lives only in the Password that finish() clears.
    }
}
