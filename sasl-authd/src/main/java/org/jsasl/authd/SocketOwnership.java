package org.jsasl.authd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/**
 * Owner, group and mode of jsasl authd's UNIX sockets, as Dovecot's {@code unix_listener} sets
 * them: Postfix' smtpd runs as {@code postfix} and must be able to connect (mode 0660, group
 * postfix), nobody else should.
 *
 * @param user the owner, or null to leave it (the daemon's user)
 * @param group the group, or null to leave it
 * @param mode the permission bits, such as {@code 0660}
 */
public record SocketOwnership(String user, String group, int mode) {

    /** The daemon's user and group, mode 0660. */
    public static final SocketOwnership DEFAULT = new SocketOwnership(null, null, 0660);

    public SocketOwnership {
        if (mode < 0 || mode > 0777) {
            throw new IllegalArgumentException("socket mode " + Integer.toOctalString(mode) + " out of range 0..0777");
        }
    }

    /** Parses an octal mode such as {@code 0660} or {@code 660}. */
    public static int parseMode(String value) {
        if (!value.matches("0?[0-7]{3}")) {
            throw new IllegalArgumentException("'" + value + "': the mode must be octal, such as 0660");
        }
        return Integer.parseInt(value, 8);
    }

    /** Applies this ownership to a socket file just bound. */
    void apply(Path socket) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(socket, PosixFileAttributeView.class);
        UserPrincipalLookupService lookup = socket.getFileSystem().getUserPrincipalLookupService();
        if (user != null) {
            view.setOwner(lookup.lookupPrincipalByName(user));
        }
        if (group != null) {
            GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
            view.setGroup(g);
        }
        Files.setPosixFilePermissions(socket, permissions(mode));
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values();   // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
