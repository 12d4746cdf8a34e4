package org.jsasl.pwcheck.authdaemond;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.pwcheck.unix.DaemonVerifier;
import org.jsasl.pwcheck.unix.UnixSocketExchange;

/**
 * {@code pwcheck_method: authdaemond}: asks courier's authdaemond over its UNIX socket, one
 * connection per request, as Cyrus and courier's own client do: {@code AUTH <n>} then
 * {@code service\nlogin\nuser\npassword\n}. The reply's three outcomes: {@code KEY=VALUE} lines
 * ending in {@code .} = accepted (the fields become account properties; PASSWD and PASSWD2 are
 * dropped at once), {@code FAIL} = rejected, anything else (no reply, EOF, reset, timeout, garbage,
 * too much) = unavailable. A control character in the user, password or service is refused before
 * anything is sent, so that a name can never become a second protocol line. An accepted account
 * whose {@code OPTIONS} say {@code disable<service>=1} is a disabled rejection, as courier's own
 * servers refuse it.
 */
public final class AuthdaemondVerifier extends DaemonVerifier {

    /** Prefix of the negotiated properties carrying the account's fields ({@code org.jsasl.authdaemond.HOME}). */
    public static final String PROPERTY_PREFIX = "org.jsasl.authdaemond.";

    /** The daemon refuses payloads of 8192 bytes or more. */
    static final int MAX_PAYLOAD = 8191;

    /** courier's client reads at most 8191 bytes of reply. */
    static final int MAX_REPLY = 8191;

    private static final byte[] FAIL = "FAIL\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * @param socket the daemon's socket
     * @param timeouts connect, write and read bounds
     */
    public AuthdaemondVerifier(Path socket, DaemonTimeouts timeouts) {
        super("authdaemond", socket, timeouts);
    }

    @Override
    public VerifyResult verify(VerifyRequest request) {
        byte[] user = request.user().authid().getBytes(StandardCharsets.UTF_8);
        byte[] service = request.service().getBytes(StandardCharsets.UTF_8);
        byte[] password = request.password().bytes();
        if (UnixSocketExchange.hasControlCharacter(user) || UnixSocketExchange.hasControlCharacter(password)
                || UnixSocketExchange.hasControlCharacter(service)) {
            return new VerifyResult.Rejected("user name, password or service holds a control character");
        }
        int payload = service.length + 1 + "login".length() + 1 + user.length + 1 + password.length + 1;
        if (payload > MAX_PAYLOAD) {
            return new VerifyResult.Rejected("user name and password are too long for authdaemond");
        }
        VerifyResult verdict = ask(query(payload, service, user, password), MAX_REPLY, AuthdaemondVerifier::complete,
                AuthdaemondVerifier::verdict);
        return verdict instanceof VerifyResult.Accepted a ? disabledFor(a, request.service()) : verdict;
    }

    /**
     * courier's imapd and pop3d refuse an account whose {@code OPTIONS} hold {@code disableimap=1} or
     * {@code disablepop3=1} after authdaemond accepted its password; this does the same for the SASL
     * service, so that a mail server using jsasl honours the account's switches. The check comes
     * after the password was accepted, so "disabled" tells nothing to a client that does not know it.
     * The names tried: the service, lower-cased; for {@code pop} also {@code pop3}; for {@code smtp}
     * and {@code submission} also {@code esmtp} and {@code smtp} (courier's esmtpd and the usual
     * option name). A value is "set" when it is a non-zero number, as courier writes {@code 1}.
     */
    static VerifyResult disabledFor(VerifyResult.Accepted accepted, String service) {
        String options = accepted.properties().get(PROPERTY_PREFIX + "OPTIONS");
        if (options == null || options.isEmpty()) {
            return accepted;
        }
        Map<String, String> switches = new LinkedHashMap<>();
        for (String option : options.split(",", -1)) {
            int eq = option.indexOf('=');
            if (eq > 0) {
                switches.putIfAbsent(option.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                        option.substring(eq + 1).trim());
            }
        }
        for (String name : serviceNames(service)) {
            if (isSet(switches.get("disable" + name))) {
                return VerifyResult.Rejected.disabled("account disabled for " + name + " by authdaemond OPTIONS");
            }
        }
        return accepted;
    }

    private static List<String> serviceNames(String service) {
        String s = service.toLowerCase(Locale.ROOT);
        switch (s) {
            case "pop":
                return List.of(s, "pop3");
            case "smtp":
                return List.of(s, "esmtp");
            case "submission":
                return List.of(s, "esmtp", "smtp");
            default:
                return List.of(s);
        }
    }

    /** A leading non-zero number: {@code 1} is set, {@code 0}, an empty or a non-numeric value are not. */
    private static boolean isSet(String value) {
        if (value == null) {
            return false;
        }
        int i = 0;
        boolean nonZero = false;
        while (i < value.length() && value.charAt(i) >= '0' && value.charAt(i) <= '9') {
            nonZero |= value.charAt(i) != '0';
            i++;
        }
        return nonZero;
    }

    /** The request in one exactly-sized array, so that the only copy of the password in it can be wiped. */
    private static byte[] query(int payload, byte[] service, byte[] user, byte[] password) {
        byte[] head = ("AUTH " + payload + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] login = "login".getBytes(StandardCharsets.US_ASCII);
        byte[] q = new byte[head.length + payload];
        int at = 0;
        for (byte[] part : new byte[][] {head, service, NL, login, NL, user, NL, password, NL}) {
            System.arraycopy(part, 0, q, at, part.length);
            at += part.length;
        }
        return q;
    }

    private static final byte[] NL = {'\n'};

    /** As courier's client: a reply is whole at {@code \n.\n}, or when it is exactly {@code FAIL\n}. */
    static boolean complete(ByteBuffer sofar) {
        int n = sofar.remaining();
        if (n == FAIL.length) {
            boolean fail = true;
            for (int i = 0; i < n; i++) {
                fail &= sofar.get(sofar.position() + i) == FAIL[i];
            }
            if (fail) {
                return true;
            }
        }
        int end = sofar.limit();
        return (n == 2 && sofar.get(end - 2) == '.' && sofar.get(end - 1) == '\n')
                || (n >= 3 && sofar.get(end - 3) == '\n' && sofar.get(end - 2) == '.' && sofar.get(end - 1) == '\n');
    }

    /** The first line that is exactly {@code .} or {@code FAIL} decides; KEY=VALUE lines before a {@code .} are kept. */
    static VerifyResult verdict(byte[] reply) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i < reply.length; i++) {
            if (reply[i] != '\n') {
                continue;
            }
            int len = i - start;
            if (len == 1 && reply[start] == '.') {
                return new VerifyResult.Accepted(fields);
            }
            if (len == 4 && reply[start] == 'F' && reply[start + 1] == 'A' && reply[start + 2] == 'I'
                    && reply[start + 3] == 'L') {
                return new VerifyResult.Rejected("authdaemond said FAIL");
            }
            field(reply, start, i, fields);
            start = i + 1;
        }
        return new VerifyResult.Unavailable(reply.length == 0 ? "authdaemond closed the connection without a verdict"
                : "authdaemond's reply has no verdict", null);
    }

    private static void field(byte[] reply, int from, int to, Map<String, String> fields) {
        int eq = -1;
        for (int i = from; i < to; i++) {
            if (reply[i] == '=') {
                eq = i;
                break;
            }
        }
        if (eq <= from) {
            return;
        }
        String key = new String(reply, from, eq - from, StandardCharsets.US_ASCII);
        if (key.equals("PASSWD") || key.equals("PASSWD2") || !key.matches("[A-Z0-9_]{1,32}")) {
            // The crypted and the cleartext password: never kept, never logged.
            return;
        }
        fields.put(PROPERTY_PREFIX + key, new String(reply, eq + 1, to - eq - 1, StandardCharsets.UTF_8));
    }
}
