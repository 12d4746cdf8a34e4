package org.jsasl.authd.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A thousand hostile connections at once on jsasl authd's Dovecot socket (silent, broken
 * handshakes, junk commands, wrong passwords, a megabyte line, requests never read): each ends in a
 * FAIL or a closed connection, none is ever accepted, and a well-behaved client is served meanwhile
 * and afterwards. Past the connection cap, new connections are closed at once and served again once
 * the others are gone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ThousandHostileConnectionsTest {

    private static final String AUTH = "\tservice=smtp\tlip=127.0.0.1\trip=192.0.2.7";

    private AuthdDaemon daemon;
    private InetSocketAddress address;

    private static ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                "alice=secret", "mech_list", "PLAIN LOGIN"));
    }

    private void start(int maxConnections) throws Exception {
        AuthdBackend backend = new AuthdBackend(context(), AuthdOptions.defaults("mx.example.test"));
        daemon = AuthdDaemon.start(backend, ThousandHostileConnectionsTest::context, List.of(new AuthdDaemon.Listener(
                ListenAddress.parse("inet:127.0.0.1:0"), new DovecotAuthProtocol(backend), SocketOwnership.DEFAULT)),
                maxConnections);
        address = (InetSocketAddress) daemon.addresses().get(0);
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Socket open() throws IOException {
        Socket s = new Socket();
        s.connect(address, 10_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static void send(Socket s, String text) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * The lines the server sends until one matches {@code last}, it closes ({@code <closed>}), or it
     * is silent for 10 s ({@code <open>}).
     */
    private static List<String> readUntil(Socket s, java.util.function.Predicate<String> last) throws IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                lines.add(l);
                if (last.test(l)) {
                    return lines;
                }
            }
            lines.add("<closed>");
        } catch (SocketTimeoutException silent) {
            lines.add("<open>");
        } catch (IOException reset) {
            lines.add("<closed>");
        }
        return lines;
    }

    /** A Postfix-like client: handshake, one AUTH, its reply. */
    private String goodLogin() throws IOException {
        try (Socket s = open()) {
            send(s, "VERSION\t1\t0\nCPID\t4242\nAUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret") + "\n");
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            for (String l = in.readLine(); l != null; l = in.readLine()) {
                if (l.startsWith("OK\t") || l.startsWith("FAIL\t")) {
                    return l;
                }
            }
            return "<closed>";
        }
    }

    private static String hostile(int i) {
        String hs = "VERSION\t1\t0\nCPID\t" + (i + 1) + "\n";
        switch (i % 8) {
            case 0: return null;                                                    // says nothing
            case 1: return "VERSION\t2\t0\n";                                       // wrong major
            case 2: return "HELLO\n";                                               // not a handshake
            case 3: return hs + "AUTH\t1\tPLAIN" + AUTH + "\tresp=" + plain("alice", "wrong") + "\n";
            case 4: return hs + "AUTH\t0\tPLAIN" + AUTH + "\tresp=" + plain("alice", "secret") + "\n";   // id 0
            case 5: return hs + "AUTH\t1\tPLAIN" + AUTH + "\tresp=YWJj=\n";        // base64 error
            case 6: return hs + "AUTH\t1\tPLAIN" + AUTH + "\tresp=" + "A".repeat(1 << 20) + "\n";   // 1 MB line
            default: return hs + "AUTH\t7\tPLAIN" + AUTH + "\tresp=" + plain("alice\tx", "secret") + "\nCONT\t99\tx\n";
        }
    }

    @Test
    void aThousandHostileClientsNeverGetAnOkAndDoNotDisturbOthers() throws Exception {
        start(1024);
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                Socket s = open();
                sockets.add(s);
                String text = hostile(i);
                if (text != null) {
                    try {
                        send(s, text);
                    } catch (IOException closedMidWrite) {
                        // The 1 MB line: the server may close before it has all of it.
                    }
                }
            }
            // While all thousand are open (none of them reads yet), an ordinary login is served.
            assertEquals("OK\t1\tuser=alice", goodLogin());
            int closed = 0;
            for (int i = 0; i < sockets.size(); i++) {
                int kind = i % 8;
                List<String> lines = readUntil(sockets.get(i), l -> kind == 0 ? l.equals("DONE")
                        : kind == 7 ? l.startsWith("FAIL\t7") : (kind == 3 || kind == 5) && l.startsWith("FAIL"));
                for (String l : lines) {
                    assertFalse(l.startsWith("OK"), "connection " + i + " was accepted: " + lines);
                }
                String last = lines.get(lines.size() - 1);
                switch (kind) {
                    case 0 -> assertEquals("DONE", last, lines.toString());
                    case 3 -> assertEquals("FAIL\t1\tuser=alice", last, lines.toString());
                    case 5 -> assertEquals("FAIL\t1\tcode=invalid_base64\treason=Invalid base64 data in initial response",
                            last, lines.toString());
                    case 7 -> assertTrue(last.startsWith("FAIL\t7"), lines.toString());
                    default -> assertEquals("<closed>", last, "connection " + i + ": " + lines);
                }
                if (last.equals("<closed>")) {
                    closed++;
                }
            }
            assertEquals(500, closed, "the four kinds of protocol error close their connections");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertEquals("OK\t1\tuser=alice", goodLogin());
    }

    @Test
    void pastTheCapNewConnectionsAreClosedAtOnceAndServedAgainLater() throws Exception {
        start(50);
        List<Socket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                held.add(open());
            }
            Thread.sleep(200);   // the accept loop has counted them
            try (Socket extra = open()) {
                assertEquals(List.of("<closed>"), readUntil(extra, l -> false));
            }
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String reply;
        do {
            Thread.sleep(100);
            reply = goodLogin();
        } while (!reply.startsWith("OK") && System.nanoTime() < deadline);
        assertEquals("OK\t1\tuser=alice", reply);
    }
}
