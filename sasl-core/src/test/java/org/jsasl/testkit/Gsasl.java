package org.jsasl.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;

/**
 * GNU SASL's {@code gsasl} program ({@code JSASL_GSASL}) as the other side of a jsasl exchange:
 * {@code gsasl --server} against a jsasl SaslClient, {@code gsasl --client} against a jsasl
 * SaslServer, and {@code gsasl --mkpasswd}. gsasl speaks base64 lines on stdin and stdout: first
 * the mechanism's name, then each side's data in turn (an empty line for "none").
 */
public final class Gsasl {

    /** Bound on each line gsasl owes and on its exit. */
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /**
     * How an exchange ended: gsasl's exit code (0 only when it accepted the exchange), its stderr,
     * and what jsasl's side threw, if it did.
     */
    public record Outcome(int exit, String errors, SaslException jsaslError) {
    }

    private Gsasl() {
    }

    /** The gsasl program; skips the test when {@code JSASL_GSASL} is unset. */
    public static String program() {
        return TestServices.require("GNU SASL", List.of("JSASL_GSASL")).get("JSASL_GSASL");
    }

    /**
     * Runs {@code client} against {@code gsasl --server -m mechanism}, which holds
     * {@code serverPassword} for every user. gsasl's server takes that password only from
     * {@code -p} or a terminal prompt, so it is on the command line: a test password only.
     */
    public static Outcome serverFor(SaslClient client, String mechanism, String serverPassword) throws Exception {
        try (LineProcess gsasl = LineProcess.start(List.of(program(), "--server", "--quiet", "-m", mechanism,
                "-p", serverPassword), LIMIT)) {
            expectMechanism(gsasl, mechanism);
            SaslException thrown = null;
            try {
                // gsasl's server speaks first: an empty line for a client-first mechanism.
                String line = gsasl.readLine();
                if (client.hasInitialResponse() && line != null) {
                    if (!line.isEmpty()) {
                        throw new AssertionError("gsasl sent a challenge before a client-first mechanism's response");
                    }
                    gsasl.writeLine(encode(client.evaluateChallenge(new byte[0])));
                    line = gsasl.readLine();
                }
                while (line != null) {
                    String response = encode(client.evaluateChallenge(Base64.getDecoder().decode(line)));
                    gsasl.writeLine(response);
                    if (client.isComplete()) {
                        // After its mechanism's last step gsasl's server reads one more line, the
                        // protocol's acknowledgement, before it calls the exchange finished and
                        // exits 0. A client that ends with an empty line (SCRAM, having checked
                        // the ServerSignature) has just sent it; one that ends with data (CRAM-MD5)
                        // waits for the server's empty output first.
                        if (!response.isEmpty() && gsasl.readLine() != null) {
                            gsasl.writeLine("");
                        }
                        break;
                    }
                    line = gsasl.readLine();
                }
            } catch (SaslException e) {
                thrown = e;
            }
            gsasl.closeInput();
            return new Outcome(gsasl.waitFor(), gsasl.errors(), thrown);
        }
    }

    /**
     * Runs {@code gsasl --client -m mechanism -a authid} with {@code password} (on its command line:
     * a test password only) against {@code server}, without channel binding.
     */
    public static Outcome clientFor(SaslServer server, String mechanism, String authid, String password)
            throws Exception {
        try (LineProcess gsasl = LineProcess.start(List.of(program(), "--client", "--quiet", "--no-cb",
                "-m", mechanism, "-a", authid, "-p", password), LIMIT)) {
            expectMechanism(gsasl, mechanism);
            SaslException thrown = null;
            try {
                for (String line = gsasl.readLine(); line != null; line = gsasl.readLine()) {
                    byte[] challenge = server.evaluateResponse(Base64.getDecoder().decode(line));
                    if (!server.isComplete()) {
                        gsasl.writeLine(encode(challenge));
                        continue;
                    }
                    if (challenge != null) {
                        // Success data (SCRAM's ServerSignature) goes to the client to check; it
                        // answers with an empty line.
                        gsasl.writeLine(encode(challenge));
                        gsasl.readLine();
                    }
                    // gsasl's client then waits for one more server line, the protocol's "success"
                    // outcome, before it calls the exchange finished and exits 0.
                    gsasl.writeLine("");
                    break;
                }
            } catch (SaslException e) {
                thrown = e;
            }
            gsasl.closeInput();
            return new Outcome(gsasl.waitFor(), gsasl.errors(), thrown);
        }
    }

    /**
     * {@code gsasl --mkpasswd -m mechanism}: the Dovecot-form stored keys
     * {@code {MECH}iterations,salt,StoredKey,ServerKey} of {@code password}, given on stdin.
     */
    public static String mkpasswd(String mechanism, String password, Integer iterations) throws Exception {
        List<String> command = new ArrayList<>(List.of(program(), "--mkpasswd", "--quiet", "-m", mechanism));
        if (iterations != null) {
            command.add("--iteration-count=" + iterations);
        }
        try (LineProcess gsasl = LineProcess.start(command, LIMIT)) {
            gsasl.writeLine(password);
            gsasl.closeInput();
            String keys = gsasl.readLine();
            int exit = gsasl.waitFor();
            if (exit != 0 || keys == null) {
                throw new AssertionError("gsasl --mkpasswd failed (exit " + exit + "): " + gsasl.errors());
            }
            return keys.strip();
        }
    }

    private static void expectMechanism(LineProcess gsasl, String mechanism) throws Exception {
        String first = gsasl.readLine();
        if (!mechanism.equals(first)) {
            throw new AssertionError("gsasl chose " + first + ", not " + mechanism + "; stderr: " + gsasl.errors());
        }
    }

    private static String encode(byte[] data) {
        return data == null ? "" : Base64.getEncoder().encodeToString(data);
    }
}
