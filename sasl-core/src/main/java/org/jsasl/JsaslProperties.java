package org.jsasl;

/**
 * Names of the properties jsasl reads from the {@code props} map of
 * {@link javax.security.sasl.Sasl#createSaslServer} and {@code getMechanismNames}.
 */
public final class JsaslProperties {

    /**
     * Selects Cyrus mode: a {@link java.nio.file.Path} or String naming an {@code smtpd.conf}-style
     * file (its server context is made once and shared), or a
     * {@link org.jsasl.server.ServerContext} the application made. Without it, jsasl runs in JDK
     * mode and asks the CallbackHandler.
     */
    public static final String CONFIG = "org.jsasl.config";

    /**
     * The realm appended to user names without {@code @}, as Cyrus' {@code user_realm} (Postfix
     * passes {@code smtpd_sasl_local_domain}). Unset: none is appended, and the server name is the
     * default realm for {@code %r}.
     */
    public static final String REALM = "org.jsasl.realm";

    /**
     * Whether the client sent an initial response with its AUTH command: {@code Boolean.TRUE} or
     * {@code "true"} when it did, so that the first {@code evaluateResponse} is that response even
     * when it is empty (RFC 4954's {@code AUTH PLAIN =}, RFC 4422 section 5: a zero-length initial
     * response is not "no initial response"). Absent, {@code false} or {@code "false"}: the JDK
     * convention, where an empty first response means the client sent none and the mechanism answers
     * with its first challenge. Any other value is an error.
     */
    public static final String INITIAL_RESPONSE = "org.jsasl.initialResponse";

    private JsaslProperties() {
    }
}
