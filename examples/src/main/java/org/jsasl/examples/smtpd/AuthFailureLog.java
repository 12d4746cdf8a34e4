package org.jsasl.examples.smtpd;

import java.net.InetAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one warning line each AUTH command that does not succeed leaves in the log, in Postfix's
 * shape ({@code warning: unknown[192.0.2.1]: SASL LOGIN authentication failed: authentication
 * failure}), so that fail2ban (examples/fail2ban/jsasl-smtpd.conf) can count password guesses.
 *
 * <p>Only a 535 says {@code authentication failed}. A 454 says {@code authentication unavailable}
 * (Postfix says "failed" there too): a backend outage fails every client, and a filter that
 * counted it would ban the legitimate users who retry. A 501 or 500 (cancelled, undecodable,
 * overlong) says {@code authentication aborted}, as Postfix does for a cancel: no password was
 * checked, so there was nothing to guess.
 */
final class AuthFailureLog {

    private static final Logger LOG = LoggerFactory.getLogger(AuthFailureLog.class);

    // RFC 4422 section 3.1: a mechanism name is 1 to 20 of these characters.
    private static final int MAX_MECHANISM = 20;

    private AuthFailureLog() {
    }

    /** A 535: wrong credentials, unknown user, malformed message, refused mechanism, too many rounds. */
    static void failed(InetAddress client, String mechanism, String reason) {
        LOG.warn("warning: {}: SASL {} authentication failed: {}", namaddr(client), mechanism, printable(reason));
    }

    /** A 454: the password backend could not answer; {@code detail} is for the admin (never a password). */
    static void unavailable(InetAddress client, String mechanism, String detail) {
        LOG.warn("warning: {}: SASL {} authentication unavailable: {}", namaddr(client), mechanism,
                printable(detail));
    }

    /** A 501 or 500 during the exchange; {@code detail} is null for the client's own cancel. */
    static void aborted(InetAddress client, String mechanism, String detail) {
        if (detail == null) {
            LOG.warn("warning: {}: SASL {} authentication aborted", namaddr(client), mechanism);
        } else {
            LOG.warn("warning: {}: SASL {} authentication aborted: {}", namaddr(client), mechanism,
                    printable(detail));
        }
    }

    /**
     * The mechanism an AUTH argument names, fit for a log line: upper case, characters outside
     * RFC 4422's set as {@code ?} (as Postfix's printable() does), at most 20 of them; the client
     * chooses this text, and it must not be able to add a line or reshape this one.
     */
    static String mechanism(String authArgument) {
        int sp = authArgument.indexOf(' ');
        String name = (sp < 0 ? authArgument : authArgument.substring(0, sp)).toUpperCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(Math.min(name.length(), MAX_MECHANISM));
        for (int i = 0; i < name.length() && i < MAX_MECHANISM; i++) {
            char c = name.charAt(i);
            sb.append((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ? c : '?');
        }
        return sb.length() == 0 ? "?" : sb.toString();
    }

    /** Postfix's "name[address]"; the name is unknown because the example does no reverse DNS. */
    private static String namaddr(InetAddress client) {
        String address = client.getHostAddress();
        int scope = address.indexOf('%');   // an IPv6 zone: not part of the address a firewall bans
        return "unknown[" + (scope < 0 ? address : address.substring(0, scope)) + "]";
    }

    // Details come from jsasl and its drivers, not the client, but one line must stay one line.
    private static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return sb.toString();
    }
}
