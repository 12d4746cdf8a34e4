package org.jsasl.examples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.Security;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.MechList;
import org.jsasl.server.SaslLog;
import org.jsasl.server.SecurityPolicy;

/**
 * {@code jsasl mechs}: lists the mechanisms a configuration offers, one per line in
 * {@code mech_list} order, as Cyrus' pluginviewer does. It reads only the file, so it works even
 * when no password verifier can be set up yet.
 */
final class MechsCommand {

    /** The security property the JDK's Sasl class uses to refuse mechanisms. */
    static final String DISABLED_MECHANISMS = "jdk.sasl.disabledMechanisms";

    private final PrintStream out;

    MechsCommand(PrintStream out) {
        this.out = out;
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
        for (SaslMechanism m : MechList.select(config, Mechanisms.installed())) {
            if (policy.permits(m) && !disabled.contains(m.name())) {
                out.println(m.name());
            }
        }
        return 0;
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
