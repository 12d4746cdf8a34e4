/**
 * jsasl authd: a daemon that lets programs outside the JVM check passwords the way jsasl does, from
 * one {@code smtpd.conf}. {@link org.jsasl.authd.AuthdBackend} holds the configuration (replaced on
 * reload) and the bounded pool password checks run in; each protocol
 * ({@link org.jsasl.authd.dovecot Dovecot auth-client}, {@link org.jsasl.authd.saslauthd saslauthd})
 * is an {@link org.jsasl.authd.AuthProtocol} the daemon hands its accepted connections to.
 */
package org.jsasl.authd;
