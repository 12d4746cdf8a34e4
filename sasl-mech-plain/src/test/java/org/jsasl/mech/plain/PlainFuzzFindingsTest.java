package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.PasswordSaslServer;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.Test;

/** What PlainServerFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class PlainFuzzFindingsTest {

    /**
     * Finding 1 (not a product bug: the fuzz target's assertion was too strict): an authcid with
     * white space around it (here spaces and vertical tabs) authenticates as the trimmed name, as
     * Cyrus' INTERNAL canonicalisation trims it; the password must still be the stored one.
     */
    @Test
    void whiteSpaceAroundTheAuthcidIsTrimmedAndThePasswordStillCounts() throws Exception {
        Exchange.registerProvider();
        try (ServerContext ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "u=pw", "log_level", "0"))) {
            SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Exchange.cyrus(ctx, null), null);
            s.evaluateResponse("\0u \u000b\u000b  \0pw".getBytes(StandardCharsets.UTF_8));
            assertTrue(s.isComplete());
            assertEquals("u", s.getNegotiatedProperty(PasswordSaslServer.AUTHCID_PROPERTY));
            SaslServer wrong = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Exchange.cyrus(ctx, null), null);
            assertThrows(AuthenticationException.class,
                    () -> wrong.evaluateResponse("\0u \0pw ".getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * Finding 2 (not a product bug: the target's leak check was naive): a refused authzid is shown
     * quoted, control characters as backslash-x and two hex digits, so a client's authzid made of the
     * control character 0x1c and "0rrect-h0rse-fuzz" is shown as "\x1c0rrect-h0rse-fuzz", which
     * contains the stored password "c0rrect-h0rse-fuzz" spelt from the client's own bytes (the fuzzer
     * used 0x0c between other bytes). The message shows the client's identities, nothing of the server's.
     */
    @Test
    void aRefusedAuthzidIsShownQuotedAndOnlyFromTheClientsBytes() throws Exception {
        Exchange.registerProvider();
        try (ServerContext ctx = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory",
                "memory_userpassword", "u=pw alice=c0rrect-h0rse-fuzz", "log_level", "0"))) {
            SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "mail.example.com", Exchange.cyrus(ctx, null), null);
            byte[] message = "\u001c0rrect-h0rse-fuzz\0u\0pw".getBytes(StandardCharsets.UTF_8);
            AuthenticationException e = assertThrows(AuthenticationException.class, () -> s.evaluateResponse(message));
            assertEquals("PLAIN: 'u' is not authorized to act as '\\x1c0rrect-h0rse-fuzz'", e.getMessage());
        }
    }
}
