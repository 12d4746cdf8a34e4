package org.jsasl.mech;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.security.AlgorithmParameters;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.PSSParameterSpec;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Computes channel-binding data from a JSSE session: {@code tls-server-end-point} (RFC 5929
 * section 4.1) on every JDK, and {@code tls-exporter} (RFC 9266) on TLS 1.3 where the JDK exposes
 * the exporter ({@code ExtendedSSLSession.exportKeyingMaterialData}, JDK 25 and later; found by
 * reflection so that jsasl still builds and runs on 17).
 */
final class TlsChannelBindings {

    private static final String EXPORTER_LABEL = "EXPORTER-Channel-Binding";
    private static final Method EXPORT = exporter();

    private TlsChannelBindings() {
    }

    /** Whether this JDK can export TLS keying material (JDK 25 and later). */
    static boolean exporterAvailable() {
        return EXPORT != null;
    }

    /** The bindings this JDK can compute for {@code session}, seen from the server's or the client's side. */
    static Map<String, byte[]> compute(SSLSession session, boolean server) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        exporterData(session).ifPresent(d -> out.put(ChannelBindings.TLS_EXPORTER, d));
        serverEndPoint(session, server).ifPresent(d -> out.put(ChannelBindings.TLS_SERVER_END_POINT, d));
        return out;
    }

    private static Optional<byte[]> serverEndPoint(SSLSession session, boolean server) {
        Certificate[] chain;
        try {
            chain = server ? session.getLocalCertificates() : session.getPeerCertificates();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
        if (chain == null || chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) {
            return Optional.empty();
        }
        return serverEndPoint(cert);
    }

    /**
     * RFC 5929 section 4.1: the certificate hashed with its signature's hash function, SHA-256 when
     * that is MD5 or SHA-1; empty when the signature has no single hash function (Ed25519, Ed448),
     * for which the RFC defines no binding.
     */
    static Optional<byte[]> serverEndPoint(X509Certificate cert) {
        Optional<String> hash = endPointHash(cert);
        if (hash.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MessageDigest.getInstance(hash.get()).digest(cert.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> endPointHash(X509Certificate cert) {
        String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT).replace("-", "");
        if (alg.equals("RSASSAPSS")) {
            try {
                AlgorithmParameters p = AlgorithmParameters.getInstance("RSASSA-PSS");
                p.init(cert.getSigAlgParams());
                alg = p.getParameterSpec(PSSParameterSpec.class).getDigestAlgorithm().toUpperCase(Locale.ROOT)
                        .replace("-", "");
            } catch (Exception e) {
                return Optional.empty();
            }
        }
        if (alg.startsWith("MD5") || alg.startsWith("SHA1") || alg.startsWith("SHA256")) {
            return Optional.of("SHA-256");
        }
        if (alg.startsWith("SHA384")) {
            return Optional.of("SHA-384");
        }
        if (alg.startsWith("SHA512")) {
            return Optional.of("SHA-512");
        }
        if (alg.startsWith("SHA224")) {
            return Optional.of("SHA-224");
        }
        return Optional.empty();
    }

    /** RFC 9266: only on TLS 1.3, where the exporter is bound to the whole handshake. */
    private static Optional<byte[]> exporterData(SSLSession session) {
        if (EXPORT == null || !(session instanceof ExtendedSSLSession) || !"TLSv1.3".equals(session.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of((byte[]) EXPORT.invoke(session, EXPORTER_LABEL, new byte[0], 32));
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Method exporter() {
        try {
            return ExtendedSSLSession.class.getMethod("exportKeyingMaterialData", String.class, byte[].class, int.class);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
