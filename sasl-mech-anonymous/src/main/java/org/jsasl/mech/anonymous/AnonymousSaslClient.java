package org.jsasl.mech.anonymous;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import org.jsasl.JsaslProperties;
import org.jsasl.mech.ClientSession;

/**
 * ANONYMOUS client (RFC 4505): sends the trace token as its initial response, or in answer to the
 * server's empty challenge. The token is {@link JsaslProperties#ANONYMOUS_TRACE}; without it, what
 * the CallbackHandler's NameCallback answers; failing that, empty.
 */
public final class AnonymousSaslClient implements SaslClient {

    private final ClientSession session;
    private boolean complete;
    private boolean disposed;

    AnonymousSaslClient(ClientSession session) {
        this.session = session;
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
    public byte[] evaluateChallenge(byte[] challenge) throws SaslException {
        if (disposed) {
            throw new IllegalStateException("ANONYMOUS client already disposed");
        }
        if (complete) {
            throw new IllegalStateException("ANONYMOUS authentication already completed");
        }
        if (challenge != null && challenge.length > 0) {
            throw new SaslException("ANONYMOUS: the server sent a non-empty challenge");
        }
        String trace = trace();
        TraceToken.check(trace);
        complete = true;
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

    @Override
    public boolean isComplete() {
        return complete;
    }

    @Override
    public byte[] unwrap(byte[] incoming, int offset, int len) {
        throw new IllegalStateException(complete ? "ANONYMOUS supports neither integrity nor privacy"
                : "ANONYMOUS authentication not completed");
    }

    @Override
    public byte[] wrap(byte[] outgoing, int offset, int len) {
        throw new IllegalStateException(complete ? "ANONYMOUS supports neither integrity nor privacy"
                : "ANONYMOUS authentication not completed");
    }

    @Override
    public Object getNegotiatedProperty(String propName) {
        if (!complete) {
            throw new IllegalStateException("ANONYMOUS authentication not completed");
        }
        return Sasl.QOP.equals(propName) ? "auth" : null;
    }

    @Override
    public void dispose() {
        disposed = true;
    }
}
