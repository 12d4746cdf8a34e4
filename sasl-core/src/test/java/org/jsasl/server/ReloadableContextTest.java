package org.jsasl.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.testkit.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reload while sessions run: a lease keeps the context it started with open and working, new
 * leases get the new one, the old one closes with its last lease, and a file that no longer loads
 * keeps the running context.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReloadableContextTest {

    private final AtomicReference<String> mechList = new AtomicReference<>("PLAIN LOGIN");
    private final AtomicBoolean broken = new AtomicBoolean();
    private final List<ServerContext> made = new ArrayList<>();

    private ServerContext load() throws ConfigException {
        if (broken.get()) {
            // As a typo in smtpd.conf would: the key's value is refused with a message naming it.
            return ServerContext.create(SaslConfig.of("log_level", "eleven"));
        }
        ServerContext c = ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=secret", "mech_list", mechList.get()));
        made.add(c);
        return c;
    }

    @Test
    void aLeaseFinishesOnItsContextAndTheOldOneClosesWithTheLastLease() throws Exception {
        try (ReloadableContext contexts = ReloadableContext.load(this::load)) {
            ReloadableContext.Lease running = contexts.acquire();
            ServerContext first = running.context();
            mechList.set("PLAIN");
            assertTrue(contexts.reload());
            ServerContext second = contexts.current();
            assertNotSame(first, second);
            assertFalse(first.isClosed(), "a running session keeps its context");
            assertTrue(first.config().get("mech_list").orElseThrow().equals("PLAIN LOGIN"));
            try (ReloadableContext.Lease fresh = contexts.acquire()) {
                assertSame(second, fresh.context());
                assertTrue(fresh.context().config().get("mech_list").orElseThrow().equals("PLAIN"));
            }
            running.close();
            assertTrue(first.isClosed(), "closed with its last lease");
            running.close();   // idempotent: must not release twice
            assertFalse(second.isClosed());
        }
        assertTrue(made.get(1).isClosed(), "close() closes the current one");
    }

    @Test
    void aFileThatNoLongerLoadsKeepsTheRunningContext() throws Exception {
        try (LogCapture log = new LogCapture(); ReloadableContext contexts = ReloadableContext.load(this::load)) {
            ServerContext first = contexts.current();
            broken.set(true);
            assertFalse(contexts.reload());
            assertSame(first, contexts.current());
            assertFalse(first.isClosed());
            assertTrue(log.text().contains("reload failed, keeping the running configuration"), log.text());
            assertTrue(log.text().contains("log_level"), log.text());
        }
    }

    @Test
    void aContextReplacedWithoutLeasesClosesAtOnce() throws Exception {
        try (ReloadableContext contexts = ReloadableContext.load(this::load)) {
            ServerContext first = contexts.current();
            assertTrue(contexts.reload());
            assertTrue(first.isClosed());
        }
    }

    @Test
    void leasesDuringReloadsNeverGetAClosedContext() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ReloadableContext contexts = ReloadableContext.load(this::load)) {
            List<Future<Integer>> users = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                users.add(pool.submit(() -> {
                    int closedSeen = 0;
                    for (int i = 0; i < 2000; i++) {
                        try (ReloadableContext.Lease l = contexts.acquire()) {
                            if (l.context().isClosed()) {
                                closedSeen++;
                            }
                        }
                    }
                    return closedSeen;
                }));
            }
            for (int i = 0; i < 50; i++) {
                assertTrue(contexts.reload());
            }
            for (Future<Integer> f : users) {
                assertSame(0, f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        for (ServerContext c : made) {
            assertTrue(c.isClosed(), "every replaced context is closed in the end");
        }
    }
}
