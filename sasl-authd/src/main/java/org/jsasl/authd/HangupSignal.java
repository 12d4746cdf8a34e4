package org.jsasl.authd;

/**
 * SIGHUP, the signal admins send a daemon to reread its configuration ({@code systemctl reload},
 * {@code kill -HUP}). The JDK has no public API for it; {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}) is the supported way around that on every JDK since 9.
 */
public final class HangupSignal {

    private HangupSignal() {
    }

    /**
     * Runs {@code action} on the JVM's signal thread at each SIGHUP; returns false where the signal
     * cannot be caught (not a POSIX system, or the JVM's {@code -Xrs}).
     */
    @SuppressWarnings("removal")
    public static boolean onHangup(Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> action.run());
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
