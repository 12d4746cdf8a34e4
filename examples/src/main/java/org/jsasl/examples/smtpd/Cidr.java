package org.jsasl.examples.smtpd;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * One {@code mynetworks} entry: an IPv4 or IPv6 network such as {@code 127.0.0.0/8} or
 * {@code [::1]/128}, or a single address, matched against a client address.
 */
public final class Cidr {

    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    /**
     * Parses an entry. Only numeric addresses are accepted, so that parsing never waits for DNS.
     *
     * @throws IllegalArgumentException when it is not a numeric network
     */
    public static Cidr parse(String entry) {
        String s = entry;
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        if (addr.startsWith("[") && addr.endsWith("]")) {
            addr = addr.substring(1, addr.length() - 1);
        }
        byte[] bytes = addr.indexOf(':') >= 0 ? ipv6(addr) : ipv4(addr);
        if (bytes == null) {
            throw new IllegalArgumentException("mynetworks: not a numeric network: " + entry);
        }
        int bits = bytes.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(s.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("mynetworks: bad prefix length: " + entry);
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("mynetworks: bad prefix length: " + entry);
            }
        }
        return new Cidr(mask(bytes, prefix), prefix, entry);
    }

    /** A dotted quad of decimal numbers 0-255, the only IPv4 form Postfix takes; else null. */
    private static byte[] ipv4(String addr) {
        String[] parts = addr.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (!parts[i].matches("[0-9]{1,3}")) {
                return null;
            }
            int n = Integer.parseInt(parts[i]);
            if (n > 255) {
                return null;
            }
            out[i] = (byte) n;
        }
        return out;
    }

    /**
     * An IPv6 literal, else null. In brackets, InetAddress parses the text as a literal or refuses
     * it; without them, a hex-looking text it cannot parse would be looked up in DNS (a fuzzing
     * finding: reading main.cf waited for the resolver).
     */
    private static byte[] ipv6(String addr) {
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            return null;
        }
        try {
            return InetAddress.getByName("[" + addr + "]").getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Whether {@code address} is in this network (an IPv4 address never matches an IPv6 network). */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        return a.length == network.length && Arrays.equals(mask(a, prefix), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - 8 * i));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
