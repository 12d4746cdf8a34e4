package org.jsasl.authd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ReloadableContext;
import org.jsasl.server.ServerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's sockets as admins expect them: UNIX sockets with their mode, stale files replaced
 * but live or foreign ones refused, a cap on connections, reload without dropping connections (and
 * a broken configuration keeping the old one), and a close that removes what it made.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AuthdDaemonTest {

    @TempDir
    Path dir;

    private AuthdDaemon daemon;

    /** Answers each byte with the same byte, until EOF: enough to see a connection served. */
    static final class Echo implements AuthProtocol {
        @Override
        public String name() {
            return "echo";
        }

        @Override
        public void serve(SocketChannel connection, String peer) throws IOException {
            try (connection) {
                ByteBuffer b = ByteBuffer.allocate(1);
                while (connection.read(b) > 0) {
                    b.flip();
                    connection.write(b);
                    b.clear();
                }
            }
        }
    }

    private static ServerContext context() throws ConfigException {
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword", "alice=secret"));
    }

    private AuthdDaemon start(List<AuthdDaemon.Listener> listeners, ReloadableContext.Loader loader, int max) throws Exception {
        daemon = AuthdDaemon.start(new AuthdBackend(context(), AuthdOptions.defaults("localhost")), loader,
                listeners, max);
        return daemon;
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static void roundTrip(SocketChannel c) throws IOException {
        c.write(ByteBuffer.wrap("x".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer in = ByteBuffer.allocate(1);
        assertEquals(1, c.read(in));
        assertEquals('x', in.get(0));
    }

    private AuthdDaemon.Listener unix(Path socket, SocketOwnership ownership) {
        return new AuthdDaemon.Listener(ListenAddress.parse("unix:" + socket), new Echo(), ownership);
    }

    @Test
    void aUnixSocketGetsItsModeAndIsRemovedOnClose() throws Exception {
        Path socket = dir.resolve("auth");
        start(List.of(unix(socket, new SocketOwnership(null, null, 0600))), AuthdDaemonTest::context, 10);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            roundTrip(c);
        }
        daemon.close();
        assertFalse(Files.exists(socket));
    }

    @Test
    void aStaleSocketIsReplacedButALiveOneOrARegularFileIsRefused() throws Exception {
        Path stale = dir.resolve("stale");
        ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        old.bind(UnixDomainSocketAddress.of(stale));
        old.close();   // the file stays, as after a crash
        assertTrue(Files.exists(stale));

        Path live = dir.resolve("live");
        try (ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            other.bind(UnixDomainSocketAddress.of(live));
            IOException inUse = assertThrows(IOException.class, () -> AuthdDaemon.start(
                    new AuthdBackend(context(), AuthdOptions.defaults("localhost")), AuthdDaemonTest::context,
                    List.of(unix(stale, SocketOwnership.DEFAULT), unix(live, SocketOwnership.DEFAULT)), 10));
            assertTrue(inUse.getMessage().contains("in use"), inUse.getMessage());
            // Nothing stays bound after a failed start: the stale one's replacement is gone again.
            assertFalse(Files.exists(stale));
        }
        Path file = Files.writeString(dir.resolve("file"), "not a socket");
        IOException notSocket = assertThrows(IOException.class, () -> AuthdDaemon.start(
                new AuthdBackend(context(), AuthdOptions.defaults("localhost")), AuthdDaemonTest::context,
                List.of(unix(file, SocketOwnership.DEFAULT)), 10));
        assertTrue(notSocket.getMessage().contains("not a socket"), notSocket.getMessage());
        assertEquals("not a socket", Files.readString(file));

        start(List.of(unix(stale, SocketOwnership.DEFAULT)), AuthdDaemonTest::context, 10);
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(stale))) {
            roundTrip(c);
        }
    }

    @Test
    void connectionsPastTheCapAreClosedAndOthersKeepWorking() throws Exception {
        start(List.of(new AuthdDaemon.Listener(ListenAddress.parse("inet:127.0.0.1:0"), new Echo(),
                SocketOwnership.DEFAULT)), AuthdDaemonTest::context, 2);
        InetSocketAddress a = (InetSocketAddress) daemon.addresses().get(0);
        try (SocketChannel one = SocketChannel.open(a); SocketChannel two = SocketChannel.open(a)) {
            roundTrip(one);
            roundTrip(two);
            try (SocketChannel three = SocketChannel.open(a)) {
                three.socket().setSoTimeout(5000);
                assertEquals(-1, three.socket().getInputStream().read(), "the third is closed");
            }
            roundTrip(one);
        }
    }

    @Test
    void reloadSwapsTheConfigurationWithoutDroppingConnectionsAndABadOneKeepsTheOld() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        ReloadableContext.Loader loader = () -> {
            if (loads.incrementAndGet() == 2) {
                throw new ConfigException(Path.of("smtpd.conf"), 3, "log_level", "9 is out of range 0..7");
            }
            return context();
        };
        start(List.of(new AuthdDaemon.Listener(ListenAddress.parse("inet:127.0.0.1:0"), new Echo(),
                SocketOwnership.DEFAULT)), loader, 10);
        AuthdBackend backend = backendOf();
        ServerContext first = backend.context();
        try (SocketChannel c = SocketChannel.open(daemon.addresses().get(0))) {
            roundTrip(c);
            assertTrue(daemon.reload());
            ServerContext second = backend.context();
            assertNotSame(first, second);
            roundTrip(c);
            assertFalse(daemon.reload(), "a configuration that does not load is not taken");
            assertSame(second, backend.context());
            roundTrip(c);
        }
    }

    private AuthdBackend backendOf() throws Exception {
        java.lang.reflect.Field f = AuthdDaemon.class.getDeclaredField("backend");
        f.setAccessible(true);
        return (AuthdBackend) f.get(daemon);
    }

    @Test
    void listenAddressesAreParsedAsPostfixWritesThem() {
        assertEquals(Path.of("/var/spool/postfix/private/auth"),
                ((ListenAddress.Unix) ListenAddress.parse("unix:/var/spool/postfix/private/auth")).path());
        assertEquals(Path.of("/run/saslauthd/mux"), ((ListenAddress.Unix) ListenAddress.parse("/run/saslauthd/mux")).path());
        ListenAddress.Inet inet = (ListenAddress.Inet) ListenAddress.parse("inet:127.0.0.1:12345");
        assertEquals(12345, inet.address().getPort());
        assertTrue(inet.loopback());
        assertTrue(((ListenAddress.Inet) ListenAddress.parse("inet:[::1]:1")).loopback());
        for (String bad : new String[] {"private/auth", "inet:127.0.0.1", "inet:127.0.0.1:99999", "inet:mail.example:25",
                "unix:relative", "tcp:1"}) {
            assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(bad), bad);
        }
        assertEquals(0660, SocketOwnership.parseMode("0660"));
        assertEquals(0600, SocketOwnership.parseMode("600"));
        assertThrows(IllegalArgumentException.class, () -> SocketOwnership.parseMode("0999"));
        assertEquals("rw-rw----", PosixFilePermissions.toString(SocketOwnership.permissions(0660)));
    }

}
