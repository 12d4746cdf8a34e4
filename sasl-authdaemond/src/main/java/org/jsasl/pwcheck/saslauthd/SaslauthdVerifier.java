package org.jsasl.pwcheck.saslauthd;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.pwcheck.unix.DaemonVerifier;
import org.jsasl.pwcheck.unix.UnixSocketExchange;

/**
 * {@code pwcheck_method: saslauthd}: asks Cyrus' saslauthd over its UNIX socket with four counted
 * strings (login, password, service, realm; each a 16-bit big-endian length and the bytes), the
 * realm split off the canonical user at its last {@code @} as Cyrus does. A reply {@code OK...} =
 * accepted, {@code NO...} = rejected, anything else (short, garbage, none, timeout) = unavailable.
 * Cyrus' client has no timeouts and takes {@code OKAY} for OK; this one bounds every step and
 * wants {@code OK} alone or followed by a space.
 */
public final class SaslauthdVerifier extends DaemonVerifier {

    /** Cyrus' bound on login + password + service + realm (an 8192-byte buffer less 30). */
    static final int MAX_FIELDS = 8162;

    /** Cyrus reads at most 1023 bytes of reply text. */
    static final int MAX_REPLY_TEXT = 1023;

    /**
     * @param socket the daemon's {@code mux} socket
     * @param timeouts connect, write and read bounds
     */
    public SaslauthdVerifier(Path socket, DaemonTimeouts timeouts) {
        super("saslauthd", socket, timeouts);
    }

    @Override
    public VerifyResult verify(VerifyRequest request) {
        String authid = request.user().authid();
        int at = authid.lastIndexOf('@');
        byte[] login = (at < 0 ? authid : authid.substring(0, at)).getBytes(StandardCharsets.UTF_8);
        byte[] realm = (at < 0 ? "" : authid.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
        byte[] service = request.service().getBytes(StandardCharsets.UTF_8);
        byte[] password = request.password().bytes();
        for (byte[] field : new byte[][] {login, password, service, realm}) {
            if (UnixSocketExchange.hasControlCharacter(field)) {
                return new VerifyResult.Rejected("user name, password, service or realm holds a control character");
            }
        }
        if (login.length + password.length + service.length + realm.length > MAX_FIELDS) {
            return new VerifyResult.Rejected("user name and password are too long for saslauthd");
        }
        return ask(query(login, password, service, realm), 2 + MAX_REPLY_TEXT, SaslauthdVerifier::complete,
                SaslauthdVerifier::verdict);
    }

    private static byte[] query(byte[]... fields) {
        int size = 0;
        for (byte[] f : fields) {
            size += 2 + f.length;
        }
        ByteBuffer q = ByteBuffer.allocate(size);
        for (byte[] f : fields) {
            q.putShort((short) f.length).put(f);
        }
        return q.array();
    }

    /** A reply is whole when its counted text has arrived. */
    static boolean complete(ByteBuffer sofar) {
        if (sofar.remaining() < 2) {
            return false;
        }
        int count = sofar.getShort(sofar.position()) & 0xffff;
        return sofar.remaining() >= 2 + count;
    }

    static VerifyResult verdict(byte[] reply) {
        if (reply.length < 2) {
            return new VerifyResult.Unavailable("saslauthd closed the connection without a reply", null);
        }
        int count = ((reply[0] & 0xff) << 8) | (reply[1] & 0xff);
        if (count < 2 || reply.length < 2 + count) {
            return new VerifyResult.Unavailable("saslauthd's reply is short", null);
        }
        String text = new String(reply, 2, Math.min(count, 64), StandardCharsets.US_ASCII);
        if (text.equals("OK") || text.startsWith("OK ")) {
            return VerifyResult.accepted();
        }
        if (text.equals("NO") || text.startsWith("NO ")) {
            return new VerifyResult.Rejected("saslauthd said NO");
        }
        return new VerifyResult.Unavailable("saslauthd's reply is neither OK nor NO", null);
    }
}
