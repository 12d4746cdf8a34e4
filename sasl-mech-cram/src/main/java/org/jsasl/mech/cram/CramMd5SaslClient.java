package org.jsasl.mech.cram;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.security.sasl.SaslException;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.PasswordSaslClient;

/**
 * CRAM-MD5 client (RFC 2195): answers the server's challenge with {@code username SP digest}, the
 * digest being HMAC-MD5(password, challenge) in lower-case hex. It has no initial response; the
 * name and password come from the CallbackHandler's NameCallback and PasswordCallback.
 */
public final class CramMd5SaslClient extends PasswordSaslClient {

    CramMd5SaslClient(ClientSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return CramMd5Mechanism.NAME;
    }

    @Override
    public boolean hasInitialResponse() {
        return false;
    }

    @Override
    protected byte[] respond(byte[] challenge) throws SaslException {
        if (challenge.length == 0) {
            throw new SaslException("CRAM-MD5: the server sent an empty challenge");
        }
        String name = name();
        if (name.isEmpty()) {
            throw new SaslException("CRAM-MD5: the callback handler gave an empty user name");
        }
        byte[] digest = HmacMd5.mac(password(), challenge);
        byte[] user = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[user.length + 1 + 2 * digest.length];
        System.arraycopy(user, 0, out, 0, user.length);
        out[user.length] = ' ';
        Hex.encode(digest, out, user.length + 1);
        Arrays.fill(digest, (byte) 0);
        markComplete();
        return out;
    }
}
