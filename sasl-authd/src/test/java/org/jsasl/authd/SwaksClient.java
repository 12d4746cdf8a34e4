package org.jsasl.authd;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jsasl.testkit.TestServices;

/**
 * swaks (from {@code scripts/services/tools}) as the SMTP client of a private Postfix, bounded in
 * time, with the password on its prompt (stdin), never on the command line.
 */
public final class SwaksClient {

    /** What swaks printed (the whole transcript) and its exit status (0 sent, 28 AUTH failed, ...). */
    public record Result(int exit, String output) {
    }

    private final String swaks;
    private final Path scratch;
    private final int port;

    public SwaksClient(Path scratch, int port) {
        this.swaks = TestServices.require("swaks", List.of("JSASL_SWAKS")).get("JSASL_SWAKS");
        this.scratch = scratch;
        this.port = port;
    }

    /** Sends one message to {@code to}, authenticating with {@code mechanism} unless it is null. */
    public Result send(String to, String mechanism, String user, String password, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(swaks, "--server", "127.0.0.1", "--port", Integer.toString(port),
                "--helo", "client.example", "--from", "me@example.org", "--to", to, "--timeout", "20"));
        if (mechanism != null) {
            command.addAll(List.of("--auth", mechanism, "--auth-user", user, "--auth-password", "--auth-hide-password"));
        }
        command.addAll(List.of(extra));
        Path out = Files.createTempFile(scratch, "swaks", ".out");
        Path in = Files.writeString(Files.createTempFile(scratch, "swaks", ".in"), password == null ? "" : password + "\n");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
                .redirectInput(in.toFile());
        // swaks would otherwise look for a password in ~/.netrc first.
        pb.environment().put("HOME", scratch.toString());
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("swaks hung: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
