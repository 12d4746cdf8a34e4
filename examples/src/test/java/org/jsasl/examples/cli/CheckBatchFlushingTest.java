package org.jsasl.examples.cli;

import static org.jsasl.examples.cli.TestConfigs.ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.BOB_PW;
import static org.jsasl.examples.cli.TestConfigs.CAROL_PW;
import static org.jsasl.examples.cli.TestConfigs.WRONG_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check --batch} flushes its verdicts only before it waits for more input: a file is
 * answered in blocks, and a caller that sends a line and waits for its verdict still gets it.
 */
class CheckBatchFlushingTest {

    @TempDir
    Path dir;

    private String config;

    @BeforeEach
    void writeConfig() throws IOException {
        config = TestConfigs.testUsers(dir, "PLAIN LOGIN").toString();
    }

    /** Standard output that counts how often it is flushed. */
    private static final class CountingOutput extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized List<String> lines() {
            return bytes.toString(StandardCharsets.UTF_8).lines().toList();
        }
    }

    private int run(java.io.InputStream in, CountingOutput out) {
        // As System.out is: a PrintStream that flushes on every println.
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        return JsaslCli.run(new String[] {"check", "--config", config, "--batch"}, in, o, e);
    }

    @Test
    void aFileIsAnsweredInBlocksNotOneFlushPerLine() {
        StringBuilder input = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            input.append(i % 2 == 0 ? "alice\t" + ALICE_PW : "bob\t" + WRONG_PW).append('\n');
        }
        CountingOutput out = new CountingOutput();
        int exit = run(new ByteArrayInputStream(input.toString().getBytes(StandardCharsets.UTF_8)), out);
        assertEquals(1, exit);
        List<String> lines = out.lines();
        assertEquals(2000, lines.size());
        for (int i = 0; i < 2000; i++) {
            assertEquals(i % 2 == 0 ? "OK" : "NO: PLAIN: authentication failed", lines.get(i), "line " + i);
        }
        // A PrintStream flushes a few times per block it prints; one flush per line would be 2000 or more.
        assertTrue(out.flushes <= 2000 / 50, "flushes for 2000 verdicts: " + out.flushes);
    }

    @Test
    void verdictsAreFlushedBeforeTheBatchWaitsForMoreInputAndNotBefore() {
        CountingOutput out = new CountingOutput();
        List<List<String>> seenAtEachBurst = new ArrayList<>();
        List<Integer> flushesAtEachBurst = new ArrayList<>();
        ScriptedInput in = new ScriptedInput(() -> {
            seenAtEachBurst.add(out.lines());
            flushesAtEachBurst.add(out.flushes);
        }, "alice\t" + ALICE_PW + "\nbob\t" + BOB_PW + "\nalice\t" + WRONG_PW + "\n"
                + ("bob\t" + BOB_PW + "\n").repeat(7),
                "carol\t" + CAROL_PW + "\n",
                "bob\t" + BOB_PW + "\n");
        int exit = run(in, out);
        assertEquals(2, exit, "carol's backend is down: TEMPFAIL wins");
        assertEquals(List.of(), seenAtEachBurst.get(0));
        List<String> first = new ArrayList<>(List.of("OK", "OK", "NO: PLAIN: authentication failed"));
        first.addAll(java.util.Collections.nCopies(7, "OK"));
        assertEquals(first, seenAtEachBurst.get(1), "all ten answered before waiting for the second burst");
        List<String> second = new ArrayList<>(first);
        second.add("TEMPFAIL: PLAIN: testusers: test backend is down");
        assertEquals(second, seenAtEachBurst.get(2), "and the eleventh before waiting for the third");
        // One block, which an autoflushing PrintStream flushes a few times; not ten lines' worth.
        assertTrue(flushesAtEachBurst.get(1) - flushesAtEachBurst.get(0) <= 3,
                "the ten verdicts of one burst are written together: " + flushesAtEachBurst);
        assertEquals(12, out.lines().size());
        assertEquals("OK", out.lines().get(11));
    }

    @Test
    void aCallerThatWaitsForEachVerdictGetsItBeforeSendingTheNextLine() throws Exception {
        PipedOutputStream toCli = new PipedOutputStream();
        PipedInputStream cliIn = new PipedInputStream(toCli, 1 << 16);
        PipedInputStream fromCli = new PipedInputStream(1 << 16);
        PrintStream cliOut = new PrintStream(new PipedOutputStream(fromCli), true, StandardCharsets.UTF_8);
        PrintStream cliErr = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // Own threads: the common pool may have a single worker on a small machine.
        ExecutorService cli = Executors.newSingleThreadExecutor();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            converse(toCli, cliIn, cliOut, cliErr, fromCli, cli, reader);
        } finally {
            cli.shutdownNow();
            reader.shutdownNow();
        }
    }

    private void converse(PipedOutputStream toCli, PipedInputStream cliIn, PrintStream cliOut, PrintStream cliErr,
            PipedInputStream fromCli, ExecutorService cli, ExecutorService reader) throws Exception {
        Future<Integer> exit = cli.submit(() -> {
            int status = JsaslCli.run(new String[] {"check", "--config", config, "--batch"}, cliIn, cliOut, cliErr);
            cliOut.close();
            return status;
        });
        BufferedReader verdicts = new BufferedReader(new InputStreamReader(fromCli, StandardCharsets.UTF_8));
        String[][] conversation = {
            {"alice\t" + ALICE_PW, "OK"},
            {"alice\t" + WRONG_PW, "NO: PLAIN: authentication failed"},
            {"carol\t" + CAROL_PW, "TEMPFAIL: PLAIN: testusers: test backend is down"},
            {"bob\t" + BOB_PW, "OK"},
        };
        for (String[] turn : conversation) {
            toCli.write((turn[0] + "\n").getBytes(StandardCharsets.UTF_8));
            toCli.flush();
            Future<String> line = reader.submit(verdicts::readLine);
            // A bound so that a batch that holds its answer fails the test instead of hanging it.
            String verdict = line.get(30, TimeUnit.SECONDS);
            assertNotNull(verdict);
            assertEquals(turn[1], verdict);
        }
        toCli.close();
        assertEquals(2, exit.get(30, TimeUnit.SECONDS));
    }
}
