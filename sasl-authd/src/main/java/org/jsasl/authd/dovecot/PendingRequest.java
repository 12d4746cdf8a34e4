package org.jsasl.authd.dovecot;

import java.util.concurrent.Future;
import javax.security.sasl.SaslServer;

/**
 * One AUTH in flight on a connection: its mechanism's server and where the exchange stands. Guarded
 * by its own monitor: the reader thread (CONT, CANCEL), a check thread (a step finishing) and the
 * timer thread (timeouts) all change it.
 */
final class PendingRequest {

    /** Where the exchange stands. */
    enum State {
        /** A step is queued or running in the check pool. */
        CHECKING,
        /** A challenge was sent; the client's CONT is awaited. */
        WAITING_CONT,
        /** The mechanism succeeded and its success data went out as a CONT; an empty CONT is awaited. */
        WAITING_FINAL
    }

    final AuthCommand command;
    /** The mechanism's name as offered (upper case). */
    final String mechanism;

    State state = State.CHECKING;
    SaslServer server;
    /** The configuration {@link #server} was made with, held open until the request is disposed. */
    org.jsasl.server.ReloadableContext.Lease lease;
    /** Counts steps, so a timer or step result from an earlier one is ignored. */
    int generation;
    int rounds;
    boolean running;
    boolean done;
    Future<?> check;
    Future<?> checkTimer;
    long waitingSince;
    /** The user name the client's messages claim, for FAIL and the log; null until known. */
    String user;

    PendingRequest(AuthCommand command, String mechanism) {
        this.command = command;
        this.mechanism = mechanism;
    }

    long id() {
        return command.id();
    }
}
