package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.db.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Gentoo guide's second smtpd.conf (auxprop, pgsql, crypt), verbatim but for the host and the
 * password, against a real PostgreSQL holding a postfixadmin-style {@code mailbox} table; then the
 * guide's AUTH LOGIN session (testuser / secret) and the same with PLAIN.
 */
class SeedConfigOnPostgresqlTest {

    @Test
    void theSeedsPgsqlConfigAuthenticatesTheGuidesUser(@TempDir Path dir) throws Exception {
        TestDatabase db = TestDatabase.postgresql().postfix();
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS mailbox");
            st.executeUpdate("CREATE TABLE mailbox (username VARCHAR(255) PRIMARY KEY, password VARCHAR(255) NOT NULL, "
                    + "name VARCHAR(255) NOT NULL DEFAULT '', maildir VARCHAR(255) NOT NULL DEFAULT '', "
                    + "local_part VARCHAR(255) NOT NULL, domain VARCHAR(255) NOT NULL, "
                    + "active CHAR(1) NOT NULL DEFAULT '1')");
            // crypt("secret", "$6$saltsaltsaltsalt$") by libxcrypt; and an MD5-crypt user from an older install.
            st.executeUpdate("INSERT INTO mailbox (username, password, local_part, domain) VALUES ('testuser@example.com', "
                    + "'" + SqlAuxpropContract.SECRET_SHA512 + "', 'testuser', 'example.com')");
            st.executeUpdate("INSERT INTO mailbox (username, password, local_part, domain, active) VALUES "
                    + "('olduser@example.com', '$1$saltsalt$9xy1btjgzLYfb7hivXtC//', 'olduser', 'example.com', '0')");
        }
        String seed;
        try (InputStream in = SeedConfigOnPostgresqlTest.class.getResourceAsStream("/seed/smtpd-pgsql.conf")) {
            seed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String conf = seed.replace("sql_passwd: $password", "sql_passwd: " + db.password())
                .replace("#sql_hostnames: localhost", "sql_hostnames: " + db.host() + ":" + db.port());
        assertEquals(seed.lines().count(), conf.lines().count(), "only two lines change");
        Path file = dir.resolve("smtpd.conf");
        Files.writeString(file, conf);
        Exchange.registerProvider();
        Map<String, Object> props = Exchange.cyrus(file, null);

        SaslServer login = Sasl.createSaslServer("LOGIN", "smtp", "foo.example.com", props, null);
        Base64.Decoder b64 = Base64.getDecoder();
        assertArrayEquals(b64.decode("VXNlcm5hbWU6"), login.evaluateResponse(new byte[0]));
        assertArrayEquals(b64.decode("UGFzc3dvcmQ6"), login.evaluateResponse(b64.decode("dGVzdHVzZXI=")));
        assertNull(login.evaluateResponse(b64.decode("c2VjcmV0")));
        assertEquals("testuser", login.getAuthorizationID());

        SaslServer plain = Sasl.createSaslServer("PLAIN", "smtp", "foo.example.com", props, null);
        plain.evaluateResponse("\0testuser\0secret".getBytes(StandardCharsets.UTF_8));
        assertEquals("testuser", plain.getAuthorizationID());

        SaslServer wrong = Sasl.createSaslServer("PLAIN", "smtp", "foo.example.com", props, null);
        assertThrows(AuthenticationException.class,
                () -> wrong.evaluateResponse("\0testuser\0Secret".getBytes(StandardCharsets.UTF_8)));
        SaslServer inactive = Sasl.createSaslServer("PLAIN", "smtp", "foo.example.com", props, null);
        assertThrows(AuthenticationException.class,
                () -> inactive.evaluateResponse("\0olduser\0secret".getBytes(StandardCharsets.UTF_8)));
    }
}
