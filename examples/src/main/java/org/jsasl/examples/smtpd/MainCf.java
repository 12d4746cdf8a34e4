package org.jsasl.examples.smtpd;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings of a Postfix-style {@code main.cf} that the example SMTP server understands, with
 * Postfix's defaults for the keys the file leaves out and {@code $name} references expanded.
 *
 * @param directory the directory of the main.cf file; relative paths are resolved against it
 * @param myhostname the host name in the banner, EHLO reply and Received header
 * @param mailName the {@code mail_name} in the banner and Received header
 * @param banner the 220 greeting text after the code
 * @param mynetworks the trusted client networks for {@code permit_mynetworks}
 * @param mydestination the domains this server is the final destination for
 * @param saslAuthEnable {@code smtpd_sasl_auth_enable}
 * @param brokenSaslAuthClients {@code broken_sasl_auth_clients}: also offer {@code AUTH=}
 * @param saslSecurityOptions {@code smtpd_sasl_security_options} keywords
 * @param saslTlsSecurityOptions {@code smtpd_sasl_tls_security_options} keywords
 * @param tlsAuthOnly {@code smtpd_tls_auth_only}
 * @param saslLocalDomain {@code smtpd_sasl_local_domain}, the SASL realm (empty: none)
 * @param saslAuthenticatedHeader {@code smtpd_sasl_authenticated_header}
 * @param relayRestrictions {@code smtpd_relay_restrictions}, evaluated before the recipient ones
 * @param recipientRestrictions {@code smtpd_recipient_restrictions}
 * @param saslConfigFile the smtpd.conf chosen by {@code cyrus_sasl_config_path} and {@code smtpd_sasl_path}
 * @param messageSizeLimit {@code message_size_limit} in bytes (the SIZE keyword)
 * @param idleTimeout {@code smtpd_timeout}: how long a client may stay silent
 * @param lineLengthLimit {@code line_length_limit}: the longest command or AUTH line
 * @param recipientLimit {@code smtpd_recipient_limit}
 * @param heloRequired {@code smtpd_helo_required}
 * @param mailDirectory {@code jsasl_mail_directory}: where accepted mail is written (null: discarded)
 * @param maxConnections {@code jsasl_max_connections}: concurrent connections before 421
 * @param authFailureLimit {@code jsasl_auth_failure_limit}: failed AUTH per connection before 421
 * @param commandLimit {@code jsasl_command_limit}: commands per connection before 421
 * @param sessionTimeout {@code jsasl_session_timeout}: the longest a connection may last
 * @param tlsSecurityLevel {@code smtpd_tls_security_level}: none, may or encrypt
 * @param tlsCertFile {@code smtpd_tls_cert_file}, a PEM certificate chain (null: self-signed)
 * @param tlsKeyFile {@code smtpd_tls_key_file}, its PEM PKCS#8 key (null: the cert file)
 * @param tlsAskClientCert {@code smtpd_tls_ask_ccert}: ask TLS clients for a certificate, whose
 *     subject is then the identity of the EXTERNAL mechanism
 * @param tlsCaFile {@code smtpd_tls_CAfile}: the PEM certificates a client certificate must chain to
 *     (null: none, and then no client certificate is asked for)
 * @param maillogFile {@code maillog_file}: the file {@code jsasl smtpd} appends its log to (null:
 *     standard error)
 * @param metricsListen {@code jsasl_metrics_listen}: the {@code host:port} of the Prometheus
 *     endpoint {@code /metrics} (null: no metrics)
 */
public record MainCf(
        Path directory,
        String myhostname,
        String mailName,
        String banner,
        List<Cidr> mynetworks,
        List<String> mydestination,
        boolean saslAuthEnable,
        boolean brokenSaslAuthClients,
        List<String> saslSecurityOptions,
        List<String> saslTlsSecurityOptions,
        boolean tlsAuthOnly,
        String saslLocalDomain,
        boolean saslAuthenticatedHeader,
        List<String> relayRestrictions,
        List<String> recipientRestrictions,
        Path saslConfigFile,
        long messageSizeLimit,
        Duration idleTimeout,
        int lineLengthLimit,
        int recipientLimit,
        boolean heloRequired,
        Path mailDirectory,
        int maxConnections,
        int authFailureLimit,
        int commandLimit,
        Duration sessionTimeout,
        String tlsSecurityLevel,
        Path tlsCertFile,
        Path tlsKeyFile,
        boolean tlsAskClientCert,
        Path tlsCaFile,
        Path maillogFile,
        InetSocketAddress metricsListen) {

    private static final Logger LOG = LoggerFactory.getLogger(MainCf.class);

    // One warning per unknown key per JVM, however often files are read.
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    // Nested $name references deeper than this are a loop.
    private static final int MAX_EXPANSION_DEPTH = 20;

    // Bounds on one value's expansion: a few hundred bytes of "a = $b$b$b$b", "b = $c$c$c$c", ...
    // double or quadruple at each of the 20 levels, to gigabytes or to billions of references.
    private static final int MAX_EXPANDED_CHARS = 1 << 20;
    private static final int MAX_REFERENCES = 100_000;

    // Files larger than this are not a main.cf.
    private static final long MAX_FILE_SIZE = 1 << 20;

    /** Postfix's defaults (and jsasl's for the jsasl_ keys), before the file overrides them. */
    private static final Map<String, String> DEFAULTS = defaults();

    public MainCf {
        mynetworks = List.copyOf(mynetworks);
        mydestination = List.copyOf(mydestination);
        saslSecurityOptions = List.copyOf(saslSecurityOptions);
        saslTlsSecurityOptions = List.copyOf(saslTlsSecurityOptions);
        relayRestrictions = List.copyOf(relayRestrictions);
        recipientRestrictions = List.copyOf(recipientRestrictions);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("myhostname", "localhost.localdomain");
        d.put("mydomain", "");
        d.put("mail_name", "Postfix");
        d.put("smtpd_banner", "$myhostname ESMTP $mail_name");
        d.put("mynetworks", "127.0.0.0/8 [::1]/128");
        d.put("mydestination", "$myhostname, localhost.$mydomain, localhost");
        d.put("smtpd_sasl_auth_enable", "no");
        d.put("broken_sasl_auth_clients", "no");
        d.put("smtpd_sasl_security_options", "noanonymous");
        d.put("smtpd_sasl_tls_security_options", "$smtpd_sasl_security_options");
        d.put("smtpd_tls_auth_only", "no");
        d.put("smtpd_sasl_local_domain", "");
        d.put("smtpd_sasl_authenticated_header", "no");
        d.put("smtpd_relay_restrictions", "permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination");
        d.put("smtpd_recipient_restrictions", "");
        d.put("smtpd_sasl_path", "smtpd");
        d.put("cyrus_sasl_config_path", "");
        d.put("message_size_limit", "10240000");
        d.put("smtpd_timeout", "300s");
        d.put("line_length_limit", "2048");
        d.put("smtpd_recipient_limit", "1000");
        d.put("smtpd_helo_required", "no");
        d.put("jsasl_mail_directory", "");
        d.put("jsasl_max_connections", "2000");
        d.put("jsasl_auth_failure_limit", "5");
        d.put("jsasl_command_limit", "1000");
        d.put("jsasl_session_timeout", "3600s");
        d.put("smtpd_tls_security_level", "");
        d.put("smtpd_tls_cert_file", "");
        d.put("smtpd_tls_key_file", "$smtpd_tls_cert_file");
        d.put("smtpd_tls_ask_ccert", "no");
        d.put("smtpd_tls_CAfile", "");
        d.put("maillog_file", "");
        d.put("jsasl_metrics_listen", "");
        return Map.copyOf(d);
    }

    /**
     * Reads {@code file}.
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException when a value is malformed (the message names the key)
     */
    public static MainCf load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE_SIZE) {
            throw new IllegalArgumentException(file + ": larger than " + MAX_FILE_SIZE + " bytes");
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(Files.readString(file, StandardCharsets.UTF_8), dir);
    }

    /** Parses main.cf text; relative paths are resolved against {@code directory}. */
    public static MainCf parse(String text, Path directory) {
        Map<String, String> raw = new LinkedHashMap<>(DEFAULTS);
        String key = null;
        StringBuilder value = new StringBuilder();
        for (String line : text.split("\r?\n", -1)) {
            if (line.isBlank() || line.stripLeading().startsWith("#")) {
                continue;   // Postfix: comments and blank lines do not end a logical line
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (key == null) {
                    throw new IllegalArgumentException("main.cf: continuation line without a key");
                }
                value.append(' ').append(line.strip());
                continue;
            }
            if (key != null) {
                raw.put(key, value.toString().strip());
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("main.cf: not a 'key = value' line: " + line.strip());
            }
            key = line.substring(0, eq).strip();
            value.setLength(0);
            value.append(line.substring(eq + 1).strip());
        }
        if (key != null) {
            raw.put(key, value.toString().strip());
        }
        for (String k : raw.keySet()) {
            if (!DEFAULTS.containsKey(k) && WARNED.add(k)) {
                LOG.warn("main.cf: ignoring unknown key {}", k);
            }
        }
        return build(new Expander(raw), directory.toAbsolutePath());
    }

    private static MainCf build(Expander e, Path dir) {
        String myhostname = e.get("myhostname");
        if (e.get("mydomain").isEmpty()) {
            // Postfix: mydomain defaults to myhostname without its first label.
            int dot = myhostname.indexOf('.');
            e.raw.put("mydomain", dot < 0 ? "localdomain" : myhostname.substring(dot + 1));
        }
        List<Cidr> networks = new ArrayList<>();
        for (String n : list(e.get("mynetworks"))) {
            networks.add(Cidr.parse(n));
        }
        List<String> destinations = new ArrayList<>();
        for (String d : list(e.get("mydestination"))) {
            destinations.add(d.toLowerCase(Locale.ROOT));
        }
        return new MainCf(dir, myhostname, e.get("mail_name"), e.get("smtpd_banner"), networks, destinations,
                bool(e, "smtpd_sasl_auth_enable"), bool(e, "broken_sasl_auth_clients"),
                list(e.get("smtpd_sasl_security_options")), list(e.get("smtpd_sasl_tls_security_options")),
                bool(e, "smtpd_tls_auth_only"), e.get("smtpd_sasl_local_domain"),
                bool(e, "smtpd_sasl_authenticated_header"),
                list(e.get("smtpd_relay_restrictions")), list(e.get("smtpd_recipient_restrictions")),
                saslConfigFile(dir, e.get("cyrus_sasl_config_path"), e.get("smtpd_sasl_path")),
                number(e, "message_size_limit", 0, Long.MAX_VALUE),
                time(e, "smtpd_timeout"),
                (int) number(e, "line_length_limit", 80, 1 << 20),
                (int) number(e, "smtpd_recipient_limit", 1, 1_000_000),
                bool(e, "smtpd_helo_required"),
                file(e, dir, "jsasl_mail_directory"),
                (int) number(e, "jsasl_max_connections", 1, 1_000_000),
                (int) number(e, "jsasl_auth_failure_limit", 1, 1000),
                (int) number(e, "jsasl_command_limit", 1, 100_000_000),
                time(e, "jsasl_session_timeout"),
                tlsLevel(e.get("smtpd_tls_security_level")),
                file(e, dir, "smtpd_tls_cert_file"),
                file(e, dir, "smtpd_tls_key_file"),
                bool(e, "smtpd_tls_ask_ccert"),
                file(e, dir, "smtpd_tls_CAfile"),
                file(e, dir, "maillog_file"),
                hostPort(e, "jsasl_metrics_listen"));
    }

    /** Whether STARTTLS is offered at all. */
    public boolean tlsEnabled() {
        return !tlsSecurityLevel.equals("none");
    }

    /** Whether every command but the few RFC 3207 allows must wait for STARTTLS. */
    public boolean tlsRequired() {
        return tlsSecurityLevel.equals("encrypt");
    }

    // Postfix: an empty level is none; dane and verify are client-side levels.
    private static String tlsLevel(String v) {
        String level = v.isEmpty() ? "none" : v.toLowerCase(Locale.ROOT);
        if (!List.of("none", "may", "encrypt").contains(level)) {
            throw new IllegalArgumentException("main.cf: smtpd_tls_security_level must be none, may or encrypt");
        }
        return level;
    }

    private static Path file(Expander e, Path dir, String key) {
        String v = e.get(key);
        try {
            return v.isEmpty() ? null : dir.resolve(v);
        } catch (InvalidPathException bad) {
            // A NUL, say: the JDK's message names neither the file nor the key.
            throw new IllegalArgumentException("main.cf: " + key + " is not a valid path (" + bad.getReason() + ")");
        }
    }

    /**
     * The smtpd.conf: {@code <dir>/<smtpd_sasl_path>.conf} for the first directory of the
     * colon-separated {@code cyrus_sasl_config_path} that has one (the main.cf directory when empty).
     */
    private static Path saslConfigFile(Path dir, String configPath, String saslPath) {
        if (saslPath.isEmpty() || saslPath.contains("/")) {
            throw new IllegalArgumentException("main.cf: smtpd_sasl_path must be a plain name, such as smtpd");
        }
        String name = saslPath + ".conf";
        // Empty entries ("a::b", or ":" alone, which split() turns into no entry at all) name no
        // directory; with none left the main.cf directory is the one, as for an empty value.
        List<String> dirs = new ArrayList<>();
        for (String d : configPath.split(":")) {
            if (!d.isEmpty()) {
                dirs.add(d);
            }
        }
        if (dirs.isEmpty()) {
            dirs.add(".");
        }
        try {
            for (String d : dirs) {
                Path candidate = dir.resolve(d).resolve(name).normalize();
                if (Files.isRegularFile(candidate)) {
                    return candidate;
                }
            }
            return dir.resolve(dirs.get(0)).resolve(name).normalize();
        } catch (InvalidPathException bad) {
            throw new IllegalArgumentException("main.cf: cyrus_sasl_config_path or smtpd_sasl_path is not a valid path ("
                    + bad.getReason() + ")");
        }
    }

    private static List<String> list(String value) {
        List<String> out = new ArrayList<>();
        for (String s : value.split("[,\\s]+")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static boolean bool(Expander e, String key) {
        String v = e.get(key).toLowerCase(Locale.ROOT);
        if (v.equals("yes")) {
            return true;
        }
        if (v.equals("no")) {
            return false;
        }
        throw new IllegalArgumentException("main.cf: " + key + " must be yes or no");
    }

    private static long number(Expander e, String key, long min, long max) {
        try {
            long n = Long.parseLong(e.get(key));
            if (n < min || n > max) {
                throw new IllegalArgumentException("main.cf: " + key + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("main.cf: " + key + " must be a number");
        }
    }

    /** {@code host:port} ({@code [v6]:port} too), or null when the value is empty. */
    private static InetSocketAddress hostPort(Expander e, String key) {
        String v = e.get(key);
        if (v.isEmpty()) {
            return null;
        }
        int colon = v.lastIndexOf(':');
        String host = colon <= 0 ? "" : v.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("main.cf: " + key + " must be host:port, such as 127.0.0.1:9464");
        }
        int port;
        try {
            port = Integer.parseInt(v.substring(colon + 1));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("main.cf: " + key + " must be host:port, such as 127.0.0.1:9464");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("main.cf: " + key + ": port must be between 0 and 65535");
        }
        return new InetSocketAddress(host, port);
    }

    /** A Postfix time value: a number with an optional unit s, m, h, d or w (seconds by default). */
    private static Duration time(Expander e, String key) {
        String v = e.get(key).toLowerCase(Locale.ROOT);
        if (!v.matches("[0-9]{1,9}[smhdw]?")) {
            throw new IllegalArgumentException("main.cf: " + key + " must be a time such as 300s or 5m");
        }
        char last = v.charAt(v.length() - 1);
        boolean hasUnit = !Character.isDigit(last);
        long n = Long.parseLong(hasUnit ? v.substring(0, v.length() - 1) : v);
        char unit = hasUnit ? last : 's';
        Duration d;
        switch (unit) {
            case 'm': d = Duration.ofMinutes(n); break;
            case 'h': d = Duration.ofHours(n); break;
            case 'd': d = Duration.ofDays(n); break;
            case 'w': d = Duration.ofDays(7 * n); break;
            default: d = Duration.ofSeconds(n);
        }
        if (d.isZero()) {
            throw new IllegalArgumentException("main.cf: " + key + " must not be zero");
        }
        return d;
    }

    /** Expands {@code $name} and {@code ${name}} references, as Postfix does when a value is used. */
    private static final class Expander {
        final Map<String, String> raw;

        Expander(Map<String, String> raw) {
            this.raw = raw;
        }

        private String key;
        private int references;

        String get(String key) {
            this.key = key;
            this.references = 0;
            return expand(raw.getOrDefault(key, ""), 0);
        }

        private String expand(String v, int depth) {
            if (depth > MAX_EXPANSION_DEPTH) {
                throw new IllegalArgumentException("main.cf: $name references nest too deep (a loop?)");
            }
            if (++references > MAX_REFERENCES) {
                throw tooMuch();
            }
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c != '$' || i + 1 >= v.length()) {
                    out.append(c);
                    continue;
                }
                int start;
                int end;
                if (v.charAt(i + 1) == '{' || v.charAt(i + 1) == '(') {
                    char close = v.charAt(i + 1) == '{' ? '}' : ')';
                    start = i + 2;
                    end = v.indexOf(close, start);
                    if (end < 0) {
                        throw new IllegalArgumentException("main.cf: unterminated $" + v.charAt(i + 1));
                    }
                    i = end;
                } else {
                    start = i + 1;
                    end = start;
                    while (end < v.length() && (Character.isLetterOrDigit(v.charAt(end)) || v.charAt(end) == '_')) {
                        end++;
                    }
                    i = end - 1;
                }
                out.append(expand(raw.getOrDefault(v.substring(start, end), ""), depth + 1));
                if (out.length() > MAX_EXPANDED_CHARS) {
                    throw tooMuch();
                }
            }
            return out.toString();
        }

        private IllegalArgumentException tooMuch() {
            return new IllegalArgumentException("main.cf: " + key + ": $name references expand to more than "
                    + MAX_REFERENCES + " references or " + MAX_EXPANDED_CHARS + " characters");
        }
    }
}
