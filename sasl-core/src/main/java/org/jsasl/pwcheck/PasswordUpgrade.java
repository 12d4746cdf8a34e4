package org.jsasl.pwcheck;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.config.ConfigException;
import org.jsasl.config.SaslConfig;
import org.jsasl.crypt.CryptCheck;
import org.jsasl.crypt.CryptFormat;
import org.jsasl.crypt.DovecotScheme;
import org.jsasl.crypt.InvalidSettingException;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.crypt.StoredPasswordCheck;
import org.jsasl.secret.ScramSecret;
import org.jsasl.server.CanonicalUser;
import org.jsasl.server.SaslLog;

/**
 * Password upgrade on login ({@code jsasl_rehash_on_login}): after a password was proven right
 * against a stored value in a weak format ({@code jsasl_rehash_weak}), a new hash of the same
 * password in the configured format replaces it, through the property source's compare-and-set
 * ({@link AuxpropChain#replace}: the sql auxprop's {@code jsasl_rehash_update}), so that a password
 * an administrator changed meanwhile is left alone.
 *
 * <p>The work happens on one background thread of the server context with a bounded queue: the
 * login never waits for it and never fails because of it. A full queue drops the upgrade, a failed
 * one is logged; either way the next login with the weak hash tries again. The password copy a
 * queued upgrade holds is wiped once hashed, or when the upgrade is dropped or the context closed.
 */
public final class PasswordUpgrade implements AutoCloseable {

    /** The key that turns the upgrade on and names the new format. */
    public static final String KEY = "jsasl_rehash_on_login";

    /** The key listing the formats counted as weak. */
    public static final String WEAK_KEY = "jsasl_rehash_weak";

    /** The formats counted as weak when {@link #WEAK_KEY} is not set. */
    public static final List<String> DEFAULT_WEAK = List.of("des", "bsdi", "md5", "nt", "cleartext");

    /** Upgrades waiting at most; more are dropped (and retried at the user's next login). */
    static final int QUEUE_CAPACITY = 64;

    /**
     * The names {@link #formatOf} gives: crypt(3) formats, {@code cleartext} (a {@code {PLAIN}}
     * value), {@code digest} (Dovecot's {@code {SHA}}, {@code {SSHA256}}, ...) and {@code scram}.
     */
    static final Set<String> FORMAT_NAMES = Set.of("des", "bsdi", "md5", "apr1", "nt", "sha256", "sha512", "bcrypt",
            "yescrypt", "gost-yescrypt", "scrypt", "sunmd5", "sha1crypt", "cleartext", "digest", "scram");

    /** No upgrade: {@link #offer} does nothing. */
    public static final PasswordUpgrade OFF = new PasswordUpgrade();

    private final PasswordHasher.Format target;
    private final String targetName;
    private final Set<String> weak;
    private final AuxpropChain auxprops;
    private final SaslLog log;
    private final ExecutorService executor;
    private final PasswordHasher hasher = new PasswordHasher();
    /** Users with an upgrade queued or running, so a burst of logins queues one upgrade, not many. */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong upgraded = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** Test hook run on the background thread after hashing, just before the compare-and-set. */
    private volatile Consumer<CanonicalUser> beforeReplace = u -> { };

    private PasswordUpgrade() {
        this.target = null;
        this.targetName = null;
        this.weak = Set.of();
        this.auxprops = AuxpropChain.EMPTY;
        this.log = null;
        this.executor = null;
    }

    PasswordUpgrade(PasswordHasher.Format target, Set<String> weak, AuxpropChain auxprops, SaslLog log,
            ExecutorService executor) {
        this.target = target;
        this.targetName = formatName(target);
        this.weak = Set.copyOf(weak);
        this.auxprops = auxprops;
        this.log = log.forComponent(PasswordUpgrade.class);
        this.executor = executor;
    }

    /**
     * Reads {@code jsasl_rehash_on_login} and {@code jsasl_rehash_weak}: {@link #OFF} when the first
     * is not set.
     *
     * @param auxprops the context's property sources, one of which must be able to compare-and-set
     * @throws ConfigException for an unknown format, a configuration that cannot upgrade (not
     *     {@code password_format: crypt}, no source that can compare-and-set, yescrypt without
     *     libxcrypt), or a target format that is itself listed as weak
     */
    public static PasswordUpgrade of(SaslConfig config, SaslLog log, AuxpropChain auxprops) throws ConfigException {
        var value = config.get(KEY);
        if (value.isEmpty()) {
            return OFF;
        }
        PasswordHasher.Format target;
        switch (value.get().trim().toLowerCase(Locale.ROOT)) {
            case "yescrypt":
                target = PasswordHasher.Format.YESCRYPT;
                if (CryptFormat.YESCRYPT.algorithm().isEmpty()) {
                    throw config.error(KEY, "yescrypt needs the system's libxcrypt, which is not available here");
                }
                break;
            case "sha512":
                target = PasswordHasher.Format.SHA512;
                break;
            case "bcrypt":
                target = PasswordHasher.Format.BCRYPT;
                break;
            default:
                throw config.error(KEY, "unknown format '" + value.get() + "'; use yescrypt, sha512 or bcrypt");
        }
        if (PasswordFormat.of(config) != PasswordFormat.CRYPT) {
            // With cleartext (or crypt_trad) a stored hash would not be read as a hash: every
            // upgraded user would be locked out.
            throw config.error(KEY, "needs password_format: crypt");
        }
        if (!auxprops.canReplace()) {
            throw config.error(KEY, "needs pwcheck_method auxprop with a property source that can compare-and-set"
                    + " (for the sql auxprop: jsasl_rehash_update)");
        }
        Set<String> weak = new LinkedHashSet<>();
        List<String> words = config.get(WEAK_KEY).isPresent() ? config.words(WEAK_KEY) : DEFAULT_WEAK;
        for (String w : words) {
            String name = w.toLowerCase(Locale.ROOT);
            if (!FORMAT_NAMES.contains(name)) {
                throw config.error(WEAK_KEY, "unknown format '" + w + "'; known: " + new java.util.TreeSet<>(FORMAT_NAMES));
            }
            weak.add(name);
        }
        if (weak.contains(formatName(target))) {
            throw config.error(WEAK_KEY, "lists " + formatName(target) + ", the format of " + KEY
                    + ": every login would upgrade again");
        }
        log.note("password upgrade on login: {} to {}", weak, formatName(target));
        return new PasswordUpgrade(target, weak, auxprops, log, newExecutor());
    }

    /** One daemon thread, started on first use and ended when idle, with a bounded queue. */
    private static ExecutorService newExecutor() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE_CAPACITY), r -> {
                    Thread t = new Thread(r, "jsasl-rehash-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static String formatName(PasswordHasher.Format f) {
        return f == PasswordHasher.Format.YESCRYPT ? "yescrypt" : f == PasswordHasher.Format.BCRYPT ? "bcrypt" : "sha512";
    }

    /** Whether the upgrade is on. */
    public boolean enabled() {
        return executor != null;
    }

    /**
     * Called by the verifier after {@code password} matched {@code stored}: when the stored value's
     * format is weak, queues an upgrade with a copy of the password and returns at once. Never
     * throws and never blocks.
     */
    public void offer(CanonicalUser user, String stored, Password password) {
        if (executor == null || !weak.contains(formatOf(stored))) {
            return;
        }
        String key = user.authid();
        if (!inFlight.add(key)) {
            return;
        }
        byte[] copy = null;
        try {
            copy = Arrays.copyOf(password.bytes(), password.length());
            executor.execute(new Upgrade(user, stored, copy));
        } catch (RejectedExecutionException e) {
            if (copy != null) {
                Arrays.fill(copy, (byte) 0);
            }
            inFlight.remove(key);
            dropped.incrementAndGet();
            log.warn("password upgrade of {} dropped: the queue is full or the context closed (tried again at the"
                    + " next login)", SaslLog.quote(key));
        } catch (RuntimeException e) {
            if (copy != null) {
                Arrays.fill(copy, (byte) 0);
            }
            inFlight.remove(key);
            failed.incrementAndGet();
            log.err("password upgrade of {} not started ({})", SaslLog.quote(key), e.getClass().getSimpleName());
        }
    }

    /** One queued upgrade; owns the password copy and wipes it. */
    private final class Upgrade implements Runnable {
        private final CanonicalUser user;
        private final String stored;
        private final byte[] password;

        Upgrade(CanonicalUser user, String stored, byte[] password) {
            this.user = user;
            this.stored = stored;
            this.password = password;
        }

        @Override
        public void run() {
            String who = SaslLog.quote(user.authid());
            try {
                String fresh;
                try {
                    fresh = hasher.hash(target, password, 0);
                    // A hash this login could not verify would lock the user out: check before storing.
                    if (!(StoredPasswordCheck.verify(password, fresh) instanceof CryptCheck.Match)) {
                        failed.incrementAndGet();
                        log.err("password upgrade of {} to {}: the new hash does not verify; nothing stored", who,
                                targetName);
                        return;
                    }
                } finally {
                    Arrays.fill(password, (byte) 0);
                }
                beforeReplace.accept(user);
                PropertyStore r = auxprops.replace(user, AuxpropPlugin.USER_PASSWORD, stored, fresh);
                if (r instanceof PropertyStore.Stored) {
                    log.note("password of {} upgraded from {} to {}", who, formatOf(stored), targetName);
                    upgraded.incrementAndGet();
                } else if (r instanceof PropertyStore.Conflict) {
                    log.note("password of {} not upgraded: 0 rows updated, it was changed meanwhile, left alone", who);
                    conflicts.incrementAndGet();
                } else if (r instanceof PropertyStore.Unavailable u) {
                    log.err("password upgrade of {} failed: {} (tried again at the next login)", who, u.reason());
                    failed.incrementAndGet();
                } else {
                    log.err("password upgrade of {} failed: {}", who, ((PropertyStore.NotSupported) r).reason());
                    failed.incrementAndGet();
                }
            } catch (InvalidSettingException | RuntimeException e) {
                // Only the class: a message could come from anywhere, and nothing here may show a hash.
                log.err("password upgrade of {} failed ({}; tried again at the next login)", who,
                        e.getClass().getSimpleName());
                failed.incrementAndGet();
            } finally {
                Arrays.fill(password, (byte) 0);
                inFlight.remove(user.authid());
            }
        }

        void discard() {
            Arrays.fill(password, (byte) 0);
            inFlight.remove(user.authid());
        }
    }

    /**
     * The format of a stored value, as {@code jsasl_rehash_weak} names it: {@code des}, {@code bsdi},
     * {@code md5}, {@code apr1}, {@code nt}, {@code sha256}, {@code sha512}, {@code bcrypt},
     * {@code yescrypt}, {@code gost-yescrypt}, {@code scrypt}, {@code sunmd5}, {@code sha1crypt},
     * {@code cleartext} ({@code {PLAIN}}, {@code {CLEARTEXT}}, {@code {CLEAR}}), {@code digest}
     * (Dovecot's {@code {SHA}}, {@code {SSHA}}, ...), {@code scram}; {@code unknown} otherwise.
     */
    public static String formatOf(String stored) {
        if (ScramSecret.looksLikeScram(stored)) {
            return "scram";
        }
        var scheme = DovecotScheme.parse(stored);
        if (scheme.isPresent()) {
            String s = scheme.get().scheme();
            if (s.equals("PLAIN") || s.equals("CLEARTEXT") || s.equals("CLEAR")) {
                return "cleartext";
            }
            if (s.endsWith("CRYPT")) {
                return cryptFormatOf(scheme.get().payload());
            }
            return "digest";
        }
        return cryptFormatOf(stored);
    }

    private static String cryptFormatOf(String hash) {
        String[][] prefixes = {{"$1$", "md5"}, {"$apr1$", "apr1"}, {"$3$", "nt"}, {"$5$", "sha256"}, {"$6$", "sha512"},
            {"$2a$", "bcrypt"}, {"$2b$", "bcrypt"}, {"$2y$", "bcrypt"}, {"$2x$", "bcrypt"}, {"$y$", "yescrypt"},
            {"$gy$", "gost-yescrypt"}, {"$7$", "scrypt"}, {"$md5", "sunmd5"}, {"$sha1$", "sha1crypt"}, {"_", "bsdi"}};
        for (String[] p : prefixes) {
            if (hash.startsWith(p[0])) {
                return p[1];
            }
        }
        return StoredPasswordCheck.isTraditionalDes(hash) ? "des" : "unknown";
    }

    /** Upgrades stored so far. */
    public long upgraded() {
        return upgraded.get();
    }

    /** Upgrades left alone because the stored value had changed meanwhile. */
    public long conflicts() {
        return conflicts.get();
    }

    /** Upgrades that failed (logged; tried again at the next login). */
    public long failed() {
        return failed.get();
    }

    /** Upgrades dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Upgrades queued or running. */
    public int pending() {
        return inFlight.size();
    }

    /** Test hook: runs on the background thread after hashing, just before the compare-and-set. */
    void beforeReplace(Consumer<CanonicalUser> hook) {
        beforeReplace = hook == null ? u -> { } : hook;
    }

    /** Stops the background thread; queued upgrades are dropped and their password copies wiped. */
    @Override
    public void close() {
        if (executor != null) {
            for (Runnable r : executor.shutdownNow()) {
                if (r instanceof Upgrade u) {
                    u.discard();
                }
            }
        }
    }

    @Override
    public String toString() {
        return executor == null ? "PasswordUpgrade[off]" : "PasswordUpgrade[" + weak + " to " + targetName + "]";
    }
}
