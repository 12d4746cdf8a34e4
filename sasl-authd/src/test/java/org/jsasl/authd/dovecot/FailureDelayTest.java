package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code jsasl_failure_delay} in jsasl authd: a refusal is answered no sooner than the delay, an
 * acceptance at once, and a thousand refusals wait at the same time on one timer thread while the
 * check threads stay few and free.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FailureDelayTest {

    private static final String AUTH = DovecotAuthProtocolTest.AUTH;

    private static ServerContext context(int delayMillis) throws ConfigException {
        Exchange.registerProvider();
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "mech_list", "PLAIN",
                "memory_userpassword", "alice=secret", "jsasl_failure_delay", String.valueOf(delayMillis)));
    }

    private static long threads(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    @Test
    void aRefusalWaitsTheDelayAndASuccessDoesNot() throws Exception {
        try (ServerContext ctx = context(1500);
                DovecotTestServer s = new DovecotTestServer(ctx, AuthdOptions.defaults("mail.example.com"));
                AuthClient c = s.hello(0)) {
            long sent = System.nanoTime();
            c.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + DovecotAuthProtocolTest.plain("alice", "wrong"));
            c.send("AUTH\t2\tPLAIN" + AUTH + "\tresp=" + DovecotAuthProtocolTest.plain("alice", "secret"));
            // The success overtakes the refusal sent before it.
            assertEquals("OK\t2\tuser=alice", c.line());
            assertEquals("FAIL\t1\tuser=alice", c.line());
            assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(1500), "answered before the delay");
        }
    }

    @Test
    void aThousandDelayedRefusalsWaitOnOneTimerThread() throws Exception {
        int connections = 10;
        int perConnection = 100;
        // The thousand checks arrive at once: room for them in the queue (the default 256 would
        // answer the rest as temporary failures, which is the bound doing its job).
        AuthdOptions o = new AuthdOptions("mail.example.com", 16, 2048, java.time.Duration.ofSeconds(8),
                java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(150), 16384);
        try (ServerContext ctx = context(3000); DovecotTestServer s = new DovecotTestServer(ctx, o)) {
            List<AuthClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    clients.add(s.hello(0));
                }
                int threadsBefore = Thread.getAllStackTraces().size();
                long sent = System.nanoTime();
                for (AuthClient c : clients) {
                    StringBuilder burst = new StringBuilder();
                    for (int id = 1; id <= perConnection; id++) {
                        burst.append(burst.length() == 0 ? "" : "\n").append("AUTH\t").append(id).append("\tPLAIN")
                                .append(AUTH).append("\tresp=").append(DovecotAuthProtocolTest.plain("alice", "wrong"));
                    }
                    c.send(burst.toString());
                }
                // While the thousand wait, the delay holds no check thread: a login is answered at once.
                try (AuthClient probe = s.hello(0)) {
                    probe.send("AUTH\t1\tPLAIN" + AUTH + "\tresp=" + DovecotAuthProtocolTest.plain("alice", "secret"));
                    assertEquals("OK\t1\tuser=alice", probe.line());
                }
                assertEquals(1, threads("jsasl-failure-delay"), "one timer thread");
                // At most the check pool (16) and the probe's two came: nothing per waiting refusal.
                int added = Thread.getAllStackTraces().size() - threadsBefore;
                assertTrue(added <= AuthdOptions.defaults("x").maxConcurrentChecks() + 4, added + " threads more");
                int fails = 0;
                for (AuthClient c : clients) {
                    for (int i = 0; i < perConnection; i++) {
                        String l = c.line();
                        assertTrue(l != null && l.startsWith("FAIL\t"), String.valueOf(l));
                        fails++;
                    }
                }
                assertEquals(connections * perConnection, fails);
                assertTrue(System.nanoTime() - sent >= TimeUnit.MILLISECONDS.toNanos(3000), "answered before the delay");
            } finally {
                for (AuthClient c : clients) {
                    c.close();
                }
            }
        }
    }
}
