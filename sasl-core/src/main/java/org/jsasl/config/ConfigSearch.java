package org.jsasl.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds {@code <appname>.conf} along a Cyrus configuration search path: the directories of
 * {@code SASL_CONF_PATH} (colon-separated) or the compiled-in default {@code /usr/lib/sasl2:/etc/sasl2};
 * the first readable file wins and files are never merged. Unlike Cyrus, a file that exists but
 * cannot be read is not silently taken for absent: it is skipped with a warning.
 */
public final class ConfigSearch {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigSearch.class);

    /** The environment variable Cyrus reads the search path from. */
    public static final String PATH_ENV = "SASL_CONF_PATH";

    /** Cyrus' compiled-in default for a /usr, /etc build. */
    public static final String DEFAULT_PATH = "/usr/lib/sasl2:/etc/sasl2";

    private ConfigSearch() {
    }

    /** The search path from the environment, or the default. */
    public static List<Path> defaultPath() {
        String env = System.getenv(PATH_ENV);
        return parsePath(env == null || env.isEmpty() ? DEFAULT_PATH : env);
    }

    /** Splits a colon-separated path; an empty element means the root directory, as in Cyrus. */
    public static List<Path> parsePath(String path) {
        List<Path> dirs = new ArrayList<>();
        for (String dir : path.split(":", -1)) {
            dirs.add(Path.of(dir.isEmpty() ? "/" : dir));
        }
        return dirs;
    }

    /**
     * The first readable {@code <appName>.conf} in {@code dirs}.
     *
     * @throws ConfigException for an application name that cannot be a file name
     */
    public static Optional<Path> find(String appName, List<Path> dirs) throws ConfigException {
        if (appName == null || appName.isEmpty() || appName.contains("/") || appName.contains("\0")
                || appName.length() > 255) {
            throw new ConfigException(null, 0, null, "invalid application name for a configuration file");
        }
        for (Path dir : dirs) {
            Path file = dir.resolve(appName + ".conf");
            if (!Files.exists(file)) {
                continue;
            }
            if (Files.isRegularFile(file) && Files.isReadable(file)) {
                return Optional.of(file);
            }
            LOG.warn("{}: exists but is not a readable file; skipped", file);
        }
        return Optional.empty();
    }

    /**
     * Loads {@code <appName>.conf} from the search path, or empty configuration when there is none
     * (Cyrus then runs with defaults).
     */
    public static SaslConfig load(String appName, List<Path> dirs) throws ConfigException {
        Optional<Path> file = find(appName, dirs);
        return file.isPresent() ? ConfigReader.read(file.get()) : SaslConfig.EMPTY;
    }
}
