package org.jsasl.config;

import java.nio.file.Path;

/**
 * A configuration file or value that jsasl refuses, with the file, line and key it concerns so that
 * an administrator can find and fix it.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final int line;
    private final String key;

    /**
     * @param file the file, or null for configuration that did not come from a file
     * @param line the 1-based line, or 0 when no line applies
     * @param key the key concerned, or null
     * @param problem what is wrong, in words an administrator understands
     */
    public ConfigException(Path file, int line, String key, String problem) {
        super(format(file, line, key, problem));
        this.file = file;
        this.line = line;
        this.key = key;
    }

    /** Same as {@link #ConfigException(Path, int, String, String)}, with the underlying cause. */
    public ConfigException(Path file, int line, String key, String problem, Throwable cause) {
        this(file, line, key, problem);
        initCause(cause);
    }

    /** The file concerned, or null. */
    public Path file() {
        return file;
    }

    /** The 1-based line concerned, or 0. */
    public int line() {
        return line;
    }

    /** The key concerned, or null. */
    public String key() {
        return key;
    }

    private static String format(Path file, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder();
        sb.append(file == null ? "<configuration>" : file.toString());
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (key != null) {
            sb.append(": ").append(key);
        }
        return sb.append(": ").append(problem).toString();
    }
}
