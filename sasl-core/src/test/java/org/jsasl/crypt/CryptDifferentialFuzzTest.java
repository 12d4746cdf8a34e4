package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsasl.secret.ScramSecret;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target (issue 13), differential: a fuzzed password and stored value, checked by jsasl
 * ({@link StoredPasswordCheck#verify}, which hands a bare crypt(3) string to {@link CryptVerifier#verify})
 * and by the system's libxcrypt ({@code crypt_rn} of libcrypt.so.1, called here through JNA on the
 * raw bytes, so that jsasl's own pre-checks in {@link CryptLimits} are compared with libxcrypt's
 * rather than with themselves; the project's binding, {@link Libxcrypt#crypt}, is checked to
 * agree with that raw call). The stored value is fully fuzzed, a fuzzed tail after a chosen
 * prefix, a hash libxcrypt made for a generated setting, or a test vector
 * ({@code crypt-vectors.tsv}); the last two possibly mutated (truncated, a character replaced,
 * one appended), and possibly wrapped in a Dovecot {@code {SCHEME}}.
 *
 * <p>The contract on every input: nothing escapes (the verifiers return a {@link CryptCheck}),
 * and no check ends in the "cannot check this hash" fallback that hides a {@link RuntimeException};
 * on a bare crypt(3) string, jsasl says Match exactly when libxcrypt returns the stored string
 * itself, and Unsupported (never Mismatch) when libxcrypt refuses it; inside {@code {SCHEME}}, the crypt schemes give the payload's verdict when
 * it has their format and Unsupported otherwise. The documented differences from libxcrypt, not
 * compared: {@code $apr1$}, which libxcrypt lacks and jsasl computes (README "Password hashes",
 * {@link CryptFormat}); a NUL in the password or the stored value, which C cannot receive and
 * jsasl refuses ({@link CryptLimits}; expected Unsupported); SCRAM secrets and the non-crypt
 * {@code {SCHEME}}s, which are not crypt(3) strings (no exception is all that is checked). A reason
 * never shows the password.
 *
 * <p>Per-input time is kept small: generated costs are the cheapest (SHA rounds 1000-1500,
 * bcrypt 04-05, yescrypt {@code j75}), and an input whose cost libxcrypt would accept but which is
 * expensive ({@link #tooCostly}: SHA/SunMD5 rounds or sha1crypt iterations over 10,000, bcrypt
 * cost over 05, BSDi count over 10,000, other yescrypt/scrypt parameters) is skipped, while a cost
 * out of libxcrypt's range (rounds over 999,999,999, bcrypt 32) is run: it must be refused, not
 * computed. Skipped (assumption) when libcrypt.so.1 is not available. Regression inputs:
 * {@code src/test/resources/org/jsasl/crypt/CryptDifferentialFuzzTestInputs/}.
 */
class CryptDifferentialFuzzTest {

    /** Prefixes the fuzzed tail follows; costs are the cheapest or out of range (refused). */
    static final String[] PREFIXES = {"", "$1$", "$5$", "$5$rounds=1000$", "$5$rounds=1001$", "$6$",
        "$6$rounds=1000$", "$6$rounds=999$", "$6$rounds=01000$", "$6$rounds=1000000000$", "$5$rounds=$",
        "$2b$04$", "$2y$04$", "$2a$05$", "$2x$04$", "$2b$03$", "$2b$32$", "$2b$4$", "$2$04$", "$2c$04$",
        "$y$j75$", "$gy$j75$", "$7$BU..../....", "$md5,rounds=100$", "$md5$", "$md5,rounds=0$", "$sha1$1000$",
        "$3$", "$3$$", "$apr1$", "_J9..", "_/...", "_", "$", "$$", "ab", "..", "$6$rounds=4999$"};

    /** Settings generated in full: prefix plus a salt (fuzzed or fixed). */
    static final String[] SETTING_PREFIXES = {"", "$1$", "$5$", "$5$rounds=1000$", "$6$", "$6$rounds=1500$",
        "$2b$04$", "$2y$04$", "$2a$04$", "$2x$04$", "$y$j75$", "$gy$j75$", "$md5,rounds=10$", "$sha1$500$",
        "$3$", "_J9..", "_6C/."};

    static final String[] SCHEMES = {"CRYPT", "crypt", "MD5-CRYPT", "SHA256-CRYPT", "SHA512-CRYPT",
        "Sha512-Crypt", "SHA512-CRYPT.HEX", "BLF-CRYPT", "DES-CRYPT", "SSHA", "PLAIN", "SHA512-CRYPT.X", "NOPE"};

    static final String SALT_CHARS = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    static List<CryptVector> vectors;
    static Function cryptRn;
    static Memory data;

    @BeforeAll
    static void setUp() {
        assumeTrue(Libxcrypt.system().isAvailable(), "libcrypt.so.1 is not available here");
        vectors = new ArrayList<>();
        for (CryptVector v : CryptVectors.rows()) {
            if (!tooCostly(v.hash())) {
                vectors.add(v);
            }
        }
        cryptRn = NativeLibrary.getInstance(Libxcrypt.LIBRARY_NAME).getFunction("crypt_rn");
        data = new Memory(32768);
    }

    @FuzzTest(maxDuration = "2m")
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void sameVerdictAsLibxcrypt(FuzzedDataProvider in) throws Exception {
        int mode = in.consumeInt(0, 3);
        byte[] password;
        String stored;
        switch (mode) {
            case 0 -> {
                boolean ascii = in.consumeBoolean();
                password = in.consumeBytes(in.consumeInt(0, 600));
                stored = ascii ? in.consumeRemainingAsAsciiString() : in.consumeRemainingAsString();
            }
            case 1 -> {
                String prefix = in.pickValue(PREFIXES);
                password = in.consumeBytes(in.consumeInt(0, 600));
                stored = prefix + in.consumeRemainingAsAsciiString();
            }
            case 2 -> {
                String prefix = in.pickValue(SETTING_PREFIXES);
                int mutation = in.consumeInt(0, 5);
                int at = in.consumeInt(0, 200);
                char c = (char) in.consumeInt(0x21, 0x7e);
                String scheme = in.consumeInt(0, 3) == 0 ? in.pickValue(SCHEMES) : null;
                password = in.consumeBytes(in.consumeInt(0, 100));
                String salt = in.consumeRemainingAsAsciiString();
                if (salt.isEmpty()) {
                    salt = "saltsalt";
                }
                String made = rawCrypt(password, prefix + salt);
                stored = wrap(scheme, mutate(made != null ? made : prefix + salt, mutation, at, c));
            }
            default -> {
                CryptVector v = vectors.get(in.consumeInt(0, vectors.size() - 1));
                int mutation = in.consumeInt(0, 5);
                int at = in.consumeInt(0, 200);
                char c = (char) in.consumeInt(0x21, 0x7e);
                String scheme = in.consumeInt(0, 3) == 0 ? in.pickValue(SCHEMES) : null;
                password = in.consumeBoolean() ? v.password() : in.consumeRemainingAsBytes();
                stored = wrap(scheme, mutate(v.hash(), mutation, at, c));
            }
        }
        if (tooCostly(stored) || (stored.startsWith("{") && tooCostly(stored.substring(stored.indexOf('}') + 1)))) {
            return;
        }
        byte[] before = password.clone();
        CryptCheck full = StoredPasswordCheck.verify(password, stored);
        assertArrayEquals(before, password, "the password is not modified");
        checkReason(full, password);

        if (ScramSecret.looksLikeScram(stored)) {
            return; // a SCRAM secret, not a crypt(3) string: no exception is the whole contract
        }
        var scheme = DovecotScheme.parse(stored);
        if (scheme.isPresent()) {
            String payload = stored.substring(stored.indexOf('}') + 1);
            String name = scheme.get().scheme();
            String[] fits = switch (name) {
                case "CRYPT" -> new String[] {""};
                case "MD5-CRYPT" -> new String[] {"$1$"};
                case "SHA256-CRYPT" -> new String[] {"$5$"};
                case "SHA512-CRYPT" -> new String[] {"$6$"};
                case "BLF-CRYPT" -> new String[] {"$2a$", "$2b$", "$2x$", "$2y$"};
                case "DES-CRYPT" -> payload.matches("[./0-9A-Za-z]{13}") ? new String[] {""} : new String[0];
                default -> null;
            };
            if (fits == null) {
                return; // {PLAIN}, {SSHA}, an unknown scheme: not crypt(3)
            }
            if (Arrays.stream(fits).noneMatch(payload::startsWith)) {
                assertUnsupported(full, "{" + name + "} with a payload of another format");
                return;
            }
            // The payload's verdict is libxcrypt's verdict on the payload, checked below.
            stored = payload;
        }
        compareWithLibxcrypt(password, stored, full, in.consumeInt(0, 7) == 0);
    }

    /** The bare crypt(3) string's verdict against libxcrypt's. */
    static void compareWithLibxcrypt(byte[] password, String stored, CryptCheck jsasl, boolean viaBinding) {
        if (stored.startsWith("$apr1$")) {
            // Documented difference: libxcrypt has no apr1, jsasl computes it in Java (README
            // "Password hashes", CryptFormat.APR1).
            return;
        }
        boolean cCannotReceive = stored.indexOf('\0') >= 0 || indexOfNul(password) >= 0;
        String lib = cCannotReceive ? null : rawCrypt(password, stored);
        if (lib == null || viaBinding) {
            // Each hash is computed once per side to keep inputs fast: the binding is compared
            // where its own pre-checks matter (a refusal) and on one input in eight otherwise.
            assertEquals(lib, binding(password, stored), "the project's JNA binding returns what crypt_rn returns");
        }
        if (lib == null) {
            // Refused by libxcrypt (or not receivable by C): jsasl refuses it too, never a plain mismatch.
            assertUnsupported(jsasl, "libxcrypt refuses this setting");
        } else if (lib.equals(stored)) {
            assertEquals("match", kind(jsasl), "libxcrypt reproduces the stored hash: jsasl matches");
        } else {
            assertFalse(jsasl instanceof CryptCheck.Match, "libxcrypt computes another hash: jsasl does not match");
        }
    }

    static void assertUnsupported(CryptCheck check, String why) {
        if (!(check instanceof CryptCheck.Unsupported)) {
            fail(why + ", but jsasl says " + kind(check));
        }
    }

    /** No reason hides a RuntimeException, and none shows the password. */
    static void checkReason(CryptCheck check, byte[] password) {
        if (check instanceof CryptCheck.Unsupported u) {
            assertFalse(u.reason().contains("cannot check this hash"), "an implementation threw: " + u.reason());
            String pw = new String(password, StandardCharsets.ISO_8859_1);
            if (pw.length() >= 12) {
                assertFalse(u.reason().contains(pw), "the reason shows the password");
            }
        }
    }

    static String kind(CryptCheck c) {
        if (c instanceof CryptCheck.Match) {
            return "match";
        }
        return c instanceof CryptCheck.Mismatch ? "mismatch" : "unsupported";
    }

    /** {@code crypt_rn} on the raw bytes; null when libxcrypt refuses (NULL or a {@code *} token). */
    static String rawCrypt(byte[] password, String setting) {
        byte[] s = setting.getBytes(StandardCharsets.UTF_8);
        if (indexOfNul(password) >= 0 || indexOfNul(s) >= 0) {
            return null;
        }
        Pointer p = (Pointer) cryptRn.invoke(Pointer.class,
                new Object[] {Arrays.copyOf(password, password.length + 1), Arrays.copyOf(s, s.length + 1), data, 32768});
        if (p == null) {
            return null;
        }
        String out = p.getString(0, "ISO-8859-1");
        return out.startsWith("*") ? null : out;
    }

    /** {@link Libxcrypt#crypt}; null when it refuses, which is its one documented exception. */
    static String binding(byte[] password, String stored) {
        try {
            return Libxcrypt.system().crypt(password, stored);
        } catch (InvalidSettingException e) {
            return null;
        }
    }

    static String wrap(String scheme, String hash) {
        return scheme == null ? hash : "{" + scheme + "}" + hash;
    }

    static String mutate(String s, int mutation, int at, char c) {
        int i = s.isEmpty() ? 0 : at % s.length();
        return switch (mutation) {
            case 1 -> s.substring(0, i);
            case 2 -> s.isEmpty() ? s : s.substring(0, i) + c + s.substring(i + 1);
            case 3 -> s + c;
            default -> s;
        };
    }

    static int indexOfNul(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0) {
                return i;
            }
        }
        return -1;
    }

    private static final Pattern ROUNDS = Pattern.compile("rounds=([+-]?)([0-9]*)");
    private static final long EXPENSIVE = 10_000;

    /**
     * Whether libxcrypt would accept a cost that takes long to compute: skipped, so that each
     * input stays in milliseconds. Costs out of libxcrypt's range are not skipped (they must be
     * refused at once). Conservative: anything that might be parsed as a large cost counts.
     */
    static boolean tooCostly(String s) {
        Matcher m = ROUNDS.matcher(s);
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                return true;
            }
            long v = number(m.group(2));
            boolean sha = s.startsWith("$5$") || s.startsWith("$6$");
            if (v > EXPENSIVE && (!sha || v <= 999_999_999L)) {
                return true;
            }
        }
        if (s.startsWith("$2") && s.length() >= 6 && Character.isDigit(s.charAt(4)) && Character.isDigit(s.charAt(5))
                && (s.charAt(4) - '0') * 10 + (s.charAt(5) - '0') > 5 && (s.charAt(4) - '0') * 10 + (s.charAt(5) - '0') <= 31) {
            return true;
        }
        if (s.startsWith("_") && s.length() >= 5) {
            long count = 0;
            for (int i = 4; i >= 1; i--) {
                int d = SALT_CHARS.indexOf(s.charAt(i));
                if (d < 0) {
                    return false;
                }
                count = count << 6 | d;
            }
            return count > EXPENSIVE;
        }
        if (s.startsWith("$sha1$")) {
            String rest = s.substring(6);
            if (rest.startsWith("+") || rest.startsWith("-")) {
                return true;
            }
            int end = 0;
            while (end < rest.length() && Character.isDigit(rest.charAt(end))) {
                end++;
            }
            return number(rest.substring(0, end)) > EXPENSIVE;
        }
        if (s.startsWith("$y$") || s.startsWith("$gy$")) {
            return !s.substring(s.indexOf('$', 1) + 1).startsWith("j75$");
        }
        if (s.startsWith("$7$")) {
            return !s.startsWith("$7$BU..../....");
        }
        return false;
    }

    static long number(String digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
    }
}
