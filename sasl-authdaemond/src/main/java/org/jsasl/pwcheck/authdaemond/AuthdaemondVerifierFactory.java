package org.jsasl.pwcheck.authdaemond;

import java.nio.file.Path;
import org.jsasl.config.ConfigException;
import org.jsasl.pwcheck.PasswordVerifier;
import org.jsasl.pwcheck.PasswordVerifierFactory;
import org.jsasl.pwcheck.unix.DaemonTimeouts;
import org.jsasl.server.PluginContext;

/**
 * Makes the {@code authdaemond} verifier from {@code authdaemond_path} (or Cyrus' documented
 * spelling {@code authdaemon_path}; a relative path is taken from the config file's directory)
 * and the {@code authdaemond_*_timeout} options. Unlike Cyrus, whose default socket is
 * {@code /dev/null}, a missing path is a startup error.
 */
public final class AuthdaemondVerifierFactory implements PasswordVerifierFactory {

    @Override
    public String name() {
        return "authdaemond";
    }

    @Override
    public PasswordVerifier create(PluginContext context) throws ConfigException {
        var path = context.config().get("authdaemond_path");
        if (path.isEmpty()) {
            throw context.config().error("pwcheck_method", "authdaemond needs authdaemond_path: the daemon's socket "
                    + "(Debian: /run/courier/authdaemon/socket, Gentoo: /var/lib/courier/authdaemon/socket)");
        }
        Path socket = context.config().resolvePath(path.get());
        return new AuthdaemondVerifier(socket, DaemonTimeouts.from(context.config(), "authdaemond"));
    }
}
