/**
 * The Dovecot auth-client protocol 1.x, server side, as Dovecot 2.3 serves it to Postfix
 * ({@code smtpd_sasl_type = dovecot}) and Exim's {@code dovecot} authenticator.
 */
package org.jsasl.authd.dovecot;
