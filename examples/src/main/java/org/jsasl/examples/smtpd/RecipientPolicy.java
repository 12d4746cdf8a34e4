package org.jsasl.examples.smtpd;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * Decides RCPT TO as Postfix's {@code smtpd_relay_restrictions} then
 * {@code smtpd_recipient_restrictions} do, for the restrictions this server knows:
 * {@code permit_sasl_authenticated}, {@code permit_mynetworks}, {@code reject_unauth_destination},
 * {@code defer_unauth_destination}, {@code permit} and {@code reject}.
 */
final class RecipientPolicy {

    private final MainCf cf;

    RecipientPolicy(MainCf cf) {
        this.cf = cf;
    }

    /**
     * @param client the client's address
     * @param authenticated whether the client has authenticated
     * @param recipient the address inside the angle brackets
     * @return null to accept, else the whole reply line
     */
    String check(InetAddress client, boolean authenticated, String recipient) {
        String reply = evaluate(cf.relayRestrictions(), client, authenticated, recipient);
        if (reply == null) {
            reply = evaluate(cf.recipientRestrictions(), client, authenticated, recipient);
        }
        return reply == PERMIT ? null : reply;
    }

    // Marks an explicit permit, which ends one list (but not the next one).
    private static final String PERMIT = new String("permit");

    private String evaluate(List<String> restrictions, InetAddress client, boolean authenticated, String rcpt) {
        for (String r : restrictions) {
            switch (r.toLowerCase(Locale.ROOT)) {
                case "permit_sasl_authenticated":
                    if (authenticated) {
                        return PERMIT;
                    }
                    break;
                case "permit_mynetworks":
                    if (inMynetworks(client)) {
                        return PERMIT;
                    }
                    break;
                case "reject_unauth_destination":
                    if (!isLocal(rcpt)) {
                        return "554 5.7.1 <" + rcpt + ">: Relay access denied";
                    }
                    break;
                case "defer_unauth_destination":
                    if (!isLocal(rcpt)) {
                        return "454 4.7.1 <" + rcpt + ">: Relay access denied";
                    }
                    break;
                case "permit":
                    return PERMIT;
                case "reject":
                    return "554 5.7.1 <" + rcpt + ">: Recipient address rejected: Access denied";
                default:
                    // Postfix answers an unknown restriction the same way, so a typo never opens a relay.
                    return "451 4.3.5 Server configuration error";
            }
        }
        return null;
    }

    boolean inMynetworks(InetAddress client) {
        for (Cidr n : cf.mynetworks()) {
            if (n.contains(client)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the recipient's domain is one of mydestination (an address without a domain is local). */
    boolean isLocal(String rcpt) {
        int at = rcpt.lastIndexOf('@');
        if (at < 0) {
            return true;
        }
        String domain = rcpt.substring(at + 1).toLowerCase(Locale.ROOT);
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return cf.mydestination().contains(domain);
    }
}
