package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.secret.CredentialKind;
import org.jsasl.testkit.FakeMechanism;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;

class MechanismOfferTest {

    private static final SaslMechanism PLAIN = FakeMechanism.plainLike("PLAIN");
    private static final SaslMechanism CRAM = FakeMechanism.needing("CRAM-MD5",
            new MechanismNeeds.StoredCredential(List.of(CredentialKind.CLEARTEXT)), false);
    private static final SaslMechanism SCRAM = FakeMechanism.needing("SCRAM-SHA-256",
            new MechanismNeeds.StoredCredential(List.of(CredentialKind.SCRAM_SHA_256, CredentialKind.CLEARTEXT)), false);
    private static final SaslMechanism SCRAM_PLUS = FakeMechanism.needing("SCRAM-SHA-256-PLUS",
            new MechanismNeeds.StoredCredential(List.of(CredentialKind.SCRAM_SHA_256, CredentialKind.CLEARTEXT)), true);
    private static final SaslMechanism EXTERNAL = FakeMechanism.needing("EXTERNAL", new MechanismNeeds.ExternalIdentity(),
            false);
    private static final SaslMechanism ANONYMOUS = new FakeMechanism("ANONYMOUS", Set.of(SecurityFlag.NOPLAINTEXT), false,
            new MechanismNeeds.NamedOnly(), false);
    private static final List<SaslMechanism> ALL = List.of(SCRAM_PLUS, SCRAM, CRAM, PLAIN, EXTERNAL, ANONYMOUS);

    private static final ChannelBindings BOUND = ChannelBindings.of(Map.of(ChannelBindings.TLS_SERVER_END_POINT,
            new byte[32]));

    private static ServerContext context(String... keysAndValues) throws Exception {
        return ServerContext.create(SaslConfig.of(keysAndValues), ALL);
    }

    private static List<String> names(ServerContext ctx, ChannelBindings cb, boolean external) {
        return ctx.mechanismNames(SecurityPolicy.NONE, cb, external);
    }

    @Test
    void cleartextStorageServesEveryChallengeMechanismButNotAnonymousUnlessNamed() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret")) {
            assertEquals(List.of("SCRAM-SHA-256", "CRAM-MD5", "PLAIN"), names(ctx, ChannelBindings.NONE, false));
            assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "CRAM-MD5", "PLAIN", "EXTERNAL"),
                    names(ctx, BOUND, true));
        }
    }

    @Test
    void cryptStorageOffersNoChallengeMechanismUnlessMechListNamesScram() throws Exception {
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=$6$x$y",
                        "password_format", "crypt")) {
            assertEquals(List.of("PLAIN"), names(ctx, BOUND, false));
            assertTrue(log.text().contains("SCRAM-SHA-256 is not offered"), log.text());
            assertTrue(log.text().contains("for some users only"), log.text());
            assertTrue(log.text().contains("CRAM-MD5 is not offered"), log.text());
        }
    }

    @Test
    void cryptStorageOffersScramWhenMechListNamesItAndWarnsAboutCram() throws Exception {
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=$6$x$y",
                        "password_format", "crypt", "mech_list", "scram-sha-256 CRAM-MD5 PLAIN")) {
            assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN"), names(ctx, BOUND, false));
            assertTrue(log.text().contains("WARN") && log.text().contains("mech_list names CRAM-MD5, but it is not offered"),
                    log.text());
            assertTrue(log.text().contains("cannot hand out a cleartext password"), log.text());
        }
    }

    @Test
    void aVerifierThatOnlyAnswersYesOrNoServesOnlyPasswordMechanisms() throws Exception {
        try (LogCapture log = new LogCapture();
                ServerContext ctx = context("pwcheck_method", "testusers", "testusers", "alice=secret",
                        "mech_list", "SCRAM-SHA-256-PLUS CRAM-MD5 PLAIN EXTERNAL")) {
            assertEquals(List.of("PLAIN", "EXTERNAL"), names(ctx, BOUND, true));
            assertTrue(log.text().contains("mech_list names SCRAM-SHA-256-PLUS, but it is not offered"), log.text());
        }
    }

    @Test
    void anonymousIsOfferedOnlyWhenNamedAndNotUnderNoanonymous() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "mech_list", "PLAIN ANONYMOUS")) {
            assertEquals(List.of("PLAIN", "ANONYMOUS"), names(ctx, ChannelBindings.NONE, false));
            assertEquals(List.of("PLAIN"), ctx.mechanismNames(SecurityPolicy.parse("noanonymous")));
        }
    }

    @Test
    void plusIsOfferedOnlyWithBindingsAndTheBaseKnowsWhenItIs() throws Exception {
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret")) {
            assertTrue(MechanismOffer.plusOffered(SCRAM, ctx.mechanisms(), BOUND));
            assertFalse(MechanismOffer.plusOffered(SCRAM, ctx.mechanisms(), ChannelBindings.NONE));
            assertFalse(MechanismOffer.plusOffered(SCRAM_PLUS, ctx.mechanisms(), BOUND));
            assertFalse(MechanismOffer.plusOffered(CRAM, ctx.mechanisms(), BOUND));
        }
        try (ServerContext ctx = context("auxprop_plugin", "memory", "memory_userpassword", "alice=secret",
                "mech_list", "SCRAM-SHA-256 PLAIN")) {
            // One token enables both, PLUS first, as Cyrus lists them.
            assertEquals(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256", "PLAIN"), names(ctx, BOUND, false));
        }
    }
}
