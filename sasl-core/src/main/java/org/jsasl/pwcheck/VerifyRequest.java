package org.jsasl.pwcheck;

import org.jsasl.server.CanonicalUser;

/**
 * What a password verifier is asked: does this user have this password, for this service.
 *
 * @param user the canonical user
 * @param password the password as sent; the verifier must not keep it
 * @param service the SASL service name ({@code smtp}, {@code imap}, ...)
 */
public record VerifyRequest(CanonicalUser user, Password password, String service) {
}
