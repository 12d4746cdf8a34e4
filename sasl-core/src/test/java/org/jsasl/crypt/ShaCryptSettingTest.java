package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How SHA-crypt settings are read. The expected hashes below came from libxcrypt 4.4.33
 * ({@code crypt_rn} through python3 ctypes, Debian 12) for the password {@code password}.
 */
class ShaCryptSettingTest {

    private static final byte[] PASSWORD = "password".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theLargestRoundsCountIsAccepted() throws Exception {
        ShaCryptSetting s = ShaCrypt.SHA512.parse("$6$rounds=999999999$salt$");
        assertEquals(999_999_999, s.rounds());
        assertTrue(s.explicitRounds());
        assertEquals("salt", s.salt());
    }

    @Test
    void oneMoreThanTheLargestRoundsCountIsRefused() {
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.parse("$6$rounds=1000000000$salt$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA256.parse("$5$rounds=1000000000$salt$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA256.parse("$5$rounds=4294968296$salt$"));
    }

    @Test
    void withoutRoundsTheDefaultIs5000AndNotPrinted() throws Exception {
        ShaCryptSetting s = ShaCrypt.SHA256.parse("$5$abc$");
        assertEquals(5000, s.rounds());
        assertFalse(s.explicitRounds());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$5$rounds=999$s$", "$5$rounds=0$s$", "$5$rounds=01000$s$", "$5$rounds=$s$", "$5$rounds=12x$s$",
        "$5$rounds=-5$s$", "$5$rounds=+1000$s$", "$5$rounds=1000", "$5$rounds=", "$5$rounds=1000x$s$",
        "$5$a!b$", "$5$a*b$", "$5$a:b$", "$5$a;b$", "$5$a\\b$", "$5$a b$", "$5$a\tb$", "$5$a\u007fb$",
        "$5$a\u0080b$", "$5$s$hash!", "$5$0123456789abcdefghij\u00e9", "$5", "",
    })
    void settingsLibxcryptRefusesAreRefused(String setting) {
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA256.crypt(PASSWORD, setting));
        String sha512 = setting.startsWith("$5") ? "$6" + setting.substring(2) : setting;
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.crypt(PASSWORD, sha512));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ' ', value = {
        "$5$rounds=5000$abc $5$rounds=5000$abc$6va2Z4O.keO7R84v9g0B9d2NkB7NOyTy0sMeQ5Z3LLA",
        "$5$abc $5$abc$6va2Z4O.keO7R84v9g0B9d2NkB7NOyTy0sMeQ5Z3LLA",
        "$5$ $5$$V0edGK/GfSrNwzYCrbML4V/gvkNuNTfvn.Pt/LMSAf8",
        "$5$$$ $5$$V0edGK/GfSrNwzYCrbML4V/gvkNuNTfvn.Pt/LMSAf8",
        "$5$rounds=1000$ $5$rounds=1000$$YwQnHQDOPsCJlryuA75uU221CK6G/vNP6xF0y89gq18",
        "$5$roundsX$ $5$roundsX$F095uQ0Cab7u.onFO2F.98MuG1ZCh/Y4WcCi6g2TsE0",
        "$5$rounds $5$rounds$FnMNMNvvhUSAmRDX0XznATLkIRS/yM5bucM7.gJdHg4",
        "$5$rounds=1000$rounds=2000$s$ $5$rounds=1000$rounds=2000$JRCIXctJW6.rWz4buUBJE4OeU8pDZnS810UCJn0hh10",
        "$5$0123456789abcdefghij $5$0123456789abcdef$oQKUolm6Bx7mcEe7JRN5jviqVC8X/HsN4dy/U23FdB0",
        "$5$s$xyz$more $5$s$PSEyOUK2.61cifBEF9dRKkFNBHSjVRV95vwjY2WRTZ2",
        "$5$a#b$ $5$a#b$bnBcblYAeOL4T7ZzGl/gZY1QeGN1vtXae/NL9kKJER.",
        "$5$a~b$ $5$a~b$RthGwKxDHMJfGS2Y/rsFnkhIlxvPZtowo6.aWQ4H84D",
        "$5$a=b$ $5$a=b$rrUc5y0nSjPQBm4UxlWi1e9catUFXq5hrz9Nul58vvD",
        "$6$ $6$$bLTg4cpho8PIUrjfsE7qlU08Qx2UEfw..xOc6I1wpGVtyVYToGrr7BzRdAAnEr5lYFr1Z9WcCf1xNZ1HG9qFW1",
        "$6$rounds=5000$s$ $6$rounds=5000$s$uS8ebqSHbt1SxeJHmjJJ8XiNODU1MHXmq8vuR.PTjWjqzI2O0O5Fqib4lhr5K8OJ/hMYgFNUo1BLK3I7X/8yn/",
    })
    void settingsAreReadAsLibxcryptReadsThem(String setting, String expected) throws Exception {
        CryptAlgorithm algorithm = setting.startsWith("$5$") ? ShaCrypt.SHA256 : ShaCrypt.SHA512;
        assertEquals(expected, algorithm.crypt(PASSWORD, setting));
    }

    @Test
    void passwordsUpTo511BytesAreHashedAndLongerOnesRefused() throws Exception {
        assertEquals("$5$ab$R9W4KOgRLgb50pDy9B6y0coPShAELx0JgWodZwReAZ2",
                ShaCrypt.SHA256.crypt(repeat('x', 511), "$5$ab$"));
        assertEquals("$6$ab$GaCs/iKR.mPYwEpWmu.jXbw7O73TvPvyZE15waH3intT8XGV2xYfKr3UHKi/YuvStMjbzawi2.r8e5EHb2ggT/",
                ShaCrypt.SHA512.crypt(repeat('y', 511), "$6$ab$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA256.crypt(repeat('x', 512), "$5$ab$"));
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.crypt(repeat('x', 512), "$6$ab$"));
    }

    @Test
    void aPasswordWithANulByteIsRefusedBecauseCWouldCutItThere() {
        assertThrows(InvalidSettingException.class, () -> ShaCrypt.SHA512.crypt(new byte[] {'a', 0, 'b'}, "$6$ab$"));
    }

    @Test
    void refusalMessagesNeverContainThePassword() {
        byte[] secret = "hunter2-secret".getBytes(StandardCharsets.US_ASCII);
        for (String setting : new String[] {"$6$rounds=1$s$", "$6$a!b$", "$5$rounds=x$"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class,
                    () -> ShaCrypt.SHA512.crypt(secret, setting.replace("$5$", "$6$")));
            assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        }
    }

    private static byte[] repeat(char c, int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
