package org.jsasl.examples.cli;

/**
 * A command line that cannot run as given: a wrong or missing argument, an unreadable or invalid
 * configuration file, or unusable input. {@link JsaslCli} prints its message after {@code jsasl: }
 * and exits {@value JsaslCli#EX_USAGE}.
 */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong; never contains a password */
    UsageException(String message) {
        super(message);
    }

    /** @param message what is wrong; never contains a password
     *  @param cause the underlying error */
    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
