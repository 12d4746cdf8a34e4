package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProvider;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider registers in all three documented ways; the static ways need a fresh JVM, so they
 * run {@link Probe} in a forked one with the test class path.
 */
class ProviderRegistrationTest {

    /** Run in a forked JVM: prints which class serves PLAIN and LOGIN servers, or null. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            MapCallbackHandler cbh = MapCallbackHandler.of(Map.of("alice", "secret"));
            for (String mech : new String[] {"PLAIN", "LOGIN"}) {
                SaslServer s = Sasl.createSaslServer(mech, "smtp", "host", Map.of(), cbh);
                System.out.println(mech + "=" + (s == null ? "null" : s.getClass().getName()));
            }
            for (var e = Sasl.getSaslServerFactories(); e.hasMoreElements();) {
                var f = e.nextElement();
                if (f.getClass().getName().startsWith("org.jsasl")) {
                    System.out.println("NAMES=" + String.join(",", f.getMechanismNames(Map.of())));
                }
            }
        }
    }

    @Test
    void securityAddProvider() throws Exception {
        Exchange.registerProvider();
        Provider p = Security.getProvider("JSASL");
        assertNotNull(p);
        assertNotNull(p.getService("SaslServerFactory", "PLAIN"));
        assertNotNull(p.getService("SaslClientFactory", "PLAIN"));
        SaslServer s = Sasl.createSaslServer("PLAIN", "smtp", "host", Map.of(), MapCallbackHandler.of(Map.of()));
        assertEquals(PlainSaslServer.class, s.getClass());
    }

    @Test
    void mechanismNamesHonourPoliciesGivenAsStringOrBoolean() throws Exception {
        Exchange.registerProvider();
        SaslServerFactory f = (SaslServerFactory) Security.getProvider("JSASL")
                .getService("SaslServerFactory", "PLAIN").newInstance(null);
        assertArrayEquals(new String[] {"PLAIN"}, f.getMechanismNames(null), "only PLAIN is on this class path");
        assertArrayEquals(new String[0], f.getMechanismNames(Map.of(Sasl.POLICY_NOPLAINTEXT, "true")));
        assertArrayEquals(new String[0], f.getMechanismNames(Map.of(Sasl.POLICY_NOPLAINTEXT, Boolean.TRUE)));
        assertArrayEquals(new String[0], f.getMechanismNames(Map.of(Sasl.POLICY_NOACTIVE, Boolean.TRUE)));
        assertArrayEquals(new String[0], f.getMechanismNames(Map.of(Sasl.POLICY_NODICTIONARY, "true")));
        assertArrayEquals(new String[0], f.getMechanismNames(Map.of(Sasl.POLICY_FORWARD_SECRECY, "true")));
        assertArrayEquals(new String[] {"PLAIN"}, f.getMechanismNames(Map.of(Sasl.POLICY_NOANONYMOUS, Boolean.TRUE)));
        assertArrayEquals(new String[] {"PLAIN"}, f.getMechanismNames(Map.of(Sasl.POLICY_PASS_CREDENTIALS, "true")));
    }

    @Test
    void staticRegistrationByClassName(@TempDir Path dir) throws Exception {
        assertEquals(List.of("PLAIN=" + PlainSaslServer.class.getName(), "LOGIN=null", "NAMES=PLAIN"),
                probe(dir, "security.provider.13=org.jsasl.JsaslProvider\n"));
    }

    @Test
    void staticRegistrationByProviderNameThroughServiceLoader(@TempDir Path dir) throws Exception {
        assertEquals(List.of("PLAIN=" + PlainSaslServer.class.getName(), "LOGIN=null", "NAMES=PLAIN"),
                probe(dir, "security.provider.13=" + JsaslProvider.NAME + "\n"));
    }

    @Test
    void jdkSaslDisabledMechanismsStillApplies(@TempDir Path dir) throws Exception {
        assertEquals(List.of("PLAIN=null", "LOGIN=null", "NAMES="),
                probe(dir, "security.provider.13=org.jsasl.JsaslProvider\njdk.sasl.disabledMechanisms=PLAIN\n"));
    }

    @Test
    void notRegisteredMeansNoPlainServer(@TempDir Path dir) throws Exception {
        assertEquals(List.of("PLAIN=null", "LOGIN=null"), probe(dir, "# nothing\n"));
    }

    private static List<String> probe(Path dir, String securityProperties) throws IOException, InterruptedException {
        Path props = dir.resolve("java.security");
        Files.writeString(props, securityProperties);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Djava.security.properties=" + props,
                "-cp", System.getProperty("java.class.path"), Probe.class.getName())
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("probe JVM did not finish");
        }
        List<String> lines = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("PLAIN=") || line.startsWith("LOGIN=") || line.startsWith("NAMES=")) {
                lines.add(line.trim());
            }
        }
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        return lines;
    }
}
