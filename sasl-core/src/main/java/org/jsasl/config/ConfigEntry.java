package org.jsasl.config;

/**
 * One {@code key: value} line of a Cyrus-style configuration file.
 *
 * @param key the key, lower-cased as Cyrus does
 * @param value the value with surrounding white space removed (never empty)
 * @param line the 1-based line it came from, or 0 for entries that did not come from a file
 */
public record ConfigEntry(String key, String value, int line) {
    @Override
    public String toString() {
        // sql_passwd and friends hold secrets: never print values.
        return "ConfigEntry[" + key + " @" + line + "]";
    }
}
