package org.jsasl.pwcheck;

import java.util.function.Consumer;
import org.jsasl.server.CanonicalUser;

/** Reaches {@link PasswordUpgrade}'s package-private test hook from the database tests. */
public final class PasswordUpgradeHooks {

    private PasswordUpgradeHooks() {
    }

    /** Runs {@code hook} on the background thread after hashing, just before the compare-and-set. */
    public static void beforeReplace(PasswordUpgrade upgrade, Consumer<CanonicalUser> hook) {
        upgrade.beforeReplace(hook);
    }
}
