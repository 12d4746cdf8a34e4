package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.pwcheck.Password;
import org.jsasl.server.ServerContext;

/**
 * {@code jsasl passwd}: sets a user's password through the configuration's property sources
 * ({@code sql_insert}/{@code sql_update}), hashed as {@code password_format} says, as Cyrus'
 * {@code saslpasswd2} does; {@code --format} picks the hash under {@code password_format: crypt}
 * ({@code scram-sha-256} stores SCRAM keys, which serve SCRAM, PLAIN and LOGIN).
 */
final class PasswdCommand {

    private final InputStream in;
    private final PrintStream out;

    PasswdCommand(InputStream in, PrintStream out) {
        this.in = in;
        this.out = out;
    }

    int run(List<String> argv) throws IOException, UsageException {
        Args args = Args.parse(argv, Set.of("--config", "--realm", "--format"), Set.of("--help"));
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        if (args.operands().size() != 1) {
            throw new UsageException("passwd takes exactly one USER (see jsasl --help)");
        }
        String user = args.operands().get(0);
        PasswordHasher.Format format;
        try {
            format = args.value("--format").map(PasswordHasher.Format::parse).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (ServerContext context = CheckCommand.load(args.requiredPath("--config"))) {
            char[] chars = PasswordInput.read(in);
            PropertyStore result;
            try (Password password = Password.ofChars(chars)) {
                result = context.setPassword(user, SaslExchange.HOST, args.value("--realm").orElse(null), password,
                        format);
            } finally {
                SecretText.wipe(chars);
            }
            if (result instanceof PropertyStore.Stored) {
                out.println("OK");
                return 0;
            }
            if (result instanceof PropertyStore.Unavailable u) {
                out.println("TEMPFAIL: " + u.reason());
                return 2;
            }
            throw new UsageException("cannot set passwords: " + ((PropertyStore.NotSupported) result).reason());
        }
    }
}
