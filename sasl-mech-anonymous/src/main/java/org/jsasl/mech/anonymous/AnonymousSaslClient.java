package org.jsasl.mech.anonymous;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import org.jsasl.JsaslProperties;
import org.jsasl.mech.ClientSession;
import org.jsasl.mech.MechanismSaslClient;

/**
 * ANONYMOUS client (RFC 4505): sends the trace token as its initial response, or in answer to the
 * server's empty challenge. The token is {@link JsaslProperties#ANONYMOUS_TRACE}; without it, what
 * the CallbackHandler's NameCallback answers; failing that, empty.
 */
public final class AnonymousSaslClient extends MechanismSaslClient {

    AnonymousSaslClient(ClientSession session) {
        super(session);
    }

    @Override
    public String getMechanismName() {
        return AnonymousMechanism.NAME;
    }

    @Override
    public boolean hasInitialResponse() {
        return true;
    }

    @Override
    protected byte[] respond(byte[] challenge) throws SaslException {
        if (challenge.length > 0) {
            throw new SaslException("ANONYMOUS: the server sent a non-empty challenge");
        }
        String trace = trace();
        TraceToken.check(trace);
        markComplete();
        return trace.getBytes(StandardCharsets.UTF_8);
    }

    private String trace() throws SaslException {
        Object value = session.properties().get(JsaslProperties.ANONYMOUS_TRACE);
        if (value != null) {
            if (!(value instanceof String s)) {
                throw new SaslException(JsaslProperties.ANONYMOUS_TRACE + " must be a String");
            }
            return s;
        }
        CallbackHandler cbh = session.callbackHandler();
        if (cbh == null) {
            return "";
        }
        NameCallback name = new NameCallback("Trace: ");
        try {
            cbh.handle(new Callback[] {name});
        } catch (UnsupportedCallbackException e) {
            return "";
        } catch (IOException e) {
            throw new SaslException("ANONYMOUS: the callback handler failed", e);
        }
        return name.getName() == null ? "" : name.getName();
    }
}
