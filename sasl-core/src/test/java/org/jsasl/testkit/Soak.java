package org.jsasl.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslServer;
import org.jsasl.SaslUnavailableException;

/**
 * The soak tests' shared part (issue 13, "Soak"): how many logins to run
 * ({@code -Djsasl.soak.logins=N}; a small default so that {@code mvn verify} stays quick), a mix of
 * right, wrong and unknown credentials, a runner that counts errors and wrong verdicts over many
 * threads, and the process' open file descriptors and threads before and after, so that a test can
 * prove nothing leaked.
 *
 * <p>A wrong verdict is an accepted login that should have been refused, or the other way round;
 * an error is anything else (a backend "unavailable", a timeout, an unexpected exception). Both must
 * stay at zero. Figures are printed to standard output as one {@code SOAK} line per run, for
 * {@code docs/reliability-soak.md}; they never hold a password.
 */
public final class Soak {

    /** The system property holding the number of logins per backend. */
    public static final String LOGINS_PROPERTY = "jsasl.soak.logins";

    /** Logins per backend when the property is unset: enough to shake out leaks, quick in CI. */
    public static final int DEFAULT_LOGINS = 20_000;

    /** Problems kept for the failure message; the counters count them all. */
    private static final int KEPT_PROBLEMS = 10;

    private Soak() {
    }

    /** Logins per backend: {@code -Djsasl.soak.logins}, else {@code defaultLogins}. */
    public static int logins(int defaultLogins) {
        String v = System.getProperty(LOGINS_PROPERTY);
        if (v == null || v.isBlank()) {
            return defaultLogins;
        }
        int n = Integer.parseInt(v.strip());
        if (n < 1) {
            throw new IllegalArgumentException(LOGINS_PROPERTY + " must be at least 1: " + v);
        }
        return n;
    }

    /** Logins per backend: {@code -Djsasl.soak.logins}, else {@value #DEFAULT_LOGINS}. */
    public static int logins() {
        return logins(DEFAULT_LOGINS);
    }

    /** What a login should come to. */
    public enum Expect {
        /** The right password of a known user: accepted. */
        RIGHT,
        /** A wrong password of a known user: rejected. */
        WRONG,
        /** A user the backend does not know: rejected. */
        UNKNOWN;

        /**
         * The mix, by login number: half right, three tenths wrong, one fifth unknown, spread so
         * that every thread sees all three at once.
         */
        public static Expect of(int login) {
            int r = Math.floorMod(login * 7 + login / 10, 10);
            return r < 5 ? RIGHT : r < 8 ? WRONG : UNKNOWN;
        }

        boolean accepts() {
            return this == RIGHT;
        }
    }

    /** How one login ended, as the client saw it. */
    public enum Verdict {
        /** Authenticated. */
        ACCEPTED,
        /** Refused as wrong credentials (535, {@code AuthenticationException}). */
        REJECTED
    }

    /** One login; anything it throws (or returns null) is an error. */
    @FunctionalInterface
    public interface Login {
        /** Runs login number {@code n}, which should come to {@code expect}. */
        Verdict run(int n, Expect expect) throws Exception;
    }

    /**
     * One PLAIN exchange in Cyrus mode through {@code Sasl.createSaslServer} ({@code config}: a
     * {@code ServerContext}, Path or String): accepted when it completes as {@code name}, rejected on
     * an {@code AuthenticationException}; anything else (a backend unavailable, another identity)
     * is thrown, as an error.
     */
    public static Verdict plain(Object config, String service, String name, String password) throws Exception {
        SaslServer s = Sasl.createSaslServer("PLAIN", service, "mail.example.org", Exchange.cyrus(config, null), null);
        if (s == null) {
            throw new AssertionError("no PLAIN server");
        }
        try {
            s.evaluateResponse(("\0" + name + "\0" + password).getBytes(StandardCharsets.UTF_8));
            if (!s.isComplete() || !name.equals(s.getAuthorizationID())) {
                throw new AssertionError("incomplete, or completed as another identity");
            }
            return Verdict.ACCEPTED;
        } catch (SaslUnavailableException e) {
            throw e; // an error, not a verdict
        } catch (AuthenticationException e) {
            return Verdict.REJECTED;
        } finally {
            s.dispose();
        }
    }

    /** What a run counted. */
    public record Result(String name, int logins, int threads, long nanos, long accepted, long rejected,
            long errors, long wrongVerdicts, List<String> problems) {

        /** Seconds the run took. */
        public double seconds() {
            return nanos / 1e9;
        }

        /** Logins per second. */
        public double rate() {
            return logins / Math.max(seconds(), 1e-9);
        }

        /** One line of figures. */
        public String line() {
            return String.format(Locale.ROOT,
                    "SOAK %s logins=%d threads=%d seconds=%.1f logins/s=%.0f accepted=%d rejected=%d errors=%d"
                            + " wrong-verdicts=%d",
                    name, logins, threads, seconds(), rate(), accepted, rejected, errors, wrongVerdicts);
        }

        /** Asserts zero errors and zero wrong verdicts, and that every login was counted. */
        public void assertClean() {
            assertEquals(0, errors + wrongVerdicts, () -> line() + "; first problems: " + problems);
            assertEquals(logins, accepted + rejected, this::line);
            long right = 0;
            for (int n = 0; n < logins; n++) {
                if (Expect.of(n).accepts()) {
                    right++;
                }
            }
            assertEquals(right, accepted, this::line);
        }
    }

    /**
     * Runs logins {@code 0 .. logins-1} on {@code threads} threads and counts how they ended; returns
     * once every thread has ended (the pool's threads are gone, so that thread counts can be taken).
     *
     * @param timeoutSeconds the most the whole run may take; past it the run stops and fails
     */
    public static Result run(String name, int logins, int threads, long timeoutSeconds, Login login)
            throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong accepted = new AtomicLong();
        AtomicLong rejected = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong wrong = new AtomicLong();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "soak-" + name + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int n = next.getAndIncrement(); n < logins && !Thread.currentThread().isInterrupted();
                        n = next.getAndIncrement()) {
                    Expect expect = Expect.of(n);
                    Verdict verdict;
                    try {
                        verdict = login.run(n, expect);
                    } catch (Exception | AssertionError e) {
                        errors.incrementAndGet();
                        keep(problems, "login " + n + " (" + expect + "): " + describe(e));
                        continue;
                    }
                    if (verdict == null) {
                        errors.incrementAndGet();
                        keep(problems, "login " + n + " (" + expect + "): no verdict");
                    } else if ((verdict == Verdict.ACCEPTED) != expect.accepts()) {
                        wrong.incrementAndGet();
                        keep(problems, "login " + n + " (" + expect + "): " + verdict);
                    } else if (verdict == Verdict.ACCEPTED) {
                        accepted.incrementAndGet();
                    } else {
                        rejected.incrementAndGet();
                    }
                }
            });
        }
        pool.shutdown();
        boolean ended = pool.awaitTermination(timeoutSeconds, TimeUnit.SECONDS);
        long nanos = System.nanoTime() - start;
        if (!ended) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        Result result = new Result(name, logins, threads, nanos, accepted.get(), rejected.get(), errors.get(),
                wrong.get(), List.copyOf(problems));
        System.out.println(result.line());
        assertTrue(ended, () -> name + ": the run did not end within " + timeoutSeconds + " s: " + result.line());
        return result;
    }

    private static void keep(List<String> problems, String problem) {
        if (problems.size() < KEPT_PROBLEMS) {
            problems.add(problem);
        }
    }

    /** An exception's class and first message line (jsasl's messages never hold a password). */
    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getName() + ": " + m + (e.getCause() == null ? "" : " (cause " + e.getCause().getClass().getName() + ")");
    }

    /** The process' open file descriptors and live threads at one moment. */
    public record Resources(long fds, int threads, Set<String> threadNames) {

        /** Now: the entries of {@code /proc/self/fd} and the JVM's live thread count. */
        public static Resources now() {
            // The listing's own descriptor is counted every time, so it cancels out.
            try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                Set<String> names = new TreeSet<>();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    names.add(t.getName());
                }
                return new Resources(fds.count(), ManagementFactory.getThreadMXBean().getThreadCount(), names);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list /proc/self/fd", e);
            }
        }

        /**
         * Waits up to {@code seconds} for the counts to come back to those of {@code before}, and for
         * every thread not there before to end (threads of closed pools and connections end a moment
         * after their close returns), then returns the
         * counts as they are, for {@link #assertBack} to judge with its slack.
         */
        public static Resources settle(Resources before, long seconds) throws InterruptedException {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            Resources now = now();
            while ((!now.within(before, 0, 0) || !before.threadNames.containsAll(now.threadNames))
                    && System.nanoTime() < end) {
                // No System.gc(): a socket or file nobody closed would be released by its cleaner
                // then, and a leak that only a collection mends must still count.
                Thread.sleep(100);
                now = now();
            }
            return now;
        }

        /** Whether these counts are at most {@code fdSlack} and {@code threadSlack} above {@code before}. */
        public boolean within(Resources before, int fdSlack, int threadSlack) {
            return fds <= before.fds + fdSlack && threads <= before.threads + threadSlack;
        }

        /** Prints the counts before and after and asserts they came back. */
        public static void assertBack(String name, Resources before, Resources after, int fdSlack, int threadSlack) {
            Set<String> newThreads = new TreeSet<>(after.threadNames);
            newThreads.removeAll(before.threadNames);
            Set<String> goneThreads = new TreeSet<>(before.threadNames);
            goneThreads.removeAll(after.threadNames);
            String line = String.format(Locale.ROOT, "SOAK %s fds=%d->%d threads=%d->%d (slack fds %d, threads %d)%s",
                    name, before.fds, after.fds, before.threads, after.threads, fdSlack, threadSlack,
                    (newThreads.isEmpty() ? "" : " new threads: " + newThreads)
                            + (goneThreads.isEmpty() ? "" : " ended threads: " + goneThreads));
            System.out.println(line);
            assertTrue(after.within(before, fdSlack, threadSlack), "resources not back: " + line);
        }
    }
}
