package org.jsasl.authd.dovecot;

/**
 * A client bug that Dovecot answers by closing the connection (§6 of the wire reference): a bad
 * handshake, an unknown command, a malformed AUTH, CONT or CANCEL, an overlong line.
 */
final class ProtocolError extends Exception {

    private static final long serialVersionUID = 1L;

    ProtocolError(String message) {
        super(message, null, false, false);
    }
}
