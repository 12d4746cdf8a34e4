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
 * {@code Password:}; a non-empty initial response is the user name; each field at most
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

    private enum Expect { ANYTHING, USERNAME, PASSWORD }

    private Expect expect = Expect.ANYTHING;
    private String username;

    LoginSaslServer(ServerSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return LoginMechanism.NAME;
    }

    @Override
    protected byte[] step(byte[] response) throws SaslException {
        switch (expect) {
            case ANYTHING:
                if (response.length == 0) {
                    expect = Expect.USERNAME;
                    return USERNAME_CHALLENGE.clone();
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
        if (name.isEmpty()) {
            throw new AuthenticationException("LOGIN: empty user name");
        }
        username = name;
        expect = Expect.PASSWORD;
        return PASSWORD_CHALLENGE.clone();
    }

    private byte[] takePassword(byte[] response) throws SaslException {
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
