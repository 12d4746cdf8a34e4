package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Dovecot {SCHEME} prefixes, as mail databases hold them; vectors made with Python's hashlib. */
class StoredPasswordCheckTest {

    private static final byte[] PASSWORD = "password".getBytes(StandardCharsets.UTF_8);
    private static final byte[] WRONG = "passwore".getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @ValueSource(strings = {
        "{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "{SHA.HEX}5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8",
        "{sha.hex}5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8",
        "{SHA}5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8",
        "{SSHA}FHSxcxbjq3MLv1uDHG3KR7rjXIwBAnNhbHRzYWx0",
        "{SSHA.HEX}1474b17316e3ab730bbf5b831c6dca47bae35c8c010273616c7473616c74",
        "{SHA256}XohImNooBHFR0OVvjcYpJ3NgPQ1qq73WKhHvch0VQtg=",
        "{SHA256.HEX}5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
        "{SSHA256}UHXqRctq7vVaTahSAS/RJcmsmd5EcMcZ8NQAahE61XABAnNhbHRzYWx0",
        "{SSHA256.HEX}5075ea45cb6aeef55a4da852012fd125c9ac99de4470c719f0d4006a113ad570010273616c7473616c74",
        "{SHA512}sQnzu7wkTrgkQZF+0G1hi5AI3Qmzvv0bXgc5THBqi7mAsdd4Xll27ASbRt9fEyavWi6m0QP9B8lThf+rDKy8hg==",
        "{SHA512.HEX}b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86",
        "{SSHA512}6WiyVN4knHuIV9OsHVXw4FzlQOC7YUadWe5XQKhXOKg4m4NXuXTDmLrqIFQVcPFlgRvHA9DVSZPsbvjEtXLBAAECc2FsdHNhbHQ=",
        "{SSHA512.HEX}e968b254de249c7b8857d3ac1d55f0e05ce540e0bb61469d59ee5740a85738a8389b8357b974c398baea20541570f165811bc703d0d54993ec6ef8c4b572c100010273616c7473616c74",
        "{PLAIN}password",
        "{CLEARTEXT}password",
        "{PLAIN.B64}cGFzc3dvcmQ=",
        "{SHA512-CRYPT}$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.",
        "{CRYPT}$1$HMHtm33h$/WHpPD3l/dXIYHyXhNeLV/",
        "{MD5-CRYPT}$1$HMHtm33h$/WHpPD3l/dXIYHyXhNeLV/",
        "{CRYPT}YKU9xym3zeZW.",
        "{DES-CRYPT}YKU9xym3zeZW.",
        "$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.",
    })
    void rightPasswordMatchesAndWrongOneDoesNot(String stored) {
        assertEquals(CryptCheck.MATCH, StoredPasswordCheck.verify(PASSWORD, stored), stored);
        assertEquals(CryptCheck.MISMATCH, StoredPasswordCheck.verify(WRONG, stored), stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{NOSUCH}abc",
        "{SHA}not base64!",
        "{SHA}AAAA",
        "{SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "{SHA.HEX}zz",
        "{MD5-CRYPT}$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.",
        "{BLF-CRYPT}$1$HMHtm33h$/WHpPD3l/dXIYHyXhNeLV/",
        "{DES-CRYPT}$1$HMHtm33h$/WHpPD3l/dXIYHyXhNeLV/",
        "{CRYPT}",
        "",
        "$6$trunc",
        "$9$unknownformat$abc",
        "password",
        "*",
        "!",
        "!$6$IrIw5DTwhKPDxfh7$azqLt0a0RXhFBeZkb/gijkVgfKzMtYewiCE.gh6tWMRsSDn/RadP.pJ/2YCINGj0hezqLUJNalKcD0obirrFu.",
    })
    void malformedOrUnknownIsUnsupportedNeverAMatchNeverAnException(String stored) {
        CryptCheck c = StoredPasswordCheck.verify(PASSWORD, stored);
        assertInstanceOf(CryptCheck.Unsupported.class, c, stored);
        assertTrue(!((CryptCheck.Unsupported) c).reason().contains("password"), "no secret in the reason");
    }

    @Test
    void schemeToStringHidesThePayload() {
        assertEquals("DovecotScheme[PLAIN, GUESS]", DovecotScheme.parse("{PLAIN}hunter2").orElseThrow().toString());
    }

    @Test
    void overlongStoredValueIsUnsupported() {
        assertInstanceOf(CryptCheck.Unsupported.class, CryptVerifier.verify(PASSWORD, "$6$" + "a".repeat(5000)));
    }
}
