package org.jsasl.throttle;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code jsasl_throttle: local}: failure counters in this process' memory, per user and per client
 * address, in the sliding slots of {@link ThrottleLimits}. At most {@link ThrottleLimits#entries()}
 * users and addresses are kept; past that the one updated or checked longest ago is forgotten, so an
 * attacker who sprays addresses costs a bounded amount of memory (and forgets its own oldest
 * counters first). One lock guards the table: every operation is a few array reads, far cheaper
 * than the password check it saves.
 */
public final class LocalThrottle implements Throttle {

    private final ThrottleLimits limits;
    private final Clock clock;
    private final Map<String, Counter> counters;

    /**
     * @param limits the limits and window
     * @param clock the time source (tests pass a fake one)
     */
    public LocalThrottle(ThrottleLimits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        int cap = limits.entries();
        this.counters = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                return size() > cap;
            }
        };
    }

    /** The key of a user's counter; user names are folded to lower case so that case tricks do not multiply guesses. */
    static String userKey(String user) {
        return "u:" + user.toLowerCase(Locale.ROOT);
    }

    /** The key of an address' counter. */
    static String addressKey(String address) {
        return "a:" + address;
    }

    @Override
    public Verdict check(String user, String address) {
        long slot = limits.slot(clock.millis());
        synchronized (counters) {
            if (over(userKey(user), limits.userFailures(), slot)) {
                return Verdict.blocked("too many failures for this user");
            }
            if (address != null && over(addressKey(address), limits.addressFailures(), slot)) {
                return Verdict.blocked("too many failures from this address");
            }
        }
        return Verdict.ALLOWED;
    }

    private boolean over(String key, int limit, long slot) {
        if (limit == 0) {
            return false;
        }
        Counter c = counters.get(key);
        return c != null && c.count(slot) >= limit;
    }

    @Override
    public void failure(String user, String address) {
        long slot = limits.slot(clock.millis());
        synchronized (counters) {
            if (limits.userFailures() > 0) {
                counters.computeIfAbsent(userKey(user), k -> new Counter()).add(slot);
            }
            if (address != null && limits.addressFailures() > 0) {
                counters.computeIfAbsent(addressKey(address), k -> new Counter()).add(slot);
            }
        }
    }

    /** The failures of {@code user} in the current window. */
    public int userFailures(String user) {
        return count(userKey(user));
    }

    /** The failures from {@code address} in the current window. */
    public int addressFailures(String address) {
        return count(addressKey(address));
    }

    private int count(String key) {
        long slot = limits.slot(clock.millis());
        synchronized (counters) {
            Counter c = counters.get(key);
            return c == null ? 0 : c.count(slot);
        }
    }

    /** How many users and addresses have counters now (at most {@link ThrottleLimits#entries()}). */
    public int size() {
        synchronized (counters) {
            return counters.size();
        }
    }

    /** The limits this throttle applies. */
    public ThrottleLimits limits() {
        return limits;
    }

    @Override
    public String toString() {
        return "LocalThrottle[" + limits.userFailures() + " per user, " + limits.addressFailures() + " per address, "
                + limits.window() + "]";
    }

    /** Failures per slot, in a ring of {@link ThrottleLimits#SLOTS} slots. */
    private static final class Counter {
        private final long[] slots = new long[ThrottleLimits.SLOTS];
        private final int[] counts = new int[ThrottleLimits.SLOTS];

        Counter() {
            java.util.Arrays.fill(slots, Long.MIN_VALUE);
        }

        void add(long slot) {
            int i = (int) Math.floorMod(slot, (long) ThrottleLimits.SLOTS);
            if (slots[i] != slot) {
                slots[i] = slot;
                counts[i] = 0;
            }
            if (counts[i] < Integer.MAX_VALUE) {
                counts[i]++;
            }
        }

        int count(long slot) {
            long sum = 0;
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] <= slot && slots[i] > slot - ThrottleLimits.SLOTS) {
                    sum += counts[i];
                }
            }
            return (int) Math.min(sum, Integer.MAX_VALUE);
        }
    }
}
