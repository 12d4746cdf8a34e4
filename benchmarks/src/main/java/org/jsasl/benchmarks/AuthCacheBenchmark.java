package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jsasl.config.SaslConfig;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.VerifyRequest;
import org.jsasl.pwcheck.VerifyResult;
import org.jsasl.pwcheck.cache.AuthCacheSettings;
import org.jsasl.pwcheck.cache.CachedVerification;
import org.jsasl.server.AuthOutcome;
import org.jsasl.server.Authenticator;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.SaslLog;
import org.jsasl.server.ServerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 12's authentication cache ({@code jsasl_auth_cache_*}): one password check through a
 * {@link ServerContext}'s authenticator (what PLAIN and LOGIN call), against the test-jar's memory
 * auxprop holding a SHA-512-crypt ({@code $6$}, 5000 rounds) hash, with {@code password_format: crypt}.
 * <ul>
 * <li>{@code uncached}: no cache, every check runs {@code $6$} (the baseline);</li>
 * <li>{@code hit}: cache on, the same user and password each time, so every check is a hit;</li>
 * <li>{@code miss}: cache on with room for one entry, users taken in turn, so every check misses,
 *     runs {@code $6$}, stores its result and evicts the previous one (the cache's worst case);</li>
 * <li>{@code missOverheadOnly}: the same miss path around a backend that answers at once, so the
 *     figure is what the cache itself adds to a miss (HMAC, lookup, store, eviction).</li>
 * </ul>
 * The goal of issue 12: {@code hit} at least 100x cheaper than {@code uncached}; {@code miss} within
 * 5 % of {@code uncached}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class AuthCacheBenchmark {

    private static final int USERS = 1024;
    private static final byte[] SECRET = "secret".getBytes(StandardCharsets.UTF_8);

    private ServerContext uncachedContext;
    private ServerContext hitContext;
    private ServerContext missContext;
    private Authenticator uncached;
    private Authenticator hit;
    private Authenticator miss;
    private CachedVerification overheadCache;
    private CanonicalUser[] canonical;
    private final VerifyResult accepted = new VerifyResult.Accepted(Map.of());
    private String[] names;
    // From 1: setUp logged user 0 in, so the miss context holds its entry.
    private int next = 1;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        String hash = new PasswordHasher().hash(PasswordHasher.Format.SHA512, SECRET, 0);
        StringBuilder pairs = new StringBuilder();
        names = new String[USERS];
        canonical = new CanonicalUser[USERS];
        for (int i = 0; i < USERS; i++) {
            names[i] = "user" + i;
            canonical[i] = new CanonicalUser("user" + i + "@example.com", "user" + i, "example.com");
            pairs.append(names[i]).append("@example.com=").append(hash).append(' ');
        }
        List<String> base = List.of("pwcheck_method", "auxprop", "auxprop_plugin", "memory", "password_format",
                "crypt", "memory_userpassword", pairs.toString().trim());
        uncachedContext = context(base);
        hitContext = context(base, "jsasl_auth_cache_size", "10000");
        missContext = context(base, "jsasl_auth_cache_size", "1");
        uncached = uncachedContext.authenticator("smtp", "example.com", "example.com", null);
        hit = hitContext.authenticator("smtp", "example.com", "example.com", null);
        miss = missContext.authenticator("smtp", "example.com", "example.com", null);
        overheadCache = CachedVerification.create(AuthCacheSettings.of(SaslConfig.of("jsasl_auth_cache_size", "1")),
                SaslLog.of(AuthCacheBenchmark.class, 1));
        for (Authenticator a : List.of(uncached, hit, miss)) {
            if (!(login(a, names[0]) instanceof AuthOutcome.Accepted)) {
                throw new IllegalStateException("the benchmark user does not log in");
            }
        }
    }

    private static ServerContext context(List<String> base, String... more) throws Exception {
        String[] kv = new String[base.size() + more.length];
        for (int i = 0; i < base.size(); i++) {
            kv[i] = base.get(i);
        }
        System.arraycopy(more, 0, kv, base.size(), more.length);
        return ServerContext.create(SaslConfig.of(kv));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println();
        System.out.println("# hit context: " + hitContext.authCache().stats().orElseThrow());
        System.out.println("# miss context: " + missContext.authCache().stats().orElseThrow());
        uncachedContext.close();
        hitContext.close();
        missContext.close();
        overheadCache.close();
    }

    private static AuthOutcome login(Authenticator a, String user) {
        try (Password p = Password.copyOf(SECRET, 0, SECRET.length)) {
            return a.authenticate(user, "", p);
        }
    }

    private int nextUser() {
        int i = next;
        next = (i + 1) % USERS;
        return i;
    }

    /** No cache: {@code $6$} every time. */
    @Benchmark
    public AuthOutcome uncached() {
        return login(uncached, names[nextUser()]);
    }

    /** Every check a hit. */
    @Benchmark
    public AuthOutcome hit() {
        return login(hit, names[0]);
    }

    /** Every check a miss that stores and evicts. */
    @Benchmark
    public AuthOutcome miss() {
        return login(miss, names[nextUser()]);
    }

    /** The cache's own cost on a miss, around a backend that costs nothing. */
    @Benchmark
    public VerifyResult missOverheadOnly() {
        try (Password p = Password.copyOf(SECRET, 0, SECRET.length)) {
            return overheadCache.verify(new VerifyRequest(canonical[nextUser()], p, "smtp"), r -> accepted);
        }
    }
}
