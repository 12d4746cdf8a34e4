package org.jsasl.mech.login;

import java.nio.charset.StandardCharsets;
import javax.security.sasl.SaslException;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordSaslClient;

/**
 * LOGIN client: answers the first challenge with the user name and the second with the password,
 * whatever their text ({@code Username:}, GNU SASL's {@code User Name}, ...). The JDK has none.
 */
public final class LoginSaslClient extends PasswordSaslClient {

    private int answered;

    LoginSaslClient(ClientSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return LoginMechanism.NAME;
    }

    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    protected byte[] respond(byte[] challenge) throws SaslException {
        if (answered++ == 0) {
            return name().getBytes(StandardCharsets.UTF_8);
        }
        byte[] password = password().clone();
        markComplete();
        return password;
    }
}
