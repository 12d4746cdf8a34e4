package org.jsasl.server;

import javax.security.sasl.Sasl;

/**
 * The SASL security properties a mechanism can satisfy and a policy can require, with Cyrus' names
 * and the {@code javax.security.sasl.Sasl} policy property that asks for each.
 */
public enum SecurityFlag {
    /** Not susceptible to simple passive attack: the password does not cross the wire. */
    NOPLAINTEXT(Sasl.POLICY_NOPLAINTEXT),
    /** Not susceptible to active, non-dictionary attack. */
    NOACTIVE(Sasl.POLICY_NOACTIVE),
    /** Not susceptible to passive dictionary attack. */
    NODICTIONARY(Sasl.POLICY_NODICTIONARY),
    /** Keeps forward secrecy between sessions. */
    FORWARD_SECRECY(Sasl.POLICY_FORWARD_SECRECY),
    /** Does not accept anonymous logins. */
    NOANONYMOUS(Sasl.POLICY_NOANONYMOUS),
    /** Passes client credentials to the server. */
    PASS_CREDENTIALS(Sasl.POLICY_PASS_CREDENTIALS),
    /** Authenticates the server to the client too. No javax policy property asks for it. */
    MUTUAL_AUTH(null);

    private final String policyProperty;

    SecurityFlag(String policyProperty) {
        this.policyProperty = policyProperty;
    }

    /** The {@code Sasl.POLICY_*} property that requires this flag, or null. */
    public String policyProperty() {
        return policyProperty;
    }
}
