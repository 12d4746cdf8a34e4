package org.jsasl.pwcheck;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.PropertyLookup;
import org.jsasl.secret.Credential;
import org.jsasl.secret.CredentialKind;
import org.jsasl.secret.CredentialSupport;
import org.jsasl.secret.ScramHash;
import org.jsasl.secret.ScramSecret;
import org.jsasl.crypt.DovecotScheme;
import org.jsasl.server.CanonicalUser;

/**
 * {@code pwcheck_method: auxprop}: fetches the user's {@code userPassword} from the property
 * sources and compares it with the password, in constant time, according to
 * {@code password_format}. It also hands the stored value to challenge-response mechanisms: the
 * cleartext when {@code password_format} is cleartext, and with {@code crypt}, a value holding SCRAM
 * keys ({@code {SCRAM-SHA-256}...} or {@code SCRAM-SHA-256$...}) or a {@code {PLAIN}} password.
 */
public final class AuxpropVerifier implements PasswordVerifier {

    private static final Set<String> REQUEST = Set.of(AuxpropPlugin.USER_PASSWORD);

    private final AuxpropChain auxprops;
    private final PasswordFormat format;
    private final StoredPasswordMatcher matcher;
    private final PasswordUpgrade upgrade;

    /**
     * @param auxprops where {@code userPassword} comes from
     * @param format how {@code userPassword} is stored
     */
    public AuxpropVerifier(AuxpropChain auxprops, PasswordFormat format) {
        this(auxprops, format, PasswordUpgrade.OFF);
    }

    /**
     * @param auxprops where {@code userPassword} comes from
     * @param format how {@code userPassword} is stored
     * @param upgrade told of every accepted password with the stored value it matched
     */
    public AuxpropVerifier(AuxpropChain auxprops, PasswordFormat format, PasswordUpgrade upgrade) {
        this.auxprops = auxprops;
        this.format = format;
        this.matcher = format.matcher();
        this.upgrade = upgrade;
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
        String stored = values.get(0);
        VerifyResult result = matcher.match(stored, request.password());
        if (result instanceof VerifyResult.Accepted) {
            // Here, and only here, both the proven password and the stored value it matched are
            // at hand; the upgrade copies what it needs and returns at once.
            upgrade.offer(request.user(), stored, request.password());
        }
        return result;
    }

    @Override
    public CredentialSupport credentialSupport(CredentialKind kind) {
        switch (format) {
            case CLEARTEXT:
                return CredentialSupport.ALL_USERS;
            case CRYPT:
                // A crypt table may hold SCRAM keys for some users; cleartext only as a rare {PLAIN}
                // value, which is not enough to offer CRAM-MD5 to everyone.
                return kind.scramHash().isPresent() ? CredentialSupport.SOME_USERS : CredentialSupport.NONE;
            default:
                return CredentialSupport.NONE;
        }
    }

    @Override
    public CredentialResult credential(CanonicalUser user, CredentialKind kind) {
        if (credentialSupport(kind) == CredentialSupport.NONE && format != PasswordFormat.CRYPT) {
            return new CredentialResult.Missing("password_format " + format.name().toLowerCase(java.util.Locale.ROOT)
                    + " holds no usable credential");
        }
        PropertyLookup lookup = auxprops.lookup(user, REQUEST);
        if (lookup instanceof PropertyLookup.Unavailable u) {
            return new CredentialResult.Unavailable(u.reason(), u.cause());
        }
        if (lookup instanceof PropertyLookup.Refused r) {
            return new CredentialResult.Missing("refused: " + r.reason());
        }
        if (!(lookup instanceof PropertyLookup.Found found)) {
            return new CredentialResult.Missing("no such user");
        }
        List<String> values = found.values().get(AuxpropPlugin.USER_PASSWORD);
        if (values == null || values.isEmpty()) {
            return new CredentialResult.Missing("user has no password");
        }
        String stored = values.get(0);
        if (format == PasswordFormat.CLEARTEXT) {
            return found(cleartext(stored));
        }
        return fromCryptValue(stored, kind);
    }

    /** A crypt-format value: SCRAM keys of the right hash, a {PLAIN} password, or nothing usable. */
    private static CredentialResult fromCryptValue(String stored, CredentialKind kind) {
        if (ScramSecret.looksLikeScram(stored)) {
            ScramSecret secret;
            try {
                secret = ScramSecret.parse(stored);
            } catch (IllegalArgumentException e) {
                return new CredentialResult.Missing("malformed SCRAM secret: " + e.getMessage());
            }
            ScramHash wanted = kind.scramHash().orElse(null);
            if (secret.hash() != wanted) {
                secret.wipe();
                return new CredentialResult.Missing("stored value holds " + secret.hash().mechanism()
                        + " keys, not " + (wanted == null ? "a cleartext password" : wanted.mechanism() + " keys"));
            }
            return found(new Credential.Scram(secret));
        }
        var scheme = DovecotScheme.parse(stored);
        if (scheme.isPresent() && scheme.get().encoding() == DovecotScheme.Encoding.GUESS
                && List.of("PLAIN", "CLEARTEXT", "CLEAR").contains(scheme.get().scheme())) {
            return found(cleartext(scheme.get().payload()));
        }
        return new CredentialResult.Missing("stored value is a password hash, which cannot answer a challenge");
    }

    private static Credential cleartext(String stored) {
        byte[] bytes = stored.getBytes(StandardCharsets.UTF_8);
        try {
            return new Credential.Cleartext(Password.copyOf(bytes, 0, bytes.length));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static CredentialResult found(Credential credential) {
        return new CredentialResult.Found(credential, java.util.Map.of());
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
