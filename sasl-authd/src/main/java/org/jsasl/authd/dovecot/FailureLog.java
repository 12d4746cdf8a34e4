package org.jsasl.authd.dovecot;

import org.jsasl.authd.LogText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one warning line each failed request leaves, in a shape fail2ban can match:
 * {@code authd: dovecot: authentication failed for 'alice' from 192.0.2.1: authentication failure}.
 * Backend outages say {@code unavailable} instead, so a filter counting guesses does not ban users
 * who retry during an outage. Names and addresses come from the client and are made printable and
 * short, so they cannot add a line or reshape this one; payloads and passwords are never logged.
 */
final class FailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(FailureLog.class);

    private FailureLog() {
    }

    /** Wrong credentials, unknown user, malformed message: the client's fault. */
    static void failed(String user, String rip, String peer, String reason) {
        LOG.warn("authd: dovecot: authentication failed for '{}' from {}: {}", printable(user), from(rip, peer),
                printable(reason));
    }

    /** The backend could not answer, or the daemon was too busy: not the client's fault. */
    static void unavailable(String user, String rip, String peer, String reason) {
        LOG.warn("authd: dovecot: authentication unavailable for '{}' from {}: {}", printable(user),
                from(rip, peer), printable(reason));
    }

    private static String from(String rip, String peer) {
        // Postfix's rip= is the SMTP client, the one to ban; the socket peer is only Postfix itself.
        return rip == null || rip.isEmpty() ? "unknown (via " + printable(peer) + ")" : printable(rip);
    }

    static String printable(String s) {
        return LogText.printable(s);
    }
}
