package org.jsasl.authd.dovecot;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.jsasl.authd.ListenAddress;
import org.jsasl.authd.SocketOwnership;

/**
 * The same real-Postfix sessions as {@link PostfixDovecotTypeTest}, over a UNIX socket owned by
 * {@code postfix} with mode 0660, as {@code private/auth} is in the README's setup.
 */
class PostfixDovecotTypeUnixSocketTest extends PostfixDovecotTypeTest {

    @Override
    ListenAddress listenAddress() throws IOException {
        // smtpd runs as postfix: the socket's directory must be one it can enter.
        Path socketDir = Files.createTempDirectory("jsasl-authd-");
        Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        socketDir.toFile().deleteOnExit();
        return ListenAddress.parse("unix:" + socketDir.resolve("auth"));
    }

    @Override
    SocketOwnership ownership() {
        return new SocketOwnership("postfix", "postfix", 0660);
    }

    @Override
    String saslPath(SocketAddress bound) {
        return ((UnixDomainSocketAddress) bound).getPath().toString();
    }
}
