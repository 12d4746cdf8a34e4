package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jsasl.metrics.AuthMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jsasl_metrics_listen}: the example smtpd's Prometheus endpoint, scraped after real SMTP
 * logins on the demo configuration.
 */
class SmtpMetricsTest {

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> request(InetSocketAddress a, String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.getPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static void login(SmtpServer server, String password, String reply) throws Exception {
        try (SmtpClient c = new SmtpClient(server.address())) {
            assertTrue(c.reply().startsWith("220 "));
            c.send("EHLO example.com");
            assertTrue(c.reply().startsWith("250-"));
            c.expect("AUTH PLAIN " + b64("\0testuser\0" + password), reply);
        }
    }

    /** The sample line of {@code name} whose labels include all of {@code labels}, or null. */
    private static String sample(String scrape, String name, String... labels) {
        for (String line : scrape.split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            String labelPart = line.substring(0, line.indexOf('}') + 1);
            if (List.of(labels).stream().allMatch(labelPart::contains)) {
                return line;
            }
        }
        return null;
    }

    @Test
    void oneGoodAndOneBadLoginAreScraped() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"),
                "jsasl_metrics_listen = 127.0.0.1:0"))) {
            InetSocketAddress m = server.metricsAddress();
            assertNotNull(m);
            login(server, "secret", "235 2.7.0 Authentication successful");
            login(server, "wrong", "535 5.7.8 Error: authentication failed: authentication failure");

            HttpResponse<String> r = request(m, "GET", "/metrics");
            assertEquals(200, r.statusCode());
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            String body = r.body();
            assertEquals("jsasl_auth_total{mechanism=\"PLAIN\",outcome=\"accepted\",service=\"smtp\"} 1.0",
                    sample(body, "jsasl_auth_total", "outcome=\"accepted\""), body);
            assertEquals("jsasl_auth_total{mechanism=\"PLAIN\",outcome=\"rejected\",service=\"smtp\"} 1.0",
                    sample(body, "jsasl_auth_total", "outcome=\"rejected\""), body);
            // The demo's pwcheck_method is auxprop: one right and one wrong password, timed.
            String verified = sample(body, "jsasl_verifier_seconds_count", "outcome=\"accepted\"");
            assertNotNull(verified, body);
            assertTrue(verified.endsWith(" 1"), verified);
            assertNotNull(sample(body, "jsasl_verifier_seconds_count", "outcome=\"rejected\""), body);
            // The demo's SQLite pool, opened by the first login, after the endpoint started.
            String total = sample(body, "jsasl_pool_open", "pool=\"jsasl-sql-sqlite3\"");
            assertNotNull(total, body);
            assertTrue(Double.parseDouble(total.substring(total.lastIndexOf(' ') + 1)) >= 1, total);
            assertNotNull(sample(body, "jsasl_pool_active", "pool=\"jsasl-sql-sqlite3\""), body);
            // Nothing says who logged in: no user names in any label.
            assertTrue(!body.contains("testuser"), body);
        }
    }

    @Test
    void onlyGetMetricsIsServed() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"),
                "jsasl_metrics_listen = 127.0.0.1:0"))) {
            InetSocketAddress m = server.metricsAddress();
            assertEquals(404, request(m, "GET", "/").statusCode());
            assertEquals(404, request(m, "GET", "/metrics/x").statusCode());
            HttpResponse<String> post = request(m, "POST", "/metrics");
            assertEquals(405, post.statusCode());
            assertEquals("GET", post.headers().firstValue("Allow").orElse(""));
            assertEquals(405, request(m, "DELETE", "/metrics").statusCode());
        }
    }

    @Test
    void theEndpointClosesWithTheServer() throws Exception {
        AuthMetrics before = AuthMetrics.current();
        InetSocketAddress m;
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail"),
                "jsasl_metrics_listen = 127.0.0.1:0"))) {
            m = server.metricsAddress();
            assertTrue(AuthMetrics.enabled());
        }
        assertThrows(ConnectException.class, () -> request(m, "GET", "/metrics"));
        assertSame(before, AuthMetrics.current());
    }

    @Test
    void offWhenTheKeyIsAbsent() throws Exception {
        try (SmtpServer server = TestServers.start(TestServers.demo(dir.resolve("mail")))) {
            assertNull(server.metricsAddress());
            assertSame(AuthMetrics.NOOP, AuthMetrics.current());
        }
    }

    @Test
    void aBadAddressIsRefusedWithTheKeyNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TestServers.demo(dir.resolve("mail"), "jsasl_metrics_listen = 9464"));
        assertTrue(e.getMessage().contains("jsasl_metrics_listen"), e.getMessage());
    }
}
