package org.jsasl.authd;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * Gives up root once the sockets are bound, as daemons started by root do: the groups, then the
 * group, then the user of an account, through the C library (the JDK has no setuid). Irreversible,
 * and checked: a daemon that meant to drop root and could not stops rather than run as root.
 */
public final class PrivilegeDrop {

    /** The C library calls needed; glibc applies them to every thread of the process. */
    interface LibC extends Library {
        Pointer getpwnam(String name);

        Pointer getgrnam(String name);

        int setgroups(long size, int[] list);

        int setgid(int gid);

        int setuid(int uid);

        int getuid();

        int geteuid();
    }

    /** The start of glibc's {@code struct passwd}: name, password, uid, gid. */
    @Structure.FieldOrder({"pw_name", "pw_passwd", "pw_uid", "pw_gid"})
    public static final class Passwd extends Structure {
        public String pw_name;
        public String pw_passwd;
        public int pw_uid;
        public int pw_gid;

        public Passwd(Pointer p) {
            super(p);
            read();
        }
    }

    /** The start of glibc's {@code struct group}: name, password, gid. */
    @Structure.FieldOrder({"gr_name", "gr_passwd", "gr_gid"})
    public static final class Group extends Structure {
        public String gr_name;
        public String gr_passwd;
        public int gr_gid;

        public Group(Pointer p) {
            super(p);
            read();
        }
    }

    private PrivilegeDrop() {
    }

    /** Whether the process runs as root (effective uid 0). */
    public static boolean isRoot() {
        return libc().geteuid() == 0;
    }

    /**
     * Becomes {@code user} (and {@code group}, else the user's primary group), with no other groups.
     *
     * @throws IllegalStateException when the account is unknown or a call fails; the caller stops
     */
    public static void to(String user, String group) {
        LibC c = libc();
        Pointer pw = c.getpwnam(user);
        if (pw == null) {
            throw new IllegalStateException("no such user: " + user);
        }
        Passwd p = new Passwd(pw);
        int uid = p.pw_uid;
        int gid = p.pw_gid;
        if (group != null) {
            Pointer gr = c.getgrnam(group);
            if (gr == null) {
                throw new IllegalStateException("no such group: " + group);
            }
            gid = new Group(gr).gr_gid;
        }
        if (c.setgroups(1, new int[] {gid}) != 0 || c.setgid(gid) != 0 || c.setuid(uid) != 0) {
            throw new IllegalStateException("cannot become " + user + ": errno " + Native.getLastError());
        }
        if (uid != 0 && (c.getuid() == 0 || c.geteuid() == 0 || c.setuid(0) == 0)) {
            throw new IllegalStateException("still able to become root after dropping to " + user);
        }
    }

    private static LibC libc() {
        return Native.load("c", LibC.class);
    }

}
