package org.jsasl.authd;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;

/**
 * Where one protocol of jsasl authd listens, written as Postfix writes {@code smtpd_sasl_path}:
 * {@code unix:/path}, {@code inet:host:port}, or a bare absolute path for a UNIX socket.
 */
public sealed interface ListenAddress {

    /** The address to bind. */
    SocketAddress socketAddress();

    /** A UNIX-domain socket file. */
    record Unix(Path path) implements ListenAddress {
        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(path);
        }

        @Override
        public String toString() {
            return "unix:" + path;
        }
    }

    /** A TCP socket; jsasl authd is meant for loopback (no TLS on this protocol). */
    record Inet(InetSocketAddress address) implements ListenAddress {
        @Override
        public SocketAddress socketAddress() {
            return address;
        }

        /** Whether the address is a loopback one, where the daemon's callers are on the same host. */
        public boolean loopback() {
            return address.getAddress() != null && address.getAddress().isLoopbackAddress();
        }

        @Override
        public String toString() {
            return "inet:" + address.getAddress().getHostAddress() + ":" + address.getPort();
        }
    }

    /**
     * Parses {@code unix:/path}, {@code inet:host:port} ({@code [::1]:port} for IPv6) or {@code /path}.
     *
     * @throws IllegalArgumentException saying what is wrong, for a usage message
     */
    static ListenAddress parse(String value) {
        if (value.startsWith("unix:")) {
            return unix(value.substring("unix:".length()), value);
        }
        if (value.startsWith("inet:")) {
            String rest = value.substring("inet:".length());
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + value + "': inet: needs host:port");
            }
            String host = rest.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(rest.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("'" + value + "': bad port");
            }
            try {
                // No name lookups: a listener's address is a number, as in Postfix' examples.
                return new Inet(new InetSocketAddress(InetAddress.getByName(literal(host, value)), port));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("'" + value + "': bad address", e);
            }
        }
        if (value.startsWith("/")) {
            return unix(value, value);
        }
        throw new IllegalArgumentException("'" + value + "': expected unix:/path, inet:host:port or /path");
    }

    private static String literal(String host, String value) {
        if (host.equals("localhost")) {
            return "127.0.0.1";
        }
        if (!host.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
            throw new IllegalArgumentException("'" + value + "': the host must be an IP address or localhost");
        }
        return host;
    }

    private static Unix unix(String path, String value) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("'" + value + "': a UNIX socket path must be absolute");
        }
        return new Unix(Path.of(path));
    }
}
