package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.crypt.CryptAlgorithms;
import org.jsasl.crypt.CryptCheck;
import org.jsasl.crypt.CryptVerifier;
import org.jsasl.crypt.Libxcrypt;
import org.jsasl.crypt.NativeCrypt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to verify the password {@code password} against one stored crypt(3) hash per format: jsasl's
 * chosen path ({@link CryptVerifier}, Java or native as {@code bin/jsasl hash --info} says) beside
 * libxcrypt's own {@code crypt_rn} called through JNA plus a constant-time compare, in the same run.
 * Run it with {@code -t 1} and {@code -t 2} to see how each scales on two cores. The hashes are made
 * by libxcrypt itself in {@link #setUp()}: the default SHA-crypt rounds (5000) with 16-character
 * salts, bcrypt cost 10, yescrypt's default {@code j9T} (16 MiB), as the reference measurements used.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
public class CryptBenchmark {

    /** Settings libxcrypt turns into the benchmark hashes. */
    private static final Map<String, String> SETTINGS = Map.ofEntries(
            Map.entry("des", "sa"),
            Map.entry("bsdi", "_J9..salt"),
            Map.entry("md5", "$1$saltsalt$"),
            Map.entry("sha256", "$5$saltsaltsaltsalt$"),
            Map.entry("sha512", "$6$saltsaltsaltsalt$"),
            Map.entry("bcrypt10", "$2b$10$abcdefghijklmnopqrstuu"),
            Map.entry("nt", "$3$$"),
            Map.entry("yescrypt", "$y$j9T$saltsaltsaltsaltsalt$"),
            Map.entry("gost-yescrypt", "$gy$j9T$saltsaltsaltsaltsalt$"),
            Map.entry("scrypt", "$7$CU..../....saltsaltsaltsalt$"),
            Map.entry("sunmd5", "$md5,rounds=5000$saltsalt$"),
            Map.entry("sha1crypt", "$sha1$20000$saltsalt$"));

    @Param({"des", "bsdi", "md5", "sha256", "sha512", "bcrypt10", "nt", "yescrypt", "gost-yescrypt", "scrypt",
        "sunmd5", "sha1crypt"})
    public String format;

    private final byte[] password = "password".getBytes(StandardCharsets.UTF_8);
    private final NativeCrypt libxcrypt = NativeCrypt.any();
    private String hash;
    private byte[] hashBytes;

    @Setup
    public void setUp() throws Exception {
        if (!Libxcrypt.system().isAvailable()) {
            throw new IllegalStateException("libxcrypt is not available: " + Libxcrypt.system().unavailableReason());
        }
        hash = libxcrypt.crypt(password, SETTINGS.get(format));
        hashBytes = hash.getBytes(StandardCharsets.US_ASCII);
        if (!(CryptVerifier.verify(password, hash) instanceof CryptCheck.Match)) {
            throw new IllegalStateException("jsasl does not verify " + format);
        }
        System.out.println("# " + format + " served by " + CryptAlgorithms.forSetting(hash).orElseThrow().name()
                + " (" + CryptAlgorithms.forSetting(hash).orElseThrow().path() + ")");
    }

    /** jsasl's verification, as the sql auxprop runs it. */
    @Benchmark
    public boolean jsasl() {
        return CryptVerifier.verify(password, hash) instanceof CryptCheck.Match;
    }

    /** libxcrypt's {@code crypt_rn} through JNA direct mapping, and a constant-time compare. */
    @Benchmark
    public boolean libxcrypt() throws Exception {
        return MessageDigest.isEqual(libxcrypt.crypt(password, hash).getBytes(StandardCharsets.US_ASCII), hashBytes);
    }
}
