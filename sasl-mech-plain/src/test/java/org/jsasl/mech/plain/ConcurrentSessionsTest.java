package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One server context serves many sessions at once, each getting its own user's verdict. */
class ConcurrentSessionsTest {

    @Test
    void sharedContextGivesEachThreadItsOwnVerdict(@TempDir Path dir) throws Exception {
        Exchange.registerProvider();
        Path conf = dir.resolve("smtpd.conf");
        StringBuilder users = new StringBuilder("testusers:");
        for (int i = 0; i < 8; i++) {
            users.append(" user").append(i).append("=pw").append(i);
        }
        Files.writeString(conf, "pwcheck_method: testusers\n" + users + "\n");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ServerContext ctx = ServerContext.load(conf)) {
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int me = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    int refused = 0;
                    for (int i = 0; i < 500; i++) {
                        int pw = (i % 2 == 0) ? me : (me + 1) % 8;
                        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "h", Exchange.cyrus(ctx, null), null);
                        try {
                            s.evaluateResponse(("\0user" + me + "\0pw" + pw).getBytes(StandardCharsets.UTF_8));
                            if (!s.getAuthorizationID().equals("user" + me)) {
                                throw new AssertionError("wrong identity " + s.getAuthorizationID());
                            }
                            ok++;
                        } catch (AuthenticationException e) {
                            refused++;
                        }
                    }
                    return new int[] {ok, refused};
                }));
            }
            for (Future<int[]> f : results) {
                int[] r = f.get(60, TimeUnit.SECONDS);
                assertEquals(250, r[0]);
                assertEquals(250, r[1]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
