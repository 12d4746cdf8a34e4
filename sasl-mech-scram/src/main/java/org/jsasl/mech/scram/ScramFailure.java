package org.jsasl.mech.scram;

import java.nio.charset.StandardCharsets;

/**
 * What both SCRAM exceptions carry: the RFC 5802 error, and the server-final-message
 * ({@code e=value}) a protocol that can send data with a failure (IMAP, XMPP) passes to the client.
 */
public interface ScramFailure {

    /** The error, as RFC 5802 names it. */
    ScramError error();

    /** The server-final-message that reports {@link #error()}: {@code e=} and its wire name. */
    default byte[] serverFinalMessage() {
        return ("e=" + error().wireName()).getBytes(StandardCharsets.US_ASCII);
    }
}
