package org.jsasl.mech;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.security.sasl.SaslException;
import org.jsasl.JsaslProperties;

/**
 * The channel-binding data of one connection, by type ({@code tls-server-end-point},
 * {@code tls-exporter}): what a {@code -PLUS} mechanism binds the authentication to. It comes from the
 * application, either as the data itself or as the TLS session jsasl computes it from
 * ({@link JsaslProperties#TLS_SESSION}). The data is not secret but is never printed.
 */
public final class ChannelBindings {

    /** RFC 5929's type: a hash of the server's certificate. Every JDK can compute it. */
    public static final String TLS_SERVER_END_POINT = "tls-server-end-point";

    /** RFC 9266's type: the TLS 1.3 exporter with label {@code EXPORTER-Channel-Binding}. */
    public static final String TLS_EXPORTER = "tls-exporter";

    /** No channel binding. */
    public static final ChannelBindings NONE = new ChannelBindings(Map.of());

    private static final int MAX_DATA = 1024;

    private final Map<String, byte[]> data;

    private ChannelBindings(Map<String, byte[]> data) {
        this.data = data;
    }

    /** Bindings from explicit data, type to bytes. */
    public static ChannelBindings of(Map<String, byte[]> byType) {
        Map<String, byte[]> copy = new LinkedHashMap<>();
        byType.forEach((k, v) -> copy.put(k, v.clone()));
        return new ChannelBindings(Collections.unmodifiableMap(copy));
    }

    /**
     * Reads the bindings the application passed in {@code props} for one side of the connection:
     * explicit data ({@link JsaslProperties#CHANNEL_BINDING_PREFIX} + type, a byte[]) wins over data
     * computed from {@link JsaslProperties#TLS_SESSION}.
     *
     * @param server true for the server's side (its own certificate is the end point), false for a client's
     * @throws SaslException for a property of the wrong type or oversized data
     */
    public static ChannelBindings fromProperties(Map<String, ?> props, boolean server) throws SaslException {
        if (props == null || props.isEmpty()) {
            return NONE;
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        Object tls = props.get(JsaslProperties.TLS_SESSION);
        if (tls != null) {
            SSLSession session;
            if (tls instanceof SSLSession s) {
                session = s;
            } else if (tls instanceof SSLSocket socket) {
                session = socket.getSession();
            } else {
                throw new SaslException(JsaslProperties.TLS_SESSION + " must be an SSLSession or SSLSocket, not "
                        + tls.getClass().getName());
            }
            out.putAll(TlsChannelBindings.compute(session, server));
        }
        for (Map.Entry<String, ?> e : props.entrySet()) {
            if (e.getKey().startsWith(JsaslProperties.CHANNEL_BINDING_PREFIX) && e.getValue() != null) {
                String type = e.getKey().substring(JsaslProperties.CHANNEL_BINDING_PREFIX.length());
                if (!(e.getValue() instanceof byte[] bytes)) {
                    throw new SaslException(e.getKey() + " must be a byte[]");
                }
                if (bytes.length == 0 || bytes.length > MAX_DATA) {
                    throw new SaslException(e.getKey() + " must hold 1.." + MAX_DATA + " bytes");
                }
                out.put(type, bytes.clone());
            }
        }
        return out.isEmpty() ? NONE : new ChannelBindings(Collections.unmodifiableMap(out));
    }

    /** The data of {@code type}, a copy, if present. */
    public Optional<byte[]> get(String type) {
        byte[] d = data.get(type);
        return d == null ? Optional.empty() : Optional.of(d.clone());
    }

    /** The types present, in the order given. */
    public Set<String> types() {
        return data.keySet();
    }

    /** Whether no binding is present. */
    public boolean isEmpty() {
        return data.isEmpty();
    }

    @Override
    public String toString() {
        return "ChannelBindings" + data.keySet();
    }
}
