package org.jsasl.testkit;

import java.util.Map;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.server.ServerContext;

/**
 * The accounts every password-mechanism fuzz target checks against, in both modes: a Cyrus-mode
 * context on the memory auxprop and a JDK-mode callback handler with the same users.
 */
public final class FuzzUsers {

    /** Long and unique, so a leak into an exception message is recognisable. */
    public static final String SECRET = "c0rrect-h0rse-fuzz";

    /** Short passwords the fuzzer can find by itself, so accepts are exercised and not only refusals. */
    public static final Map<String, String> USERS = Map.of("alice", SECRET, "bob@example.org", "p\u00e4ss", "u", "pw");

    private FuzzUsers() {
    }

    /** A Cyrus-mode context offering {@code mechanism} to {@link #USERS}; log_level 0 (millions of refusals). */
    public static ServerContext cyrus(String mechanism) throws ConfigException {
        StringBuilder pairs = new StringBuilder();
        USERS.forEach((u, p) -> pairs.append(u).append('=').append(p).append(' '));
        return ServerContext.create(SaslConfig.of("auxprop_plugin", "memory", "memory_userpassword",
                pairs.toString().trim(), "mech_list", mechanism, "log_level", "0"));
    }

    /** The JDK-mode handler for {@link #USERS}. */
    public static MapCallbackHandler jdk() {
        return MapCallbackHandler.of(USERS);
    }
}
