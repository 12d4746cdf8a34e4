package org.jsasl.mech.login;

import java.nio.charset.StandardCharsets;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.mech.ServerSession;
import org.jsasl.mech.Utf8;
import org.jsasl.pwcheck.Password;

/**
 * LOGIN server, as Cyrus 2.1.28 runs it: challenges exactly {@code Username:} and
 * {@code Password:}; an initial response is the user name (an empty one is refused at once); an
 * empty user name answering {@code Username:} is refused after the password step; each field at most
 * {@value #MAX_FIELD_BYTES} bytes. A NUL in either field is refused (Cyrus silently cuts the
 * password at it). The user name must be UTF-8; the password is passed on as the client's bytes.
 */
public final class LoginSaslServer extends PasswordSaslServer {

    /** Cyrus' limit on the user name and on the password. */
    public static final int MAX_FIELD_BYTES = 1024;

    /** The first challenge, exactly these 9 bytes. */
    static final byte[] USERNAME_CHALLENGE = "Username:".getBytes(StandardCharsets.US_ASCII);
    /** The second challenge, exactly these 9 bytes. */
    static final byte[] PASSWORD_CHALLENGE = "Password:".getBytes(StandardCharsets.US_ASCII);

    private enum Expect { INITIAL, USERNAME, PASSWORD }

    private Expect expect = Expect.INITIAL;
    /** Null while the user name is still to come, and after an empty one (see takeUsername). */
    private String username;

    LoginSaslServer(ServerSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return LoginMechanism.NAME;
    }

    @Override
    protected byte[] firstChallenge() {
        expect = Expect.USERNAME;
        return USERNAME_CHALLENGE.clone();
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        switch (expect) {
            case INITIAL:
                // An initial response is the user name; an empty one names nobody, and the client
                // has not been asked for a password, so the exchange can end here in step.
                if (response.length == 0) {
                    throw new AuthenticationException("LOGIN: empty user name");
                }
                return takeUsername(response);
            case USERNAME:
                return takeUsername(response);
            default:
                return takePassword(response);
        }
    }

    private byte[] takeUsername(byte[] response) throws SaslException {
        check("user name", response);
        String name = Utf8.decode(response, 0, response.length);
        if (name == null) {
            throw new SaslException("LOGIN: user name is not valid UTF-8");
        }
        // An empty name answering "Username:" still gets "Password:", as in Cyrus: a client that
        // sends its password next must find it consumed by this exchange, never read as a command.
        username = name.isEmpty() ? null : name;
        expect = Expect.PASSWORD;
        return PASSWORD_CHALLENGE.clone();
    }

    private byte[] takePassword(byte[] response) throws SaslException {
        if (username == null) {
            throw new AuthenticationException("LOGIN: empty user name");
        }
        check("password", response);
        if (response.length == 0) {
            throw new AuthenticationException("LOGIN: empty password");
        }
        return finish(username, "", Password.copyOf(response, 0, response.length));
    }

    private static void check(String field, byte[] value) throws SaslException {
        if (value.length > MAX_FIELD_BYTES) {
            throw new SaslException("LOGIN: " + field + " longer than " + MAX_FIELD_BYTES + " bytes");
        }
        if (Utf8.indexOf(value, (byte) 0, 0) >= 0) {
            throw new SaslException("LOGIN: " + field + " contains a NUL byte");
        }
    }

    @Override
    protected void clearSecrets() {
        // The password lives only in the Password that finish() clears; the user name is no secret.
    }
}
