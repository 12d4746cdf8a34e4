package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsasl.config.ConfigException;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.server.SaslLog;
import org.jsasl.server.ServerContext;

/**
 * {@code jsasl check}: checks one user's password read from standard input, or with
 * {@code --batch} many {@code user<TAB>password} lines, by real SASL exchanges against a
 * configuration file, and prints a {@link Verdict} line for each.
 */
final class CheckCommand {

    private static final Set<String> VALUE_OPTIONS = Set.of("--config", "--service", "--realm", "--mech");
    private static final Set<String> FLAG_OPTIONS = Set.of("--batch", "--help");

    private final InputStream in;
    private final PrintStream out;

    CheckCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    /** Runs the command with the arguments after {@code check}; returns the exit status. */
    int run(List<String> argv) throws UsageException, IOException {
        Args args = Args.parse(argv, VALUE_OPTIONS, FLAG_OPTIONS);
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        Path configFile = args.requiredPath("--config");
        String service = args.value("--service").orElse("smtp");
        if (service.isBlank()) {
            throw new UsageException("option --service needs a non-empty value");
        }
        String mechanism = mechanism(args.value("--mech").orElse("PLAIN"));
        String realm = args.value("--realm").orElse(null);
        boolean batch = args.flag("--batch");
        List<String> operands = args.operands();
        if (batch && !operands.isEmpty()) {
            throw new UsageException("--batch reads users from standard input; unexpected argument "
                    + SaslLog.quote(operands.get(0)));
        }
        if (!batch && operands.isEmpty()) {
            throw new UsageException("missing USER (or --batch; see jsasl --help)");
        }
        if (operands.size() > 1) {
            throw new UsageException("unexpected argument " + SaslLog.quote(operands.get(1)) + " after USER");
        }
        // The configuration is loaded before standard input is read, so that a run that cannot
        // work consumes no passwords.
        try (ServerContext context = load(configFile)) {
            SaslExchange exchange = new SaslExchange(context, mechanism, service, realm);
            return batch ? checkBatch(exchange) : checkOne(exchange, operands.get(0));
        }
    }

    private int checkOne(SaslExchange exchange, String user) throws IOException, UsageException {
        char[] password = PasswordInput.read(in);
        try {
            Verdict v = exchange.check(user, password);
            out.println(v.line());
            return v.exitCode();
        } finally {
            SecretText.wipe(password);
        }
    }

    private int checkBatch(SaslExchange exchange) throws IOException {
        int status = 0;
        BatchOutput output = new BatchOutput(out);
        // Verdicts are flushed before the reader waits for input: a caller feeding one line at a
        // time and waiting for each answer gets it, and a file is answered in blocks.
        try (BoundedLineReader reader = new BoundedLineReader(in, output::flush)) {
            while (true) {
                Verdict v;
                byte[] line = null;
                try {
                    line = reader.readLine();
                    if (line == null) {
                        break;
                    }
                    v = checkLine(exchange, line);
                } catch (BoundedLineReader.LineTooLongException e) {
                    v = Verdict.no(e.getMessage());
                } finally {
                    SecretText.wipe(line);
                }
                output.println(v.line());
                status = Math.max(status, v.exitCode());
            }
        } finally {
            output.flush();
        }
        return status;
    }

    private static Verdict checkLine(SaslExchange exchange, byte[] line) {
        int tab = indexOf(line, (byte) '\t');
        if (tab < 0) {
            return Verdict.no("malformed line");
        }
        char[] user = SecretText.decode(line, 0, tab);
        char[] password = SecretText.decode(line, tab + 1, line.length - tab - 1);
        try {
            if (user == null || password == null) {
                return Verdict.no("malformed line");
            }
            return exchange.check(new String(user), password);
        } finally {
            SecretText.wipe(user);
            SecretText.wipe(password);
        }
    }

    private static int indexOf(byte[] b, byte value) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    private static String mechanism(String name) throws UsageException {
        Optional<SaslMechanism> m = Mechanisms.find(name);
        if (m.isEmpty()) {
            List<String> names = Mechanisms.installed().stream().map(SaslMechanism::name).toList();
            throw new UsageException("unknown mechanism " + SaslLog.quote(name) + " (installed: "
                    + String.join(", ", names) + ")");
        }
        return m.get().name();
    }

    static ServerContext load(Path file) throws UsageException {
        try {
            return ServerContext.load(file);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
    }
}
