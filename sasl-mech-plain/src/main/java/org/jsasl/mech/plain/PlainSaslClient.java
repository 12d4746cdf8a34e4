package org.jsasl.mech.plain;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.security.sasl.SaslException;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordSaslClient;

/** PLAIN client (RFC 4616): sends {@code authzid NUL authcid NUL passwd} as the initial response. */
public final class PlainSaslClient extends PasswordSaslClient {

    PlainSaslClient(ClientSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return PlainMechanism.NAME;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    protected byte[] respond(byte[] challenge) throws SaslException {
        String authzid = session.authorizationId();
        byte[] authz = authzid == null ? new byte[0] : authzid.getBytes(StandardCharsets.UTF_8);
        byte[] authcid = name().getBytes(StandardCharsets.UTF_8);
        byte[] password = password();
        byte[] message = new byte[authz.length + 1 + authcid.length + 1 + password.length];
        System.arraycopy(authz, 0, message, 0, authz.length);
        System.arraycopy(authcid, 0, message, authz.length + 1, authcid.length);
        System.arraycopy(password, 0, message, authz.length + 1 + authcid.length + 1, password.length);
        markComplete();
        return message;
    }

    @Override
    public String toString() {
        return "PlainSaslClient" + Arrays.asList(session.protocol(), session.serverName());
    }
}
