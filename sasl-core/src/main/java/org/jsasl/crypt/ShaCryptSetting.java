package org.jsasl.crypt;

/**
 * A SHA-crypt setting ({@code $5$} or {@code $6$}) as libxcrypt reads it: an optional
 * {@code rounds=N$}, then the salt, which is everything up to the next {@code $} or the end, cut to
 * 16 characters. Any character allowed in a setting may appear in the salt, and it may be empty.
 *
 * @param rounds the number of rounds, 5000 unless given
 * @param explicitRounds whether {@code rounds=} was written, which the hash repeats
 * @param salt the salt as it is hashed and printed
 */
record ShaCryptSetting(int rounds, boolean explicitRounds, String salt) {

    static final int DEFAULT_ROUNDS = 5000;
    static final int MIN_ROUNDS = 1000;
    static final int MAX_ROUNDS = 999_999_999;
    static final int MAX_SALT_CHARS = 16;

    private static final String ROUNDS = "rounds=";
    private static final int MAX_ROUNDS_DIGITS = 9;

    /**
     * Reads {@code setting}, which must start with {@code prefix} ({@code $5$} or {@code $6$}).
     *
     * @throws InvalidSettingException where libxcrypt refuses: a forbidden character anywhere, a
     *     rounds count that is empty, not decimal, has a leading zero, is outside 1000..999999999 or
     *     is not followed by {@code $}
     */
    static ShaCryptSetting parse(String prefix, String setting) throws InvalidSettingException {
        CryptLimits.checkSetting(setting);
        if (!setting.startsWith(prefix)) {
            throw new InvalidSettingException("setting does not start with " + prefix);
        }
        int at = prefix.length();
        int rounds = DEFAULT_ROUNDS;
        boolean explicit = false;
        if (setting.startsWith(ROUNDS, at)) {
            int digits = at + ROUNDS.length();
            int end = digits;
            while (end < setting.length() && setting.charAt(end) >= '0' && setting.charAt(end) <= '9') {
                end++;
            }
            if (end == digits || end == setting.length() || setting.charAt(end) != '$') {
                throw new InvalidSettingException("rounds= must be followed by a decimal count and '$'");
            }
            if (setting.charAt(digits) == '0') {
                throw new InvalidSettingException("rounds count has a leading zero");
            }
            // Nine digits fit an int; more would be over the maximum anyway.
            if (end - digits > MAX_ROUNDS_DIGITS) {
                throw new InvalidSettingException("rounds count is above " + MAX_ROUNDS);
            }
            rounds = Integer.parseInt(setting, digits, end, 10);
            if (rounds < MIN_ROUNDS) {
                throw new InvalidSettingException("rounds count is below " + MIN_ROUNDS);
            }
            explicit = true;
            at = end + 1;
        }
        int end = setting.indexOf('$', at);
        if (end < 0) {
            end = setting.length();
        }
        return new ShaCryptSetting(rounds, explicit, setting.substring(at, Math.min(end, at + MAX_SALT_CHARS)));
    }
}
