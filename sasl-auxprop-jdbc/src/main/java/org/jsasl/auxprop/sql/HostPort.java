package org.jsasl.auxprop.sql;

/**
 * One entry of {@code sql_hostnames}: {@code host}, {@code host:port}, or {@code [ipv6]:port}
 * (Cyrus splits at the first colon and so cannot take IPv6 literals).
 *
 * @param host the host name or address
 * @param port the port, or 0 for the engine's default
 */
record HostPort(String host, int port) {

    /** Parses an entry; throws IllegalArgumentException with a message for the administrator. */
    static HostPort parse(String entry) {
        String e = entry.strip();
        if (e.isEmpty()) {
            throw new IllegalArgumentException("empty host name");
        }
        String host;
        String port = null;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unterminated '[' in '" + e + "'");
            }
            host = e.substring(1, close);
            if (close + 1 < e.length()) {
                if (e.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("expected ':port' after ']' in '" + e + "'");
                }
                port = e.substring(close + 2);
            }
        } else {
            int colon = e.indexOf(':');
            host = colon < 0 ? e : e.substring(0, colon);
            port = colon < 0 ? null : e.substring(colon + 1);
        }
        if (host.isEmpty() || !host.matches("[A-Za-z0-9.:_-]+")) {
            throw new IllegalArgumentException("invalid host name '" + host + "'");
        }
        int p = 0;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException ex) {
                p = -1;
            }
            if (p < 1 || p > 65535) {
                throw new IllegalArgumentException("invalid port '" + port + "' for host '" + host + "'");
            }
        }
        return new HostPort(host, p);
    }

    /** {@code host:port} for a JDBC URL, with brackets around IPv6 literals. */
    String forUrl(int defaultPort) {
        String h = host.contains(":") ? "[" + host + "]" : host;
        int p = port == 0 ? defaultPort : port;
        return p == 0 ? h : h + ":" + p;
    }
}
