package org.jsasl.authd.dovecot;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One parsed {@code AUTH} line: request id, mechanism (as offered), parameters and the initial
 * response. A line Dovecot would disconnect for is a {@link ProtocolError}; undecodable base64 in
 * {@code resp=} is not (Dovecot answers it with a FAIL), so it is kept as {@link #badBase64()}.
 *
 * @param initialResponse null when there is none, which differs from an empty one
 */
public record AuthRequestLine(long id, String mechanism, Map<String, String> params, byte[] initialResponse,
        boolean badBase64) {

    /** A line that breaks the protocol; the connection is closed, as Dovecot does. */
    public static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;

        /** @param message what is wrong, without the line's content (it may carry a password) */
        public ProtocolError(String message) {
            super(message, null, false, false);
        }
    }

    /** The parameter {@code name}: its value, {@code ""} for a bare name, null when absent. */
    public String param(String name) {
        return params.get(name);
    }

    /**
     * Parses {@code AUTH\t<id>\t<mech>\t<params...>[\tresp=<b64>]}.
     *
     * @param offered the mechanisms this connection was offered; matched case-insensitively
     * @param clientMinor the client's protocol minor version: below 2 an empty {@code resp=} is none
     */
    public static AuthRequestLine parse(String line, List<String> offered, int clientMinor) throws ProtocolError {
        String[] f = line.split("\t", -1);
        if (f.length < 3 || !f[0].equals("AUTH")) {
            throw new ProtocolError("broken AUTH request");
        }
        long id = parseId(f[1]);
        if (id == 0) {
            throw new ProtocolError("broken AUTH request: bad id");
        }
        String mech = null;
        String wanted = TabEscape.unescape(f[2]).toUpperCase(Locale.ROOT);
        for (String m : offered) {
            if (m.toUpperCase(Locale.ROOT).equals(wanted)) {
                mech = m;
            }
        }
        if (mech == null) {
            throw new ProtocolError("unsupported mechanism");
        }
        Map<String, String> params = new HashMap<>();
        byte[] ir = null;
        boolean bad = false;
        for (int i = 3; i < f.length; i++) {
            String p = f[i];
            if (p.startsWith("resp=")) {
                if (i != f.length - 1) {
                    throw new ProtocolError("parameters after resp=");
                }
                String b64 = p.substring("resp=".length());
                if (b64.isEmpty()) {
                    // Dovecot's compatibility rule for old clients (Exim, Postfix send minor 0).
                    ir = clientMinor < 2 ? null : new byte[0];
                } else if (b64.equals("=")) {
                    ir = new byte[0];
                } else {
                    ir = decodeBase64(b64);
                    bad = ir == null;
                }
                break;
            }
            int eq = p.indexOf('=');
            if (eq < 0) {
                params.putIfAbsent(TabEscape.unescape(p), "");
            } else {
                params.putIfAbsent(TabEscape.unescape(p.substring(0, eq)), TabEscape.unescape(p.substring(eq + 1)));
            }
        }
        String service = params.get("service");
        if (service == null || service.isEmpty()) {
            throw new ProtocolError("AUTH without service=");
        }
        return new AuthRequestLine(id, mech, Map.copyOf(params), ir, bad);
    }

    /**
     * A request id: 1..4294967295 (0 is returned as 0 for the caller to judge).
     *
     * @throws ProtocolError when {@code s} is not an unsigned 32-bit number
     */
    public static long parseId(String s) throws ProtocolError {
        if (s.isEmpty() || s.length() > 10) {
            throw new ProtocolError("bad request id");
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new ProtocolError("bad request id");
            }
            v = v * 10 + (c - '0');
        }
        if (v > 0xFFFF_FFFFL) {
            throw new ProtocolError("bad request id");
        }
        return v;
    }

    /**
     * Strict base64 (padding required, no whitespace, nothing after the padding), as Dovecot 2.3
     * decodes: the JDK's basic decoder alone would accept missing padding.
     *
     * @return null when {@code s} is not valid base64
     */
    public static byte[] decodeBase64(String s) {
        if (s.length() % 4 != 0) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
