package org.jsasl.server;

/**
 * A user name after canonicalisation, with the split that the property sources use.
 *
 * @param authid the canonical name, {@code user@realm} when a realm was appended or given
 * @param user the part before the first {@code @} (Cyrus' {@code %u})
 * @param realm the part after the first {@code @}, else the default realm (Cyrus' {@code %r})
 */
public record CanonicalUser(String authid, String user, String realm) {
}
