package org.jsasl.pwcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.crypt.CryptCheck;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.crypt.StoredPasswordCheck;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.SaslLog;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;

/** What {@link PasswordUpgrade} decides on the login thread, and its queue, without a database. */
class PasswordUpgradeTest {

    private static final CanonicalUser ALICE = new CanonicalUser("alice", "alice", "example.org");

    /** Runs nothing until {@link #runAll}; rejects once {@code capacity} tasks wait. */
    private static final class HeldExecutor extends AbstractExecutorService {
        final List<Runnable> held = new ArrayList<>();
        final int capacity;
        boolean shutdown;

        HeldExecutor(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public void execute(Runnable r) {
            if (shutdown || held.size() >= capacity) {
                throw new RejectedExecutionException("full");
            }
            held.add(r);
        }

        void runAll() {
            List<Runnable> now = List.copyOf(held);
            held.clear();
            now.forEach(Runnable::run);
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            List<Runnable> out = List.copyOf(held);
            held.clear();
            return out;
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** A source holding one value per user, with compare-and-set. */
    private static final class MapSource implements AuxpropPlugin {
        final Map<String, String> values = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public String name() {
            return "map";
        }

        @Override
        public PropertyLookup lookup(CanonicalUser user, Set<String> properties) {
            String v = values.get(user.authid());
            return v == null ? new PropertyLookup.NoUser() : new PropertyLookup.Found(Map.of(USER_PASSWORD, List.of(v)));
        }

        @Override
        public boolean canReplace() {
            return true;
        }

        @Override
        public PropertyStore replace(CanonicalUser user, String property, String oldValue, String newValue) {
            return values.replace(user.authid(), oldValue, newValue) ? new PropertyStore.Stored()
                    : new PropertyStore.Conflict();
        }
    }

    private static PasswordUpgrade upgrade(MapSource source, HeldExecutor executor) {
        return new PasswordUpgrade(PasswordHasher.Format.SHA512, Set.copyOf(PasswordUpgrade.DEFAULT_WEAK),
                new AuxpropChain(List.of(source)), SaslLog.of(PasswordUpgradeTest.class, 7), executor);
    }

    private static Password password(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return Password.copyOf(b, 0, b.length);
    }

    @Test
    void formatsAreNamedAsJsaslRehashWeakNamesThem() throws Exception {
        PasswordHasher h = new PasswordHasher();
        byte[] pw = "pw".getBytes(StandardCharsets.UTF_8);
        assertEquals("des", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.DES, pw, 0)));
        assertEquals("md5", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.MD5, pw, 0)));
        assertEquals("sha512", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.SHA512, pw, 0)));
        assertEquals("sha256", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.SHA256, pw, 0)));
        assertEquals("bcrypt", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.BCRYPT, pw, 4)));
        assertEquals("scram", PasswordUpgrade.formatOf(h.hash(PasswordHasher.Format.SCRAM_SHA_256, pw, 0)));
        assertEquals("bsdi", PasswordUpgrade.formatOf("_J9..saltabcdefghijk"));
        assertEquals("nt", PasswordUpgrade.formatOf("$3$$8846f7eaee8fb117ad06bdd830b7586c"));
        assertEquals("apr1", PasswordUpgrade.formatOf("$apr1$saltsalt$abc"));
        assertEquals("yescrypt", PasswordUpgrade.formatOf("$y$j9T$salt$hash"));
        assertEquals("cleartext", PasswordUpgrade.formatOf("{PLAIN}secret"));
        assertEquals("cleartext", PasswordUpgrade.formatOf("{CLEARTEXT}secret"));
        assertEquals("md5", PasswordUpgrade.formatOf("{MD5-CRYPT}$1$saltsalt$abc"));
        assertEquals("sha512", PasswordUpgrade.formatOf("{SHA512-CRYPT}$6$salt$abc"));
        assertEquals("digest", PasswordUpgrade.formatOf("{SSHA}abcdefgh"));
        assertEquals("unknown", PasswordUpgrade.formatOf("not a hash at all"));
        assertTrue(PasswordUpgrade.FORMAT_NAMES.containsAll(PasswordUpgrade.DEFAULT_WEAK));
    }

    @Test
    void aWeakMatchIsQueuedOnceAndStoredByCompareAndSet() throws Exception {
        MapSource source = new MapSource();
        String md5 = new PasswordHasher().hash(PasswordHasher.Format.MD5, "pw".getBytes(StandardCharsets.UTF_8), 0);
        source.values.put("alice", md5);
        HeldExecutor executor = new HeldExecutor(10);
        try (PasswordUpgrade upgrade = upgrade(source, executor); Password pw = password("pw")) {
            upgrade.offer(ALICE, md5, pw);
            upgrade.offer(ALICE, md5, pw);
            assertEquals(1, executor.held.size(), "a burst of logins queues one upgrade");
            assertEquals(1, upgrade.pending());
            executor.runAll();
            assertEquals(1, upgrade.upgraded());
            assertEquals(0, upgrade.pending());
            String now = source.values.get("alice");
            assertTrue(now.startsWith("$6$"), now);
            assertInstanceOf(CryptCheck.Match.class, StoredPasswordCheck.verify("pw".getBytes(StandardCharsets.UTF_8), now));
            upgrade.offer(ALICE, now, pw);
            assertTrue(executor.held.isEmpty(), "a strong hash is not queued");
        }
    }

    @Test
    void aChangeBeforeTheCompareAndSetIsLeftAlone() throws Exception {
        MapSource source = new MapSource();
        source.values.put("alice", "{PLAIN}pw");
        HeldExecutor executor = new HeldExecutor(10);
        try (PasswordUpgrade upgrade = upgrade(source, executor); Password pw = password("pw")) {
            upgrade.offer(ALICE, "{PLAIN}pw", pw);
            upgrade.beforeReplace(u -> source.values.put("alice", "{PLAIN}admin"));
            executor.runAll();
            assertEquals(1, upgrade.conflicts());
            assertEquals("{PLAIN}admin", source.values.get("alice"));
        }
    }

    @Test
    void aFullQueueDropsTheUpgradeLogsItAndTheNextLoginTriesAgain() throws Exception {
        MapSource source = new MapSource();
        source.values.put("alice", "{PLAIN}pw");
        HeldExecutor executor = new HeldExecutor(0);
        try (LogCapture log = new LogCapture(); PasswordUpgrade upgrade = upgrade(source, executor);
                Password pw = password("pw")) {
            upgrade.offer(ALICE, "{PLAIN}pw", pw);
            assertEquals(1, upgrade.dropped());
            assertEquals(0, upgrade.pending(), "a dropped upgrade does not block the next one");
            upgrade.offer(ALICE, "{PLAIN}pw", pw);
            assertEquals(2, upgrade.dropped());
            assertTrue(log.text().contains("password upgrade of 'alice' dropped"), log.text());
            log.assertNever("{PLAIN}pw");
        }
    }

    @Test
    void closingDropsWhatWaits() throws Exception {
        MapSource source = new MapSource();
        source.values.put("alice", "{PLAIN}pw");
        HeldExecutor executor = new HeldExecutor(10);
        PasswordUpgrade upgrade = upgrade(source, executor);
        try (Password pw = password("pw")) {
            upgrade.offer(ALICE, "{PLAIN}pw", pw);
        }
        upgrade.close();
        assertEquals(0, upgrade.pending());
        assertEquals("{PLAIN}pw", source.values.get("alice"));
    }

    @Test
    void offDoesNothing() {
        try (Password pw = password("pw")) {
            PasswordUpgrade.OFF.offer(ALICE, "{PLAIN}pw", pw);
        }
        assertFalse(PasswordUpgrade.OFF.enabled());
        assertSame(PasswordUpgrade.OFF, PasswordUpgrade.OFF);
        assertEquals(0, PasswordUpgrade.OFF.pending());
    }
}
