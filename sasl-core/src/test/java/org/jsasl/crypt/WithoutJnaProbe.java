package org.jsasl.crypt;

import java.nio.charset.StandardCharsets;

/**
 * Run in a child JVM without JNA on the classpath by {@link WithoutJnaTest}: prints what the
 * libxcrypt binding and the formats report there, one {@code key=value} per line.
 */
public final class WithoutJnaProbe {

    private WithoutJnaProbe() {
    }

    public static void main(String[] args) {
        boolean jnaPresent;
        try {
            Class.forName("com.sun.jna.Native", false, WithoutJnaProbe.class.getClassLoader());
            jnaPresent = true;
        } catch (ClassNotFoundException e) {
            jnaPresent = false;
        }
        System.out.println("jnaPresent=" + jnaPresent);
        System.out.println("available=" + Libxcrypt.system().isAvailable());
        System.out.println("reasonGiven=" + Libxcrypt.system().unavailableReason().isPresent());
        System.out.println("yescryptAvailable=" + NativeCrypt.yescrypt().isAvailable());
        System.out.println("supports=" + Libxcrypt.system().supports("$y$"));
        try {
            NativeCrypt.yescrypt().crypt("password".getBytes(StandardCharsets.US_ASCII), "$y$j9T$abc$");
            System.out.println("nativeCrypt=returned");
        } catch (IllegalStateException e) {
            System.out.println("nativeCrypt=IllegalStateException");
        } catch (InvalidSettingException | RuntimeException e) {
            System.out.println("nativeCrypt=" + e.getClass().getSimpleName());
        }
        try {
            System.out.println("des=" + new DesCrypt().crypt("password".getBytes(StandardCharsets.US_ASCII), "YK"));
        } catch (InvalidSettingException e) {
            System.out.println("des=" + e.getClass().getSimpleName());
        }
    }
}
