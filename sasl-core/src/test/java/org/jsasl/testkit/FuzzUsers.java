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

    /** The user names of {@link #USERS} in a fixed order, for {@code FuzzedDataProvider.pickValue}. */
    public static final String[] NAMES = USERS.keySet().stream().sorted().toArray(String[]::new);

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

    /**
     * Whether bytes a fuzz target's client sent contain {@code text} (UTF-8): the check behind "an
     * accept only when the client sent the stored password" and "no password the client did not send".
     */
    public static boolean sent(byte[] bytes, String text) {
        byte[] needle = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
