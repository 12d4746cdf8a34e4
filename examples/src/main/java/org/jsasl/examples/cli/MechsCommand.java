package org.jsasl.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.Security;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.MechanismNeeds;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.MechList;
import org.jsasl.server.SaslLog;
import org.jsasl.server.SecurityPolicy;
import org.jsasl.server.ServerContext;

/**
 * {@code jsasl mechs}: lists the mechanisms a configuration offers, one per line in
 * {@code mech_list} order, as Cyrus' pluginviewer does, but only those the configured verifiers can
 * serve (no CRAM-MD5 over crypt hashes). When the verifiers cannot be set up, the file's list of
 * password mechanisms, with a note on standard error.
 */
final class MechsCommand {

    /** The security property the JDK's Sasl class uses to refuse mechanisms. */
    static final String DISABLED_MECHANISMS = "jdk.sasl.disabledMechanisms";

    private final PrintStream out;
    private final PrintStream err;

    MechsCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs the command with the arguments after {@code mechs}; returns the exit status. */
    int run(List<String> argv) throws UsageException {
        Args args = Args.parse(argv, Set.of("--config", "--policy"), Set.of("--help"));
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        Path file = args.requiredPath("--config");
        if (!args.operands().isEmpty()) {
            throw new UsageException("unexpected argument " + SaslLog.quote(args.operands().get(0)));
        }
        SecurityPolicy policy;
        try {
            policy = SecurityPolicy.parse(args.value("--policy").orElse(""));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--policy: " + e.getMessage(), e);
        }
        SaslConfig config;
        try {
            config = ConfigReader.read(file);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        Set<String> disabled = disabledMechanisms();
        for (String name : offered(config, policy)) {
            if (!disabled.contains(name)) {
                out.println(name);
            }
        }
        return 0;
    }

    /**
     * What a server made from {@code config} offers on a connection without TLS session or
     * external identity: only the mechanisms its verifiers can serve. When the verifiers cannot be
     * set up here (no database driver, a socket path of another machine), the file's list, saying so.
     */
    private List<String> offered(SaslConfig config, SecurityPolicy policy) {
        try (ServerContext context = ServerContext.create(config)) {
            return context.mechanismNames(policy);
        } catch (ConfigException | RuntimeException e) {
            err.println("jsasl mechs: the password verifiers cannot be set up here (" + e.getMessage()
                    + "); listing mech_list without checking what they can serve");
            List<String> names = new ArrayList<>();
            for (SaslMechanism m : MechList.select(config, Mechanisms.installed())) {
                if (policy.permits(m) && m.needs() instanceof MechanismNeeds.PasswordCheck) {
                    names.add(m.name());
                }
            }
            return names;
        }
    }

    /** The names in {@value #DISABLED_MECHANISMS}, compared exactly as the JDK's Sasl class does. */
    private static Set<String> disabledMechanisms() {
        Set<String> names = new HashSet<>();
        String value = Security.getProperty(DISABLED_MECHANISMS);
        if (value != null) {
            for (String s : value.split(",")) {
                if (!s.isBlank()) {
                    names.add(s.trim());
                }
            }
        }
        return names;
    }
}
