package org.jsasl.examples.cli;

/**
 * The result of checking one user's password, as {@code jsasl check} prints it: {@code OK},
 * {@code NO: reason} (rejected) or {@code TEMPFAIL: reason} (the backend could not decide).
 *
 * @param outcome which of the three it is
 * @param reason why, for NO and TEMPFAIL; empty for OK; one line, never a password
 */
record Verdict(Outcome outcome, String reason) {

    /** The three outcomes, in increasing order of severity, with their exit statuses. */
    public enum Outcome {
        /** The password is right. */
        OK(0),
        /** The password is wrong, the user unknown, or the exchange failed. */
        NO(1),
        /** Nothing is known: try again later. */
        TEMPFAIL(2);

        private final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The exit status {@code jsasl check} ends with for this outcome. */
        public int exitCode() {
            return exitCode;
        }
    }

    public Verdict {
        reason = outcome == Outcome.OK ? "" : oneLine(reason);
    }

    /** The password was accepted. */
    public static Verdict ok() {
        return new Verdict(Outcome.OK, "");
    }

    /** The password was rejected, or the exchange failed, for {@code reason}. */
    public static Verdict no(String reason) {
        return new Verdict(Outcome.NO, reason);
    }

    /** The backend could not decide, for {@code reason}. */
    public static Verdict tempfail(String reason) {
        return new Verdict(Outcome.TEMPFAIL, reason);
    }

    /** The line printed for this verdict, without a line end. */
    public String line() {
        return outcome == Outcome.OK ? "OK" : outcome + ": " + reason;
    }

    /** The exit status for this verdict alone. */
    public int exitCode() {
        return outcome.exitCode();
    }

    /** Callers parse our output line by line, so a reason must never break a line. */
    private static String oneLine(String reason) {
        if (reason == null || reason.isBlank()) {
            return "unknown reason";
        }
        StringBuilder sb = new StringBuilder(reason.length());
        for (int i = 0; i < reason.length(); i++) {
            char c = reason.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        return sb.toString().trim();
    }
}
