/**
 * The Dovecot auth-client protocol 1.x, server side, as Dovecot 2.3 serves it to Postfix
 * ({@code smtpd_sasl_type = dovecot}) and Exim's {@code dovecot} authenticator.
 *
 * <p>Implemented: the 2.3 handshake sent at once (VERSION 1 2, MECH lines with Dovecot's flag words,
 * SPID, CUID, COOKIE, DONE); AUTH with {@code service=}, {@code lip=}, {@code rip=}, {@code secured},
 * {@code resp=} (empty means none for client minor versions below 2), CONT, CANCEL; OK with
 * {@code user=} (and {@code anonymous}); FAIL with {@code user=} only for rejected credentials,
 * {@code code=temp_fail} when the backend is unavailable, the check pool is full or a check takes
 * longer than {@code checkTimeout}, {@code code=invalid_base64} and Dovecot's reasons for protocol-level
 * failures; SCRAM's success data as an extra CONT; many requests in flight per connection; abandoned
 * requests dropped silently after {@code requestTimeout}; protocol errors close the connection.
 *
 * <p>Not implemented: Dovecot's failure delay and anvil penalty (jsasl answers at once: Postfix gives
 * up after 10 s), {@code final-resp-ok}, the master (REQUEST) flow that CUID and COOKIE serve,
 * {@code code=user_disabled} and the other codes (jsasl's core does not tell a disabled account from
 * a rejected one), and the 2.4 additions (channel binding, CANCELLED).
 */
package org.jsasl.authd.dovecot;
