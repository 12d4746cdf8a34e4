package org.jsasl.pwcheck.unix;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jsasl.pwcheck.PasswordVerifier;
import org.jsasl.pwcheck.VerifyResult;

/**
 * A password verifier that asks a daemon over a UNIX socket, one request per connection: the
 * exchange, its bounds, "unavailable" for every transport failure, and wiping the request and
 * reply (both hold the password) whatever happens. Subclasses build the request and read the verdict.
 */
public abstract class DaemonVerifier implements PasswordVerifier {

    private final String daemon;
    private final Path socket;
    private final DaemonTimeouts timeouts;

    /**
     * @param daemon its name in messages ({@code authdaemond})
     * @param socket its socket
     * @param timeouts connect, write and read bounds
     */
    protected DaemonVerifier(String daemon, Path socket, DaemonTimeouts timeouts) {
        this.daemon = daemon;
        this.socket = socket;
        this.timeouts = timeouts;
    }

    /**
     * Sends {@code request} (wiped afterwards) and turns the reply into a verdict.
     *
     * @param maxReply the most bytes a reply may have
     * @param complete whether the bytes so far are a whole reply
     * @param verdict reads a whole reply
     */
    protected final VerifyResult ask(byte[] request, int maxReply, Predicate<ByteBuffer> complete,
            Function<byte[], VerifyResult> verdict) {
        byte[] reply = null;
        try {
            reply = UnixSocketExchange.exchange(socket, request, timeouts, maxReply, complete);
            return verdict.apply(reply);
        } catch (UnixSocketExchange.ExchangeException e) {
            return new VerifyResult.Unavailable(daemon + " " + e.getMessage(), e);
        } finally {
            Arrays.fill(request, (byte) 0);
            if (reply != null) {
                Arrays.fill(reply, (byte) 0);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + socket + "]";
    }
}
