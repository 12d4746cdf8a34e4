package org.jsasl.pwcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jsasl.config.SaslConfig;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.CredentialSupport;
import org.jsasl.secret.ScramHash;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.FakeMechanism;
import org.junit.jupiter.api.Test;

class AuxpropVerifierCredentialTest {

    private static final String SCRAM256 = "{SCRAM-SHA-256}4096,W22ZaJ0SNY7soEsUEjb6gQ==,"
            + "WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=,wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU=";

    private static ServerContext context(String... keysAndValues) throws Exception {
        return ServerContext.create(SaslConfig.of(keysAndValues), List.of(FakeMechanism.plainLike("PLAIN")));
    }

    private static CredentialResult lookup(ServerContext ctx, String user, CredentialKind kind) {
        return ctx.verifiers().credential(new CanonicalUser(user, user, "mail.example.com"), kind);
    }

    @Test
    void cleartextStorageHandsOutThePasswordForEveryKind() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret")) {
            for (CredentialKind kind : CredentialKind.values()) {
                assertEquals(CredentialSupport.ALL_USERS, ctx.verifiers().credentialSupport(kind));
                CredentialResult r = lookup(ctx, "alice", kind);
                Credential c = assertInstanceOf(CredentialResult.Found.class, r).credential();
                Credential.Cleartext clear = assertInstanceOf(Credential.Cleartext.class, c);
                assertTrue(clear.password().matches("secret".getBytes(StandardCharsets.UTF_8)));
                c.close();
            }
            assertInstanceOf(CredentialResult.Missing.class, lookup(ctx, "mallory", CredentialKind.CLEARTEXT));
        }
    }

    @Test
    void cryptStorageHandsOutScramKeysOfTheRightHashOnly() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "password_format", "crypt",
                "memory_userpassword", "alice=" + SCRAM256 + " bob=$6$salt$hash carol={PLAIN}secret dave={SCRAM-SHA-256}1,x")) {
            assertEquals(CredentialSupport.SOME_USERS, ctx.verifiers().credentialSupport(CredentialKind.SCRAM_SHA_256));
            assertEquals(CredentialSupport.NONE, ctx.verifiers().credentialSupport(CredentialKind.CLEARTEXT));
            CredentialResult r = lookup(ctx, "alice", CredentialKind.SCRAM_SHA_256);
            Credential.Scram scram = assertInstanceOf(Credential.Scram.class,
                    assertInstanceOf(CredentialResult.Found.class, r).credential());
            assertEquals(ScramHash.SHA_256, scram.secret().hash());
            assertTrue(scram.toString().contains("redacted"));
            CredentialResult.Missing other = assertInstanceOf(CredentialResult.Missing.class,
                    lookup(ctx, "alice", CredentialKind.SCRAM_SHA_1));
            assertTrue(other.reason().contains("SCRAM-SHA-256 keys, not SCRAM-SHA-1 keys"), other.reason());
            CredentialResult.Missing hash = assertInstanceOf(CredentialResult.Missing.class,
                    lookup(ctx, "bob", CredentialKind.SCRAM_SHA_256));
            assertTrue(hash.reason().contains("cannot answer a challenge"), hash.reason());
            assertInstanceOf(Credential.Cleartext.class, assertInstanceOf(CredentialResult.Found.class,
                    lookup(ctx, "carol", CredentialKind.SCRAM_SHA_256)).credential());
            CredentialResult.Missing bad = assertInstanceOf(CredentialResult.Missing.class,
                    lookup(ctx, "dave", CredentialKind.SCRAM_SHA_256));
            assertTrue(bad.reason().contains("malformed SCRAM secret"), bad.reason());
        }
    }

    @Test
    void traditionalCryptHandsOutNothing() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "password_format", "crypt_trad",
                "memory_userpassword", "alice=" + SCRAM256)) {
            assertEquals(CredentialSupport.NONE, ctx.verifiers().credentialSupport(CredentialKind.SCRAM_SHA_256));
            assertInstanceOf(CredentialResult.Missing.class, lookup(ctx, "alice", CredentialKind.SCRAM_SHA_256));
        }
    }

    @Test
    void aSourceThatIsDownIsUnavailable() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "memory_down", "yes")) {
            assertInstanceOf(CredentialResult.Unavailable.class, lookup(ctx, "alice", CredentialKind.CLEARTEXT));
        }
    }
}
