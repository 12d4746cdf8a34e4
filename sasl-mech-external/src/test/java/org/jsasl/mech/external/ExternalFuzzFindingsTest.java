package org.jsasl.mech.external;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.security.sasl.AuthorizeCallback;
import javax.security.sasl.SaslServer;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.mech.MechanismSaslServer;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.Test;

/** What ExternalServerFuzzTest found, kept as plain examples (RELIABILITY.md, "Fuzzing"). */
class ExternalFuzzFindingsTest {

    /**
     * Finding 1 (not a product bug: the target's model answered with marker strings): the fuzzer
     * made the external identity the text "malformed", the model's marker for a malformed message, so
     * the model's "grant 'malformed'" read as "malformed" and a right completion was taken for a
     * wrong one. An external identity is any text the application established, and the server grants
     * it, whatever it spells.
     */
    @Test
    void anExternalIdentityIsGrantedWhateverItSpells() throws Exception {
        Exchange.registerProvider();
        for (String identity : new String[] {"malformed", "refused"}) {
            for (String authzid : new String[] {"", identity}) {
                Map<String, Object> props = new HashMap<>();
                props.put(JsaslProperties.EXTERNAL_IDENTITY, identity);
                props.put(JsaslProperties.INITIAL_RESPONSE, Boolean.TRUE);
                MapCallbackHandler noAuthorize = new MapCallbackHandler(Map.of(), (a, b) -> true,
                        Set.of(AuthorizeCallback.class));
                SaslServer s = JsaslProvider.serverFactory().createSaslServer("EXTERNAL", "smtp", "mail.example.com",
                        props, noAuthorize);
                assertNull(s.evaluateResponse(authzid.getBytes(StandardCharsets.UTF_8)));
                assertTrue(s.isComplete());
                assertEquals(identity, s.getAuthorizationID());
                assertEquals(identity, s.getNegotiatedProperty(MechanismSaslServer.AUTHCID_PROPERTY));
            }
        }
    }
}
