package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SmtpDialog;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.PrivatePostfix;
import org.jsasl.testkit.TestServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same SMTP sessions against two real Postfix 3.7 instances, one asking real Dovecot 2.3 auth
 * ({@code scripts/services/dovecot}), one asking jsasl authd, both on the same PostgreSQL table and
 * accounts (SHA-512 and bcrypt crypt hashes, a disabled account): every SMTP reply is identical.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PostfixDovecotComparisonTest {

    @TempDir
    Path dir;

    private Map<String, String> env;
    private AuthdDaemon daemon;
    private PrivatePostfix withDovecot;
    private PrivatePostfix withJsasl;

    private ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("pwcheck_method", "auxprop", "auxprop_plugin", "sql",
                "mech_list", "PLAIN LOGIN", "password_format", "crypt",
                "sql_engine", "pgsql", "sql_hostnames", env.get("JSASL_PGSQL_HOST") + ":" + env.get("JSASL_PGSQL_PORT"),
                "sql_database", env.get("JSASL_PGSQL_DB"), "sql_user", env.get("JSASL_PGSQL_USER"),
                "sql_passwd", env.get("JSASL_PGSQL_PASSWORD"),
                // Dovecot's password_query, as jsasl's sql_select: an inactive account has no password.
                "sql_select", "SELECT password FROM " + env.get("JSASL_DOVECOT_USERS_TABLE")
                        + " WHERE username = '%u' AND active"));
    }

    @BeforeEach
    void start() throws Exception {
        TestServices.require("Postfix", List.of("JSASL_POSTFIX"));
        env = TestServices.require("Dovecot 2.3 auth", List.of("JSASL_DOVECOT_AUTH_PORT", "JSASL_DOVECOT_USERS_TABLE",
                "JSASL_PGSQL_HOST", "JSASL_PGSQL_PORT", "JSASL_PGSQL_DB", "JSASL_PGSQL_USER", "JSASL_PGSQL_PASSWORD"));
        AuthdBackend backend = new AuthdBackend(context(), AuthdOptions.defaults("mx.example.test"));
        daemon = AuthdDaemon.start(backend, this::context, List.of(new AuthdDaemon.Listener(
                ListenAddress.parse("inet:127.0.0.1:0"), new DovecotAuthProtocol(backend), SocketOwnership.DEFAULT)), 100);
        int jsaslPort = ((InetSocketAddress) daemon.addresses().get(0)).getPort();
        withDovecot = PrivatePostfix.start(dir.resolve("postfix-dovecot"), Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", "inet:127.0.0.1:" + env.get("JSASL_DOVECOT_AUTH_PORT")));
        withJsasl = PrivatePostfix.start(dir.resolve("postfix-jsasl"), Map.of("smtpd_sasl_type", "dovecot",
                "smtpd_sasl_path", "inet:127.0.0.1:" + jsaslPort));
    }

    @AfterEach
    void stop() throws IOException {
        for (PrivatePostfix p : new PrivatePostfix[] {withDovecot, withJsasl}) {
            if (p != null) {
                p.close();
            }
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    /** One session: EHLO, then each line in turn; the replies, the greeting left out. */
    private static List<String> session(PrivatePostfix postfix, String... lines) throws IOException {
        List<String> replies = new ArrayList<>();
        try (SmtpDialog s = new SmtpDialog(postfix.port())) {
            s.reply();
            replies.add(s.send("EHLO client.example"));
            for (String l : lines) {
                replies.add(s.send(l));
            }
            replies.add(s.send("QUIT"));
        }
        return replies;
    }

    /** The replies, which must be the same from both; the first reply after EHLO is returned. */
    private String same(String... lines) throws IOException {
        List<String> dovecot = session(withDovecot, lines);
        List<String> jsasl = session(withJsasl, lines);
        assertEquals(dovecot, jsasl, "session " + String.join(" / ", lines));
        return jsasl.get(jsasl.size() - 2);
    }

    @Test
    void everySessionGetsTheRepliesDovecotGives() throws Exception {
        assertEquals("250 2.1.5 Ok\n", same("AUTH PLAIN " + b64("\0alice\0secret"), "MAIL FROM:<me@you.com>",
                "RCPT TO:<someone@elsewhere.example>"));
        assertEquals("554 5.7.1 <someone@elsewhere.example>: Relay access denied\n", same("AUTH PLAIN "
                + b64("\0alice\0wrong"), "MAIL FROM:<me@you.com>", "RCPT TO:<someone@elsewhere.example>"));
        same("AUTH LOGIN", b64("nobody"), b64("secret"));
        same("AUTH LOGIN " + b64("alice"), b64("secret"));
        assertEquals("235 2.7.0 Authentication successful\n", same("AUTH PLAIN", b64("\0bob\0bobpw")));
        same("AUTH PLAIN " + b64("\0bob\0wrong"));
        assertEquals("535 5.7.8 Error: authentication failed: (reason unavailable)\n",
                same("AUTH PLAIN " + b64("\0carol\0carolpw")));   // disabled
        same("AUTH LOGIN", "*", "AUTH PLAIN " + b64("\0alice\0secret"));
        same("AUTH PLAIN YWJj=");                          // valid characters, broken base64
        same("AUTH PLAIN " + b64("alice\0alice\0secret")); // authzid = authcid
        same("AUTH PLAIN " + b64("\0alice\0secret"), "AUTH PLAIN " + b64("\0alice\0secret"));
        same("AUTH CRAM-MD5");                              // not offered by either
    }
}
