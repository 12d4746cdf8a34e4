package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.FuzzUsers;
import org.junit.jupiter.api.Test;

/**
 * What DovecotAuthCommandFuzzTest and DovecotConnectionFuzzTest found, kept as plain examples
 * (RELIABILITY.md, "Fuzzing").
 */
class DovecotFuzzFindingsTest {

    /**
     * Finding (not a product bug: the target expected "resp=" literally): a last parameter "resp"
     * without '=' is resp= with an empty value, as Dovecot's name/value split reads it: an empty
     * initial response from minor version 2 on, none before.
     */
    @Test
    void respWithoutEqualsIsAnEmptyResp() throws Exception {
        List<String> fields = List.of("2", "PLAIN", "service=smtp", "resp");
        assertEquals("", AuthCommand.parse(fields, 2).initialResponse());
        assertNull(AuthCommand.parse(fields, 1).initialResponse());
    }

    /**
     * Finding of DovecotConnectionFuzzTest (not a product bug: the target's leak check looked only at
     * the client's raw lines, not at its decoded responses): a LOGIN client that types its password
     * as the user name gets that text back in FAIL's {@code user=}, as Dovecot answers. It is the
     * client's own text, sent to the client (Postfix) that sent it; jsasl shows no stored password.
     */
    @Test
    void aLoginUserNameIsEchoedInFailEvenWhenItIsThePassword() throws Exception {
        try (ServerContext context = FuzzUsers.cyrus("LOGIN");
                DovecotTestServer server = new DovecotTestServer(context, AuthdOptions.defaults("mx.test"));
                AuthClient c = server.hello(1)) {
            c.send("AUTH\t1\tLOGIN\tservice=smtp");
            assertEquals("CONT\t1\t" + b64("Username:"), c.line());
            c.send("CONT\t1\t" + b64(FuzzUsers.SECRET));
            assertEquals("CONT\t1\t" + b64("Password:"), c.line());
            c.send("CONT\t1\t" + b64("wrong"));
            assertEquals("FAIL\t1\tuser=" + FuzzUsers.SECRET, c.line());
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
