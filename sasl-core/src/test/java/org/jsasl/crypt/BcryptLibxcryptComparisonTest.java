package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Compares Bcrypt with the system's libxcrypt on random passwords, salts and variants, and on
 * randomly damaged settings. Skipped where libcrypt.so.1 cannot be loaded.
 */
class BcryptLibxcryptComparisonTest {

    private static final String SALT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final Bcrypt BCRYPT = new Bcrypt();

    /** crypt_rn through JNA direct mapping; byte arrays, so that no charset gets in the way. */
    private static final class Libxcrypt {
        static native Pointer crypt_rn(byte[] phrase, byte[] setting, Pointer data, int size);
    }

    private static final int DATA_SIZE = 32768;
    private static Memory data;

    @BeforeAll
    static void loadLibxcrypt() {
        try {
            Native.register(Libxcrypt.class, NativeLibrary.getInstance("libcrypt.so.1"));
            data = new Memory(DATA_SIZE);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            Assumptions.abort("libxcrypt not available: " + e);
        }
    }

    /** libxcrypt's result, or null where it refuses. */
    private static String nativeCrypt(byte[] password, String setting) {
        byte[] phrase = Arrays.copyOf(password, password.length + 1);
        byte[] s = Arrays.copyOf(setting.getBytes(StandardCharsets.ISO_8859_1), setting.length() + 1);
        Pointer result = Libxcrypt.crypt_rn(phrase, s, data, DATA_SIZE);
        return result == null ? null : result.getString(0, "ISO-8859-1");
    }

    private static String javaCrypt(byte[] password, String setting) {
        try {
            return BCRYPT.crypt(password, setting);
        } catch (InvalidSettingException e) {
            return null;
        }
    }

    private static byte[] randomPassword(Random random) {
        int length = random.nextInt(10) == 0 ? 60 + random.nextInt(30) : random.nextInt(24);
        byte[] password = new byte[length];
        for (int i = 0; i < length; i++) {
            // Mostly bytes >= 0x80 and 0xff runs, where $2x$ and $2a$ differ from the others.
            switch (random.nextInt(4)) {
                case 0: password[i] = (byte) (0x20 + random.nextInt(0x5f)); break;
                case 1: password[i] = (byte) 0xff; break;
                default: password[i] = (byte) (1 + random.nextInt(255)); break;
            }
        }
        return password;
    }

    private static String randomSetting(Random random, int cost) {
        StringBuilder s = new StringBuilder("$2").append("abxy".charAt(random.nextInt(4)));
        s.append('$').append(String.format("%02d", cost)).append('$');
        for (int i = 0; i < 22; i++) {
            s.append(SALT_ALPHABET.charAt(random.nextInt(SALT_ALPHABET.length())));
        }
        return s.toString();
    }

    @Test
    void randomPasswordsSaltsAndVariantsGiveLibxcryptsResult() {
        Random random = new Random(20240611);
        for (int n = 0; n < 400; n++) {
            byte[] password = randomPassword(random);
            String setting = randomSetting(random, 4);
            String expected = nativeCrypt(password, setting);
            assertEquals(expected, javaCrypt(password, setting), "case " + n + ": " + setting);
        }
    }

    @Test
    void damagedSettingsAreRefusedExactlyWhereLibxcryptRefusesThem() {
        Random random = new Random(7);
        byte[] password = "pässwörd".getBytes(StandardCharsets.UTF_8);
        int accepted = 0;
        int refused = 0;
        for (int n = 0; n < 600; n++) {
            StringBuilder s = new StringBuilder(randomSetting(random, 4));
            int edits = 1 + random.nextInt(2);
            for (int e = 0; e < edits; e++) {
                int at = random.nextInt(s.length() + 1);
                char c = (char) (1 + random.nextInt(0x7f));
                switch (random.nextInt(3)) {
                    case 0: if (at < s.length()) { s.setCharAt(at, c); } break;
                    case 1: s.insert(at, c); break;
                    default: if (at < s.length()) { s.deleteCharAt(at); } break;
                }
            }
            String setting = s.toString();
            // Other families (DES takes almost anything) are not Bcrypt's business, and a damaged
            // cost could ask for billions of rounds.
            if (!setting.startsWith("$2") || expensive(setting)) {
                continue;
            }
            String expected = nativeCrypt(password, setting);
            String actual = javaCrypt(password, setting);
            assertEquals(expected, actual, "setting " + setting);
            if (expected == null) {
                refused++;
                assertThrows(InvalidSettingException.class, () -> BCRYPT.crypt(password, setting));
            } else {
                accepted++;
            }
        }
        // Both outcomes must have been exercised for the comparison to mean something.
        assertTrue(accepted > 50 && refused > 50, accepted + " accepted, " + refused + " refused");
    }

    private static boolean expensive(String setting) {
        return setting.length() >= 6 && Character.isDigit(setting.charAt(4)) && Character.isDigit(setting.charAt(5))
                && Integer.parseInt(setting.substring(4, 6)) > 5;
    }

    @Test
    void passphraseLengthLimitMatches() {
        String setting = "$2y$04$abcdefghijklmnopqrstuu";
        for (int length : new int[] {510, 511, 512, 600}) {
            byte[] password = new byte[length];
            Arrays.fill(password, (byte) 'z');
            assertEquals(nativeCrypt(password, setting), javaCrypt(password, setting), length + " bytes");
        }
        byte[] p600 = new byte[600];
        Arrays.fill(p600, (byte) 'z');
        assertNull(javaCrypt(p600, setting));
    }
}
