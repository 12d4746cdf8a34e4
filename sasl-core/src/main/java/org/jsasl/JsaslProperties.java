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

    /**
     * The TLS session of the connection, an {@link javax.net.ssl.SSLSession} (or the
     * {@link javax.net.ssl.SSLSocket}), from which jsasl computes channel-binding data for the
     * {@code -PLUS} mechanisms: {@code tls-server-end-point} on every JDK, {@code tls-exporter} on TLS 1.3
     * where the JDK can export keying material (25 and later). Server and client alike.
     */
    public static final String TLS_SESSION = "org.jsasl.tlsSession";

    /**
     * Prefix of the properties that hand in channel-binding data directly, a {@code byte[]} per type:
     * {@code org.jsasl.channelBinding.tls-exporter}, {@code org.jsasl.channelBinding.tls-server-end-point}
     * (or any type the peer names). It wins over data computed from {@link #TLS_SESSION}; use it with
     * TLS stacks other than JSSE (netty-tcnative, BoringSSL) or on JDKs without the exporter.
     */
    public static final String CHANNEL_BINDING_PREFIX = "org.jsasl.channelBinding.";

    /** {@link #CHANNEL_BINDING_PREFIX} + {@code tls-exporter}. */
    public static final String CHANNEL_BINDING_TLS_EXPORTER = CHANNEL_BINDING_PREFIX + "tls-exporter";

    /** {@link #CHANNEL_BINDING_PREFIX} + {@code tls-server-end-point}. */
    public static final String CHANNEL_BINDING_TLS_SERVER_END_POINT = CHANNEL_BINDING_PREFIX + "tls-server-end-point";

    /**
     * The identity the application established outside SASL, a String: a TLS client certificate's
     * subject, a UNIX peer's user name. EXTERNAL (RFC 4422 appendix A) is offered and accepted only
     * when it is set, as Cyrus' {@code SASL_AUTH_EXTERNAL}.
     */
    public static final String EXTERNAL_IDENTITY = "org.jsasl.externalIdentity";

    /**
     * Server side: the client's network address, for the brute-force throttle
     * ({@code jsasl_throttle}), which counts failures per address as well as per user. A String (an
     * IP address as text, {@code 192.0.2.7}, {@code 2001:db8::7}), an {@link java.net.InetAddress} or
     * an {@link java.net.InetSocketAddress} (its port is ignored). Unset: failures are counted per user
     * only. Mail servers set it from the connection's remote address; {@code jsasl authd} from
     * Dovecot's {@code rip=}.
     */
    public static final String CLIENT_ADDRESS = "org.jsasl.client.address";

    /**
     * Client side: the trace token an ANONYMOUS client sends (RFC 4505: an e-mail address or an opaque
     * string), a String; without it the client asks the CallbackHandler's NameCallback, then sends an
     * empty token.
     */
    public static final String ANONYMOUS_TRACE = "org.jsasl.anonymousTrace";

    /**
     * Client side: the smallest SCRAM iteration count the client accepts from a server, an Integer or
     * its string; default 4096 (RFC 7677 section 4). A server asking for fewer is refused.
     */
    public static final String SCRAM_MIN_ITERATIONS = "org.jsasl.scram.minIterations";

    private JsaslProperties() {
    }
}
