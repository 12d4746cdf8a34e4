package org.jsasl.examples.smtpd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server certificate chain and its private key read from Postfix's {@code smtpd_tls_cert_file}
 * and {@code smtpd_tls_key_file} (PEM; the key an unencrypted PKCS#8 RSA or EC key).
 *
 * @param chain the certificates, the server's own first
 * @param key the private key of the first certificate
 */
record PemKeyPair(List<Certificate> chain, PrivateKey key) {

    // A PEM file larger than this is not a key or a certificate chain.
    private static final long MAX_FILE_SIZE = 1 << 20;

    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private static final Pattern CERTIFICATE = Pattern.compile(
            "-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]+-----END CERTIFICATE-----");

    PemKeyPair {
        chain = List.copyOf(chain);
    }

    /**
     * Reads the pair.
     *
     * @throws IOException when a file cannot be read or holds no usable certificate or key
     */
    static PemKeyPair load(Path certFile, Path keyFile) throws IOException {
        List<Certificate> chain = certificates(certFile);
        if (chain.isEmpty()) {
            throw new IOException(certFile + ": no certificate");
        }
        byte[] pem = read(keyFile);
        byte[] der = null;
        try {
            Matcher m = PKCS8.matcher(new String(pem, StandardCharsets.US_ASCII));
            if (!m.find()) {
                // Saying which form we need is the useful message; PKCS#1 and encrypted keys need converting.
                throw new IOException(keyFile + ": no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----);"
                        + " convert with: openssl pkcs8 -topk8 -nocrypt");
            }
            der = Base64.getMimeDecoder().decode(m.group(1));
            return new PemKeyPair(chain, privateKey(der, chain.get(0), keyFile));
        } finally {
            Arrays.fill(pem, (byte) 0);
            if (der != null) {
                Arrays.fill(der, (byte) 0);
            }
        }
    }

    /**
     * The CERTIFICATE blocks of a PEM file in order; other blocks (a key kept in the same file, as
     * Postfix allows) are skipped, since the JDK's parser stops at them.
     */
    static List<Certificate> certificates(Path certFile) throws IOException {
        byte[] pem = read(certFile);
        try {
            StringBuilder certs = new StringBuilder();
            Matcher m = CERTIFICATE.matcher(new String(pem, StandardCharsets.US_ASCII));
            while (m.find()) {
                certs.append(m.group()).append('\n');
            }
            return List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(
                    new ByteArrayInputStream(certs.toString().getBytes(StandardCharsets.US_ASCII))));
        } catch (GeneralSecurityException e) {
            throw new IOException(certFile + ": not a PEM certificate chain: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pem, (byte) 0);   // the file may hold the private key too
        }
    }

    private static PrivateKey privateKey(byte[] der, Certificate cert, Path keyFile) throws IOException {
        // The certificate's key says which algorithm the private key must be.
        String algorithm = cert.getPublicKey().getAlgorithm();
        if (!algorithm.equals("RSA") && !algorithm.equals("EC")) {
            throw new IOException(keyFile + ": only RSA and EC keys are supported, the certificate has " + algorithm);
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(keyFile + ": not a PKCS#8 " + algorithm + " key matching the certificate", e);
        }
    }

    private static byte[] read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new IOException(file + ": larger than " + MAX_FILE_SIZE + " bytes");
        }
        return Files.readAllBytes(file);
    }
}
