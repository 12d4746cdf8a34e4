package org.jsasl;

/**
 * The attempt was refused before any password backend was asked, because the user or the client
 * address failed too often within the throttle's window ({@code jsasl_throttle}); or the shared
 * throttle could not be asked and is configured to refuse then. A {@link SaslUnavailableException},
 * so a caller that knows nothing of throttling answers it as a temporary failure (454 4.7.0); one
 * that does can say why ("too many failures, try later"). The right password does not get in while
 * it holds.
 */
public class SaslThrottledException extends SaslUnavailableException {
    private static final long serialVersionUID = 1L;

    /** @param detail why; never a password */
    public SaslThrottledException(String detail) {
        super(detail);
    }
}
