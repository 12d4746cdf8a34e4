package org.jsasl.authd.dovecot;

import java.util.List;

/**
 * One parsed {@code AUTH} line (§4.1): the checks Dovecot 2.3 makes before starting a mechanism, in
 * its order; any failure is a {@link ProtocolError}. Fields are TAB-unescaped; unknown parameters,
 * Postfix's {@code nologin} among them, are ignored.
 *
 * @param id the request id
 * @param mechanism the mechanism as the client spelled it (matched case-insensitively later)
 * @param service {@code service=}, mandatory
 * @param localIp {@code lip=}, empty when absent
 * @param remoteIp {@code rip=}, empty when absent (Postfix sends it empty when unknown)
 * @param secured whether {@code secured} was given (the client's transport is TLS)
 * @param initialResponse the base64 text of {@code resp=}, or null when there is no initial response
 */
record AuthCommand(long id, String mechanism, String service, String localIp, String remoteIp, boolean secured,
        String initialResponse) {

    /**
     * Parses the fields after {@code AUTH}.
     *
     * @param fields the raw (still escaped) TAB-separated fields after the command
     * @param clientMinor the client's minor version: below 2 an empty {@code resp=} means none
     */
    static AuthCommand parse(List<String> fields, int clientMinor) throws ProtocolError {
        if (fields.size() < 2) {
            throw new ProtocolError("AUTH without id and mechanism");
        }
        long id = RequestId.parse(fields.get(0));
        if (id < 0) {
            throw new ProtocolError("AUTH with a bad id");
        }
        String mechanism = TabEscape.unescape(fields.get(1));
        if (mechanism.isEmpty()) {
            throw new ProtocolError("AUTH without a mechanism");
        }
        String service = null;
        String lip = "";
        String rip = "";
        boolean secured = false;
        String resp = null;
        boolean respSeen = false;
        for (int i = 2; i < fields.size(); i++) {
            String p = TabEscape.unescape(fields.get(i));
            if (respSeen) {
                throw new ProtocolError("AUTH with parameters after resp=");
            }
            int eq = p.indexOf('=');
            String name = eq < 0 ? p : p.substring(0, eq);
            String value = eq < 0 ? "" : p.substring(eq + 1);
            switch (name) {
                case "service" -> service = value;
                case "lip" -> lip = value;
                case "rip" -> rip = value;
                case "secured" -> secured = true;
                case "resp" -> {
                    respSeen = true;
                    // Dovecot 2.3 for Exim: before minor 2 an empty resp= is no initial response;
                    // "resp==" is an empty one in every version.
                    resp = value.isEmpty() && clientMinor < 2 ? null : value;
                }
                default -> {
                    // DOC:21-24: unknown parameters are ignored.
                }
            }
        }
        if (service == null || service.isEmpty()) {
            throw new ProtocolError("AUTH without service=");
        }
        return new AuthCommand(id, mechanism, service, lip, rip, secured, resp);
    }
}
