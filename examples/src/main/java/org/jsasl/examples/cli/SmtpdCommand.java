package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jsasl.config.ConfigException;
import org.jsasl.examples.smtpd.MainCf;
import org.jsasl.examples.smtpd.SmtpServer;
import org.jsasl.server.SaslLog;

/**
 * {@code jsasl smtpd}: runs the example SMTP submission server on a main.cf directory (by default
 * the demo in examples/conf) until the JVM is stopped, and says how to try it.
 */
final class SmtpdCommand {

    static final String DEFAULT_LISTEN = "127.0.0.1:2525";

    private final PrintStream out;

    SmtpdCommand(PrintStream out) {
        this.out = out;
    }

    /** Runs the command with the arguments after {@code smtpd}; returns only on a usage error or when stopped. */
    int run(List<String> argv) throws UsageException, IOException {
        Args args = Args.parse(argv, Set.of("--config", "--listen"), Set.of("--help"));
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        if (!args.operands().isEmpty()) {
            throw new UsageException("unexpected argument " + SaslLog.quote(args.operands().get(0)));
        }
        Path dir = args.value("--config").map(Path::of).orElseGet(SmtpdCommand::demoDirectory);
        Path mainCf = dir.resolve("main.cf");
        if (!Files.isRegularFile(mainCf)) {
            throw new UsageException("no main.cf in " + dir);
        }
        InetSocketAddress listen = listenAddress(args.value("--listen").orElse(DEFAULT_LISTEN));
        MainCf cf;
        try {
            cf = MainCf.load(mainCf);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        }
        if (cf.maillogFile() != null) {
            // Before the server starts, so that its own startup lines are in the file too.
            try {
                MaillogFile.redirectStandardError(cf.maillogFile());
            } catch (IOException e) {
                throw new UsageException("maillog_file: cannot open " + cf.maillogFile() + ": " + e.getMessage(), e);
            }
        }
        SmtpServer server;
        try {
            server = SmtpServer.start(cf, listen);
        } catch (ConfigException | IllegalArgumentException e) {
            throw new UsageException(e.getMessage(), e);
        } catch (IOException e) {
            // Not JsaslCli's "cannot read standard input": say what failed.
            throw new UsageException("cannot listen on " + listen + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "smtpd-shutdown"));
        // As postfix reload: new sessions get the reread smtpd.conf, running ones keep theirs.
        org.jsasl.authd.HangupSignal.onHangup(server::reload);
        printHowToTry(server, cf, mainCf);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private void printHowToTry(SmtpServer server, MainCf cf, Path mainCf) {
        InetSocketAddress a = server.address();
        String host = a.getAddress().getHostAddress();
        int port = a.getPort();
        out.println("jsasl smtpd: listening on " + host + ":" + port + " as " + cf.myhostname()
                + " (" + mainCf + ", SASL: " + cf.saslConfigFile() + ", mechanisms: "
                + String.join(" ", server.mechanisms()) + ")");
        out.println("Mail is " + (cf.mailDirectory() == null ? "discarded" : "written to " + cf.mailDirectory())
                + ", never relayed. " + (cf.tlsEnabled()
                        ? "STARTTLS (" + cf.tlsSecurityLevel() + ") with "
                                + (cf.tlsCertFile() == null ? "a self-signed certificate" : cf.tlsCertFile())
                        : "No STARTTLS: try it on loopback only")
                + ". Log: " + (cf.maillogFile() == null ? "standard error" : cf.maillogFile())
                + ". Ctrl-C stops it.");
        out.println();
        out.println("Try it (demo user testuser, password secret):");
        out.println("  swaks --server " + host + ":" + port + " --auth LOGIN --auth-user testuser"
                + " --auth-password secret --from me@you.com --to someone@example.net");
        if (cf.tlsEnabled()) {
            out.println("  swaks --server " + host + ":" + port + " --tls --auth PLAIN --auth-user testuser"
                    + " --auth-password secret --from me@you.com --to someone@example.net");
            out.println("  openssl s_client -starttls smtp -connect " + host + ":" + port
                    + " -quiet    then EHLO, AUTH as below");
        }
        out.println("  telnet " + host + " " + port + "    then type:");
        out.println("    HELO example.com");
        out.println("    AUTH LOGIN");
        out.println("    dGVzdHVzZXI=                  (base64 of testuser)");
        out.println("    c2VjcmV0                      (base64 of secret)");
        out.println("    AUTH PLAIN AHRlc3R1c2VyAHNlY3JldA==   (instead: base64 of \\0testuser\\0secret)");
        out.println("    MAIL FROM:<me@you.com>");
        out.println("    RCPT TO:<someone@example.net>");
        out.println("    DATA, a message, a line with a single dot, QUIT");
        out.flush();
    }

    /** examples/conf next to the jar (examples/target/jsasl-cli.jar) or the classes directory. */
    private static Path demoDirectory() {
        try {
            Path code = Path.of(SmtpdCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return code.getParent().getParent().resolve("conf");
        } catch (URISyntaxException | RuntimeException e) {
            return Path.of("examples", "conf");
        }
    }

    private static InetSocketAddress listenAddress(String value) throws UsageException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--listen needs HOST:PORT, such as " + DEFAULT_LISTEN);
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(value.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host, port);
        } catch (NumberFormatException e) {
            throw new UsageException("--listen: bad port in " + SaslLog.quote(value));
        }
    }
}
