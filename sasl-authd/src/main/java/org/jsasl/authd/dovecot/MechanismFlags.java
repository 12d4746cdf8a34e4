package org.jsasl.authd.dovecot;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.SecurityFlag;

/**
 * The flag words of a {@code MECH} line, from the mechanism's Cyrus-style security flags, in
 * Dovecot's order: {@code private anonymous plaintext dictionary active forward-secrecy mutual-auth}.
 * Dovecot's words say what a mechanism is open to, Cyrus' what it resists, so each is the negation
 * of the other, with Dovecot's one coarsening: {@code dictionary} and {@code active} describe the
 * weaknesses of challenge-response mechanisms, so a mechanism that sends the password
 * ({@code plaintext}) or none ({@code anonymous}) is described by that word alone, and
 * {@code dictionary} is said only of mechanisms also open to active attack. This gives Dovecot 2.3's
 * own lines (PLAIN {@code plaintext}, CRAM-MD5 {@code dictionary active}, SCRAM {@code mutual-auth}),
 * so Postfix's {@code smtpd_sasl_security_options} filter the same list with jsasl as with Dovecot.
 */
final class MechanismFlags {

    private MechanismFlags() {
    }

    /** The words for {@code mechanism}, possibly none. */
    static List<String> of(SaslMechanism mechanism) {
        return words(mechanism.securityFlags());
    }

    /** The words for a mechanism with the security flags {@code f}. */
    static List<String> words(Set<SecurityFlag> f) {
        boolean anonymous = !f.contains(SecurityFlag.NOANONYMOUS);
        boolean plaintext = !f.contains(SecurityFlag.NOPLAINTEXT);
        boolean active = !anonymous && !plaintext && !f.contains(SecurityFlag.NOACTIVE);
        boolean dictionary = active && !f.contains(SecurityFlag.NODICTIONARY);
        List<String> words = new ArrayList<>(4);
        if (anonymous) {
            words.add("anonymous");
        }
        if (plaintext) {
            words.add("plaintext");
        }
        if (dictionary) {
            words.add("dictionary");
        }
        if (active) {
            words.add("active");
        }
        if (f.contains(SecurityFlag.FORWARD_SECRECY)) {
            words.add("forward-secrecy");
        }
        if (f.contains(SecurityFlag.MUTUAL_AUTH)) {
            words.add("mutual-auth");
        }
        return words;
    }

    /** The whole {@code MECH} line without its LF. */
    static String line(SaslMechanism mechanism) {
        StringBuilder sb = new StringBuilder("MECH\t").append(TabEscape.escape(mechanism.name()));
        for (String w : of(mechanism)) {
            sb.append('\t').append(w);
        }
        return sb.toString();
    }
}
