package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate used when main.cf names none: a PKCS12 store made once by the JDK's
 * {@code keytool} in a state directory, its random password in a file only the owner may read.
 */
final class SelfSignedStore {

    private static final Logger LOG = LoggerFactory.getLogger(SelfSignedStore.class);

    static final String STORE_NAME = "jsasl-smtpd-selfsigned.p12";
    static final String PASSWORD_NAME = "jsasl-smtpd-selfsigned.pass";
    static final String ALIAS = "smtpd";

    // keytool makes a 2048-bit RSA key in well under a second; a minute means it is stuck.
    private static final long KEYTOOL_SECONDS = 60;

    private SelfSignedStore() {
    }

    /** The store file in {@code stateDir}. */
    static Path storeFile(Path stateDir) {
        return stateDir.resolve(STORE_NAME);
    }

    /**
     * Loads the store in {@code stateDir}, making it first when it is not there.
     *
     * @param hostname the certificate's CN and DNS subject alternative name
     * @return the store and its password
     */
    static Loaded loadOrCreate(Path stateDir, String hostname) throws IOException {
        Path store = storeFile(stateDir);
        Path passFile = stateDir.resolve(PASSWORD_NAME);
        if (!Files.isRegularFile(store) || !Files.isRegularFile(passFile)) {
            create(store, passFile, hostname);
        }
        char[] password = Files.readString(passFile, StandardCharsets.US_ASCII).strip().toCharArray();
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            return new Loaded(ks, password);
        } catch (GeneralSecurityException e) {
            throw new IOException(store + ": cannot be read with the password in " + passFile, e);
        }
    }

    /** A loaded store and the password of its key. */
    record Loaded(KeyStore store, char[] password) {
    }

    private static void create(Path store, Path passFile, String hostname) throws IOException {
        if (!hostname.matches("[A-Za-z0-9.-]{1,253}")) {
            // It goes into a keytool argument and a DN; anything else is not a host name anyway.
            throw new IOException("myhostname " + hostname + " is not usable in a certificate");
        }
        Files.createDirectories(store.getParent());
        Files.deleteIfExists(store);
        Files.deleteIfExists(passFile);
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        // Created with owner-only mode, so there is no moment when others could read it.
        Files.createFile(passFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passFile, HexFormat.of().formatHex(random) + "\n", StandardCharsets.US_ASCII);
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        String pass = passFile.toString();
        // :file keeps the password off the command line, where ps would show it.
        List<String> cmd = List.of(keytool.toString(), "-genkeypair", "-noprompt",
                "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650",
                "-dname", "CN=" + hostname, "-ext", "SAN=dns:" + hostname,
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass:file", pass, "-keypass:file", pass);
        Path log = Files.createTempFile("jsasl-keytool", ".log");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(KEYTOOL_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish in " + KEYTOOL_SECONDS + "s");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(log, StandardCharsets.UTF_8);
                throw new IOException("keytool failed (" + p.exitValue() + "): "
                        + out.substring(0, Math.min(out.length(), 500)).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while keytool ran", e);
        } finally {
            Files.deleteIfExists(log);
        }
        LOG.info("made a self-signed certificate for {} in {}", hostname, store);
    }
}
