package org.jsasl.examples.smtpd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading main.cf: syntax, Postfix's defaults, $name expansion and the smtpd.conf it names. */
class MainCfTest {

    @TempDir
    Path dir;

    @Test
    void defaultsArePostfixs() {
        MainCf cf = MainCf.parse("", dir);
        assertFalse(cf.saslAuthEnable());
        assertFalse(cf.brokenSaslAuthClients());
        assertEquals(List.of("noanonymous"), cf.saslSecurityOptions());
        assertEquals(List.of("noanonymous"), cf.saslTlsSecurityOptions());
        assertEquals(10240000L, cf.messageSizeLimit());
        assertEquals(Duration.ofSeconds(300), cf.idleTimeout());
        assertEquals(2048, cf.lineLengthLimit());
        assertEquals("localhost.localdomain ESMTP Postfix", cf.banner());
        assertEquals(List.of("localhost.localdomain", "localhost.localdomain", "localhost"), cf.mydestination());
        assertEquals(dir.toAbsolutePath().resolve("smtpd.conf"), cf.saslConfigFile());
        assertNull(cf.mailDirectory());
    }

    @Test
    void commentsContinuationsAndExpansion() {
        MainCf cf = MainCf.parse(String.join("\n",
                "# a comment",
                "myhostname = mail.example.org",
                "mydestination = $myhostname,",
                "    # comments inside a continued value are skipped",
                "    localhost.${mydomain}, localhost",
                "smtpd_recipient_restrictions = permit_sasl_authenticated,",
                "\tpermit_mynetworks, reject_unauth_destination",
                "smtpd_sasl_security_options = noanonymous, noplaintext",
                "smtpd_sasl_tls_security_options = noanonymous",
                "mynetworks = 10.0.0.0/8 [::1]/128 192.0.2.7",
                "smtpd_timeout = 2m",
                "some_unknown_key = is warned about once and ignored"), dir);
        assertEquals(List.of("mail.example.org", "localhost.example.org", "localhost"), cf.mydestination());
        assertEquals(List.of("permit_sasl_authenticated", "permit_mynetworks", "reject_unauth_destination"),
                cf.recipientRestrictions());
        assertEquals(List.of("noanonymous", "noplaintext"), cf.saslSecurityOptions());
        assertEquals(List.of("noanonymous"), cf.saslTlsSecurityOptions());
        assertEquals(Duration.ofMinutes(2), cf.idleTimeout());
        RecipientPolicy policy = new RecipientPolicy(cf);
        assertTrue(policy.inMynetworks(InetAddress.getLoopbackAddress()) == false);
        assertTrue(policy.isLocal("Someone@MAIL.example.org."));
        assertFalse(policy.isLocal("someone@example.net"));
    }

    @Test
    void networks() throws Exception {
        assertTrue(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("10.200.3.4")));
        assertFalse(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("11.0.0.1")));
        assertTrue(Cidr.parse("[::1]/128").contains(InetAddress.getByName("::1")));
        assertFalse(Cidr.parse("[::1]/128").contains(InetAddress.getByName("127.0.0.1")));
        assertTrue(Cidr.parse("192.0.2.7").contains(InetAddress.getByName("192.0.2.7")));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("mail.example.org"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
    }

    /**
     * Hex-looking names and the short IPv4 forms inet_aton takes ("127.1") are no numeric networks:
     * refused at once, never sent to DNS (issue 13: reading main.cf used to wait for the resolver).
     */
    @Test
    void networksAreNeverLookedUp() {
        for (String entry : new String[] {"deadbeef", "cafe.babe", "face/8", "127.1", "1.2.3.4.5", "256.0.0.1",
                "1.2.3.", "[abc]", "abc:", ":::", "1:2:3:4:5:6:7:8:9", "[::1"}) {
            assertThrows(IllegalArgumentException.class, () -> Cidr.parse(entry), entry);
        }
    }

    @Test
    void ipv6NetworksWithAndWithoutBrackets() throws Exception {
        assertTrue(Cidr.parse("[2001:db8::]/32").contains(InetAddress.getByName("2001:db8::7")));
        assertTrue(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1")));
        assertFalse(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db9::1")));
    }

    @Test
    void saslPathChoosesTheSmtpdConf() throws Exception {
        Files.createDirectories(dir.resolve("sasl2"));
        Files.writeString(dir.resolve("sasl2").resolve("submission.conf"), "mech_list: PLAIN\n");
        MainCf cf = MainCf.parse("cyrus_sasl_config_path = /nonexistent:sasl2\nsmtpd_sasl_path = submission\n", dir);
        assertEquals(dir.toAbsolutePath().resolve("sasl2").resolve("submission.conf"), cf.saslConfigFile());
    }

    @Test
    void malformedValuesNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("smtpd_sasl_auth_enable = maybe", dir)).getMessage().contains("smtpd_sasl_auth_enable"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("smtpd_timeout = soon", dir)).getMessage().contains("smtpd_timeout"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("a = $b\nb = $a\nmyhostname = $a", dir)).getMessage().contains("loop"));
        assertThrows(IllegalArgumentException.class, () -> MainCf.parse("  leading continuation", dir));
    }

    @Test
    void demoMainCfReads() throws Exception {
        MainCf cf = MainCf.load(TestServers.CONF.resolve("main.cf"));
        assertTrue(cf.saslAuthEnable());
        assertTrue(cf.saslAuthenticatedHeader());
        assertEquals(TestServers.CONF.resolve("smtpd.conf"), cf.saslConfigFile());
        assertTrue(cf.mynetworks().isEmpty());
    }

    @Test
    void tlsKeys() {
        MainCf off = MainCf.parse("", dir);
        assertEquals("none", off.tlsSecurityLevel());
        assertFalse(off.tlsEnabled());
        assertNull(off.tlsCertFile());
        assertNull(off.tlsKeyFile());
        MainCf may = MainCf.parse("smtpd_tls_security_level = MAY\nsmtpd_tls_cert_file = both.pem", dir);
        assertTrue(may.tlsEnabled());
        assertFalse(may.tlsRequired());
        // Postfix: the key defaults to the certificate file; relative paths are next to main.cf.
        assertEquals(dir.toAbsolutePath().resolve("both.pem"), may.tlsKeyFile());
        assertTrue(MainCf.parse("smtpd_tls_security_level = encrypt", dir).tlsRequired());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MainCf.parse("smtpd_tls_security_level = dane", dir));
        assertTrue(e.getMessage().contains("smtpd_tls_security_level"));
    }

    /** Postfix's maillog_file: empty (the default) is standard error; a relative path is next to main.cf. */
    @Test
    void maillogFile() {
        assertNull(MainCf.parse("", dir).maillogFile());
        assertEquals(dir.toAbsolutePath().resolve("log/smtpd.log"),
                MainCf.parse("maillog_file = log/smtpd.log", dir).maillogFile());
        assertEquals(Path.of("/var/log/jsasl-smtpd.log"),
                MainCf.parse("maillog_file = /var/log/jsasl-smtpd.log", dir).maillogFile());
    }
}
