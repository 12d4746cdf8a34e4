package org.jsasl.auxprop.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.ServerContext;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.FaultLogins;
import org.jsasl.testkit.FaultLogins.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 13, injected faults on SQLite: the database file on a read-only file system (a read-only
 * bind mount, which binds root too, unlike chmod) and on a full one (a 256 KiB tmpfs filled up).
 * Logins keep their verdicts, since they only read; a password store fails as "unavailable" (with
 * no value in its reason) and leaves the row as it was; once the file system is writable (or has
 * room) again, the same context stores.
 *
 * <p>Needs root (mount); skipped with the reason otherwise. Every mount is undone in
 * {@code @AfterEach}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteFileFaultTest {

    private static final String NEW_PASSWORD = "new-secret-value";

    private Path dir;
    private Path mountPoint;
    private boolean mounted;
    private ServerContext ctx;

    @BeforeEach
    void directory() throws Exception {
        Exchange.registerProvider();
        dir = Files.createTempDirectory("jsasl-sqlite-fault");
        mountPoint = Files.createDirectory(dir.resolve("db"));
    }

    @AfterEach
    void unmount() throws Exception {
        try {
            if (ctx != null) {
                ctx.close();
            }
        } finally {
            if (mounted) {
                // Lazy: a descriptor the driver still holds must not keep the mount alive.
                run(List.of("umount", "-l", mountPoint.toString()));
            }
            try (var files = Files.walk(dir)) {
                files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aReadOnlyDatabaseFileStillAnswersLoginsAndAStoreIsUnavailable() throws Exception {
        Path db = createDatabase(mountPoint);
        mount("--bind", mountPoint.toString(), mountPoint.toString());
        // Read-only before the first connection: the kernel refuses (EBUSY) to make a mount
        // read-only while a file on it is open for writing, as a pooled connection's would be.
        mountOrSkip(List.of("mount", "-o", "remount,ro,bind", mountPoint.toString()));
        assertFalse(canCreate(mountPoint), "the bind mount is not read-only");
        ctx = context(db);
        assertVerdicts("read-only");
        assertStoreUnavailable("read-only");
        assertVerdicts("read-only, after the failed store");
        assertEquals(null, run(List.of("mount", "-o", "remount,rw,bind", mountPoint.toString())), "remount rw");
        assertStored("writable again");
    }

    @Test
    void aFullFileSystemStillAnswersLoginsAndAStoreIsUnavailable() throws Exception {
        mount("-t", "tmpfs", "-o", "size=256k", "tmpfs", mountPoint.toString());
        Path db = createDatabase(mountPoint);
        ctx = context(db);
        assertVerdicts("before");
        Path filler = mountPoint.resolve("filler");
        fill(filler);
        assertVerdicts("disk full");
        assertStoreUnavailable("disk full");
        assertVerdicts("disk full, after the failed store");
        Files.delete(filler);
        assertStored("room again");
    }

    private ServerContext context(Path db) throws Exception {
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, "pwcheck_method: auxprop\nauxprop_plugin: sql\nmech_list: PLAIN\n"
                + "sql_engine: sqlite3\nsql_database: " + db + "\nsql_query_timeout: 2000\n"
                + "sql_select: SELECT pw FROM users WHERE name = '%u'\n"
                + "sql_insert: INSERT INTO users (name, realm, pw) VALUES ('%u', '%r', '%v')\n"
                + "sql_update: UPDATE users SET pw = '%v' WHERE name = '%u'\n");
        return ServerContext.load(conf);
    }

    private static Path createDatabase(Path in) throws Exception {
        Path db = in.resolve("jsasl.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.executeUpdate("CREATE TABLE users (name VARCHAR(255) NOT NULL, realm VARCHAR(255), pw VARCHAR(255))");
            st.executeUpdate("INSERT INTO users VALUES ('alice', 'example.org', 'secret')");
        }
        return db;
    }

    private void assertVerdicts(String when) {
        for (int i = 0; i < 5; i++) {
            assertEquals(Verdict.ACCEPTED, FaultLogins.plain(ctx, "alice", "secret", true).verdict(), when);
            assertEquals(Verdict.REJECTED, FaultLogins.plain(ctx, "alice", "wrong", false).verdict(), when);
            assertEquals(Verdict.REJECTED, FaultLogins.plain(ctx, "nobody", "secret", false).verdict(), when);
        }
    }

    private SqlAuxprop sql() {
        return (SqlAuxprop) ctx.auxprops().plugins().get(0);
    }

    private static CanonicalUser alice() {
        return new CanonicalUser("alice", "alice", "example.org");
    }

    private void assertStoreUnavailable(String when) {
        PropertyStore r = sql().store(alice(), AuxpropPlugin.USER_PASSWORD, NEW_PASSWORD);
        System.out.println("[fault] sqlite " + when + ": store -> " + r);
        PropertyStore.Unavailable u = assertInstanceOf(PropertyStore.Unavailable.class, r, when);
        assertFalse(u.reason().contains(NEW_PASSWORD), "the value in the reason: " + u.reason());
        assertFalse(String.valueOf(u).contains(NEW_PASSWORD), "the value in toString: " + u);
    }

    /**
     * The store succeeds again. A pooled SQLite connection that opened the file read-only stays
     * read-only (SQLite decides at open), so each such connection fails one store and is retired:
     * at most the pool's size (4 for SQLite) failures before a store lands.
     */
    private void assertStored(String when) {
        PropertyStore r = null;
        int failed = 0;
        for (int i = 0; i <= 4; i++) {
            r = sql().store(alice(), AuxpropPlugin.USER_PASSWORD, NEW_PASSWORD);
            if (r instanceof PropertyStore.Stored) {
                break;
            }
            failed++;
        }
        System.out.println("[fault] sqlite " + when + ": stored after " + failed + " failed store(s)");
        assertInstanceOf(PropertyStore.Stored.class, r, when + ": " + r);
        assertEquals(Verdict.ACCEPTED, FaultLogins.plain(ctx, "alice", NEW_PASSWORD, true).verdict(), when);
        assertEquals(Verdict.REJECTED, FaultLogins.plain(ctx, "alice", "secret", false).verdict(), when);
    }

    /** Writes {@code file} until the file system says it is full. */
    private static void fill(Path file) throws IOException {
        byte[] block = new byte[4096];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                out.flush();
                written += block.length;
                if (written > 64L * 1024 * 1024) {
                    throw new AssertionError("the tmpfs never filled: is its size option ignored?");
                }
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
    }

    private static boolean canCreate(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ""));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first mount of a test: skips it when mounting is not allowed here. */
    private void mount(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("mount"));
        command.addAll(List.of(args));
        mountOrSkip(command);
        mounted = true;
    }

    private static void mountOrSkip(List<String> command) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "mount needs root (a read-only bind mount or a small tmpfs is the fault)");
        String failure = run(command);
        Assumptions.assumeTrue(failure == null, () -> String.join(" ", command) + " not allowed here: " + failure);
    }

    /** Runs a command; null when it succeeded, its output otherwise. */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out;
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
