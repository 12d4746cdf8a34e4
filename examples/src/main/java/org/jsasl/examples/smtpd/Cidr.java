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
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("mynetworks: not a numeric network: " + entry);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
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
