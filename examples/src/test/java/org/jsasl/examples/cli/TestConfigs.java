package org.jsasl.examples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Configuration files for the tests, using sasl-core's test-only {@code pwcheck_method: testusers}. */
final class TestConfigs {

    static final String ALICE_PW = "Alice-pw-7f3a";
    static final String BOB_PW = "Bob-pw-c91e";
    static final String CAROL_PW = "Carol-pw-58d2";
    static final String REALM_ALICE_PW = "Realm-alice-pw-2b6c";
    static final String WRONG_PW = "Wrong-pw-e04d";

    /** alice and bob with passwords, alice@example.org as a realm user, carol on a backend that is down. */
    static final String USERS = "testusers: alice=" + ALICE_PW + " bob=" + BOB_PW + " carol=" + CAROL_PW
            + " alice@example.org=" + REALM_ALICE_PW;

    private TestConfigs() {
    }

    /** Writes {@code lines} as {@code dir/name}. */
    static Path write(Path dir, String name, String... lines) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return file;
    }

    /** A working configuration offering {@code mechList}, written as {@code dir/smtpd.conf}. */
    static Path testUsers(Path dir, String mechList) throws IOException {
        return testUsers(dir, "smtpd.conf", mechList);
    }

    /** A working configuration offering {@code mechList}, written as {@code dir/name}. */
    static Path testUsers(Path dir, String name, String mechList) throws IOException {
        return write(dir, name,
                "# written by the jsasl CLI tests",
                "pwcheck_method: testusers",
                USERS,
                "testusers_down: carol",
                "mech_list: " + mechList);
    }
}
