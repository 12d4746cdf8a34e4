package org.jsasl.authd.dovecot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsasl.server.SecurityFlag;

/**
 * The flag words of a {@code MECH} line, derived from a jsasl mechanism's Cyrus-style security
 * flags and written in Dovecot's fixed order; Postfix's {@code noplaintext}/{@code noanonymous}
 * filtering reads them, so they must be honest.
 */
public final class MechanismFlags {

    private MechanismFlags() {
    }

    /**
     * The words for {@code flags}, in the order private, anonymous, plaintext, dictionary, active,
     * forward-secrecy, mutual-auth.
     *
     * <p>Cyrus marks what a mechanism resists, Dovecot what it is exposed to, and the two differ in
     * one respect: Dovecot names dictionary and active exposure only for mechanisms where they are
     * the worst exposure. A mechanism that sends the password in the clear (PLAIN) or checks no
     * password (ANONYMOUS) is listed by that alone, and one that resists active attacks (SCRAM) is
     * not listed as dictionary-exposed although Cyrus leaves its NODICTIONARY unset. Without these
     * two rules PLAIN would read {@code plaintext dictionary active} and SCRAM {@code dictionary
     * mutual-auth}, unlike Dovecot 2.3.
     */
    public static List<String> words(Set<SecurityFlag> flags) {
        boolean anonymous = !flags.contains(SecurityFlag.NOANONYMOUS);
        boolean plaintext = !flags.contains(SecurityFlag.NOPLAINTEXT);
        boolean weakest = anonymous || plaintext;
        boolean active = !weakest && !flags.contains(SecurityFlag.NOACTIVE);
        boolean dictionary = active && !flags.contains(SecurityFlag.NODICTIONARY);
        List<String> out = new ArrayList<>(4);
        if (anonymous) {
            out.add("anonymous");
        }
        if (plaintext) {
            out.add("plaintext");
        }
        if (dictionary) {
            out.add("dictionary");
        }
        if (active) {
            out.add("active");
        }
        if (flags.contains(SecurityFlag.FORWARD_SECRECY)) {
            out.add("forward-secrecy");
        }
        if (flags.contains(SecurityFlag.MUTUAL_AUTH)) {
            out.add("mutual-auth");
        }
        return out;
    }
}
