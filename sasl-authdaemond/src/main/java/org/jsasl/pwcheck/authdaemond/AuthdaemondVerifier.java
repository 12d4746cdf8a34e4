package org.jsasl.pwcheck.authdaemond;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
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
 * anything is sent, so that a name can never become a second protocol line.
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
        return ask(query(payload, service, user, password), MAX_REPLY, AuthdaemondVerifier::complete,
                AuthdaemondVerifier::verdict);
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
