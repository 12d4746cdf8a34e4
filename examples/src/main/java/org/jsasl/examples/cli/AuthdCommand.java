package org.jsasl.examples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.jsasl.authd.AuthdBackend;
import org.jsasl.authd.AuthdDaemon;
import org.jsasl.authd.AuthdOptions;
import org.jsasl.authd.HangupSignal;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.PrivilegeDrop;
import org.jsasl.authd.SocketOwnership;
import org.jsasl.authd.dovecot.DovecotAuthProtocol;
import org.jsasl.authd.saslauthd.SaslauthdProtocol;
import org.jsasl.config.ConfigException;
import org.jsasl.server.SaslLog;
import org.jsasl.server.SecurityPolicy;
import org.jsasl.server.ServerContext;

/**
 * {@code jsasl authd}: serves the Dovecot auth-client protocol (Postfix {@code smtpd_sasl_type =
 * dovecot}) and the saslauthd protocol (libsasl2's {@code pwcheck_method: saslauthd}) from one
 * smtpd.conf until SIGTERM; SIGHUP rereads the configuration.
 */
final class AuthdCommand {

    private final PrintStream out;

    AuthdCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> argv) throws UsageException, IOException {
        Args args = Args.parse(argv, Set.of("--config", "--user", "--group", "--mode", "--run-as", "--server-name"),
                Set.of("--help"), Set.of("--dovecot", "--saslauthd"));
        if (args.flag("--help")) {
            out.print(Usage.TEXT);
            return 0;
        }
        if (!args.operands().isEmpty()) {
            throw new UsageException("unexpected argument " + SaslLog.quote(args.operands().get(0)));
        }
        Path config = args.requiredPath("--config");
        if (args.values("--dovecot").isEmpty() && args.values("--saslauthd").isEmpty()) {
            throw new UsageException("authd needs at least one --dovecot or --saslauthd address");
        }
        SocketOwnership ownership;
        try {
            ownership = new SocketOwnership(args.value("--user").orElse(null), args.value("--group").orElse(null),
                    SocketOwnership.parseMode(args.value("--mode").orElse("0660")));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--mode: " + e.getMessage(), e);
        }
        String runAs = args.value("--run-as").orElse(null);
        if (runAs != null && !PrivilegeDrop.isRoot()) {
            throw new UsageException("--run-as needs the daemon to be started as root");
        }
        ServerContext context;
        try {
            context = ServerContext.load(config);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage(), e);
        }
        AuthdBackend backend = new AuthdBackend(context, AuthdOptions.defaults(
                args.value("--server-name").orElseGet(AuthdCommand::hostName)));
        List<AuthdDaemon.Listener> listeners = new ArrayList<>();
        try {
            for (String a : args.values("--dovecot")) {
                listeners.add(new AuthdDaemon.Listener(ListenAddress.parse(a), new DovecotAuthProtocol(backend),
                        ownership));
            }
            for (String a : args.values("--saslauthd")) {
                listeners.add(new AuthdDaemon.Listener(ListenAddress.parse(a), new SaslauthdProtocol(backend),
                        ownership));
            }
        } catch (IllegalArgumentException e) {
            backend.close();
            throw new UsageException(e.getMessage(), e);
        }
        AuthdDaemon daemon;
        try {
            daemon = AuthdDaemon.start(backend, () -> ServerContext.load(config), listeners, 1024);
        } catch (IOException e) {
            backend.close();
            throw new UsageException("cannot listen: " + e.getMessage(), e);
        }
        if (runAs != null) {
            int colon = runAs.indexOf(':');
            try {
                PrivilegeDrop.to(colon < 0 ? runAs : runAs.substring(0, colon),
                        colon < 0 ? null : runAs.substring(colon + 1));
            } catch (IllegalStateException e) {
                daemon.close();
                throw new UsageException("--run-as: " + e.getMessage(), e);
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            daemon.close();
            stopped.countDown();
        }, "authd-shutdown"));
        boolean hup = HangupSignal.onHangup(daemon::reload);
        List<String> where = new ArrayList<>();
        for (AuthdDaemon.Listener l : listeners) {
            where.add(l.protocol().name() + " on " + l.address());
        }
        out.println("jsasl authd: " + String.join(", ", where) + " (" + config + ", mechanisms: "
                + String.join(" ", context.mechanismNames(SecurityPolicy.NONE)) + ")"
                + (runAs == null ? "" : ", running as " + runAs)
                + (hup ? "; SIGHUP rereads the configuration" : "") + "; SIGTERM stops it.");
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

}
