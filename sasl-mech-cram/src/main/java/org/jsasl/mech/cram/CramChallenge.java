package org.jsasl.mech.cram;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The server's CRAM-MD5 challenge as Cyrus builds it, {@code <random.time@hostname>} (RFC 2195's
 * msg-id form): an unsigned 64-bit random number in decimal, the time in seconds since the epoch,
 * and the server's host name. The random part keeps challenges unique, so that a captured response
 * cannot be replayed.
 */
final class CramChallenge {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CramChallenge() {
    }

    /**
     * A fresh challenge naming {@code serverName}, or this machine's host name when it is null or
     * empty.
     */
    static byte[] next(String serverName) {
        String host = serverName == null || serverName.isEmpty() ? LocalHost.NAME : serverName;
        return format(RANDOM.nextLong(), System.currentTimeMillis() / 1000, host);
    }

    /** The challenge made of these parts. */
    static byte[] format(long random, long epochSeconds, String host) {
        return ("<" + Long.toUnsignedString(random) + "." + epochSeconds + "@" + host + ">")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** Resolved once: the lookup may wait on DNS, which must not happen on every login. */
    private static final class LocalHost {
        static final String NAME = resolve();

        private static String resolve() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException | SecurityException e) {
                return "localhost";
            }
        }
    }
}
