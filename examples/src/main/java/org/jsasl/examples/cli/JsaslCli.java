package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.jsasl.server.SaslLog;

/**
 * The {@code jsasl} admin command line: dispatches to the {@code check}, {@code mechs},
 * {@code hash}, {@code passwd}, {@code smtpd} and {@code authd} commands and turns their errors into the
 * documented exit statuses.
 */
public final class JsaslCli {

    /** Exit status for a usage or configuration error (sysexits' EX_USAGE). */
    public static final int EX_USAGE = 64;

    /** Exit status when standard input cannot be read (sysexits' EX_IOERR). */
    public static final int EX_IOERR = 74;

    /** Exit status for a bug in jsasl (sysexits' EX_SOFTWARE). */
    public static final int EX_SOFTWARE = 70;

    private JsaslCli() {
    }

    /** Runs the command line and exits with its status. */
    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("smtpd") || args[0].equals("authd"))) {
            ServerLogFormat.select();
        }
        System.exit(run(args, System.in, System.out, System.err));
    }

    /**
     * Runs the command line against the given streams, for tests and embedding.
     *
     * @return the exit status: 0 OK, 1 NO, 2 TEMPFAIL, 64 usage or configuration error
     */
    public static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                // A script that lost its arguments must not look successful.
                err.print(Usage.TEXT);
                return EX_USAGE;
            }
            List<String> rest = Arrays.asList(args).subList(1, args.length);
            switch (args[0]) {
                case "--help":
                case "-h":
                case "help":
                    out.print(Usage.TEXT);
                    return 0;
                case "check":
                    return new CheckCommand(in, out).run(rest);
                case "mechs":
                    return new MechsCommand(out, err).run(rest);
                case "hash":
                    return new HashCommand(in, out).run(rest);
                case "passwd":
                    return new PasswdCommand(in, out).run(rest);
                case "smtpd":
                    return new SmtpdCommand(out).run(rest);
                case "authd":
                    return new AuthdCommand(out).run(rest);
                default:
                    throw new UsageException("unknown command " + SaslLog.quote(args[0])
                            + " (commands: check, mechs, hash, passwd, smtpd, authd; see jsasl --help)");
            }
        } catch (UsageException e) {
            err.println("jsasl: " + e.getMessage());
            return EX_USAGE;
        } catch (IOException e) {
            err.println("jsasl: cannot read standard input: " + e.getMessage());
            return EX_IOERR;
        } catch (RuntimeException e) {
            err.println("jsasl: internal error: " + e);
            return EX_SOFTWARE;
        } finally {
            out.flush();
            err.flush();
        }
    }
}
