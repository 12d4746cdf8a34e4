package org.jsasl.pwcheck;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;

/**
 * {@code pwcheck_method: auxprop}: fetches the user's {@code userPassword} from the property
 * sources and compares it with the password, in constant time, according to
 * {@code password_format}.
 */
public final class AuxpropVerifier implements PasswordVerifier {

    private static final Set<String> REQUEST = Set.of(AuxpropPlugin.USER_PASSWORD);

    private final AuxpropChain auxprops;
    private final StoredPasswordMatcher matcher;

    /**
     * @param auxprops where {@code userPassword} comes from
     * @param matcher how a stored value is compared with a password
     */
    public AuxpropVerifier(AuxpropChain auxprops, StoredPasswordMatcher matcher) {
        this.auxprops = auxprops;
        this.matcher = matcher;
    }

    @Override
    public VerifyResult verify(VerifyRequest request) {
        PropertyLookup lookup = auxprops.lookup(request.user(), REQUEST);
        if (lookup instanceof PropertyLookup.Unavailable u) {
            return new VerifyResult.Unavailable(u.reason(), u.cause());
        }
        if (lookup instanceof PropertyLookup.Refused r) {
            return new VerifyResult.Rejected("refused: " + r.reason());
        }
        if (!(lookup instanceof PropertyLookup.Found found)) {
            return new VerifyResult.Rejected("no such user");
        }
        List<String> values = found.values().get(AuxpropPlugin.USER_PASSWORD);
        if (values == null || values.isEmpty()) {
            return new VerifyResult.Rejected("user has no password");
        }
        return matcher.match(values.get(0), request.password());
    }

    @Override
    public Optional<String> realmIgnored() {
        return auxprops.realmIgnored();
    }

    /** Compares a stored {@code userPassword} value with a password. */
    @FunctionalInterface
    public interface StoredPasswordMatcher {

        /** Accepted when the password matches, Rejected otherwise (including unusable stored values). */
        VerifyResult match(String stored, Password password);

        /** Cyrus' comparison, but in constant time: the stored value is the password. */
        StoredPasswordMatcher CLEARTEXT = (stored, password) -> {
            byte[] expected = stored.getBytes(StandardCharsets.UTF_8);
            try {
                return password.matches(expected) ? VerifyResult.accepted() : new VerifyResult.Rejected("wrong password");
            } finally {
                Arrays.fill(expected, (byte) 0);
            }
        };
    }
}
