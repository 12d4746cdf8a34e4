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
}
