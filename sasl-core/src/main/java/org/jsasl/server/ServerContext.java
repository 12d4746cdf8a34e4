package org.jsasl.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import javax.security.auth.callback.CallbackHandler;
import org.jsasl.auxprop.AuxpropChain;
import org.jsasl.auxprop.AuxpropPlugin;
import org.jsasl.auxprop.AuxpropPluginFactory;
import org.jsasl.config.ConfigException;
import org.jsasl.config.ConfigReader;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.ChannelBindings;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.jsasl.auxprop.PropertyStore;
import org.jsasl.crypt.InvalidSettingException;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.pwcheck.Password;
import org.jsasl.pwcheck.PasswordFormat;
import org.jsasl.pwcheck.PasswordUpgrade;
import org.jsasl.pwcheck.PasswordVerifier;
import org.jsasl.pwcheck.PasswordVerifierFactory;
import org.jsasl.pwcheck.VerifierChain;
import org.jsasl.pwcheck.cache.AuthCacheSettings;
import org.jsasl.pwcheck.cache.CachedVerification;
import org.jsasl.throttle.Throttle;
import org.jsasl.throttle.Throttles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A configured SASL server, as {@code sasl_server_init} makes one in Cyrus: built once from an
 * {@code smtpd.conf}-style configuration and shared by every session. It owns the password
 * verifiers ({@code pwcheck_method}) and property sources ({@code auxprop_plugin}) with their pools
 * and sockets, knows the enabled mechanisms ({@code mech_list}) and the {@code log_level}. It is
 * thread-safe; close it to release its connections.
 */
public final class ServerContext implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServerContext.class);

    /** Cyrus' default {@code pwcheck_method}. */
    public static final String DEFAULT_PWCHECK = "auxprop";

    private final SaslConfig config;
    private final SaslLog log;
    private final List<SaslMechanism> mechanisms;
    private final AuxpropChain auxprops;
    private final VerifierChain verifiers;
    private final RealmList realms;
    private final java.time.Duration failureDelay;
    private final CachedVerification authCache;
    private final Throttle throttle;
    private final PasswordUpgrade passwordUpgrade;
    private volatile boolean closed;

    private ServerContext(SaslConfig config, SaslLog log, List<SaslMechanism> mechanisms, AuxpropChain auxprops,
            VerifierChain verifiers, RealmList realms, java.time.Duration failureDelay, CachedVerification authCache,
            Throttle throttle, PasswordUpgrade passwordUpgrade) {
        this.throttle = throttle;
        this.config = config;
        this.failureDelay = failureDelay;
        this.log = log;
        this.mechanisms = mechanisms;
        this.auxprops = auxprops;
        this.verifiers = verifiers;
        this.realms = realms;
        this.authCache = authCache;
        this.passwordUpgrade = passwordUpgrade;
    }

    /** Reads {@code file} and builds a context from it. */
    public static ServerContext load(Path file) throws ConfigException {
        return create(ConfigReader.read(file));
    }

    /** Builds a context from configuration, with every installed mechanism available. */
    public static ServerContext create(SaslConfig config) throws ConfigException {
        return create(config, Mechanisms.installed());
    }

    /**
     * Builds a context from configuration with the given mechanisms available.
     *
     * @throws ConfigException when an option is wrong or no password verifier can be made
     */
    public static ServerContext create(SaslConfig config, List<SaslMechanism> installed) throws ConfigException {
        int level = config.integer("log_level", SaslLog.DEFAULT_LEVEL, 0, 7);
        SaslLog log = SaslLog.of(ServerContext.class, level);
        List<SaslMechanism> mechanisms = MechList.select(config, installed);
        for (SaslMechanism m : mechanisms) {
            m.checkOptions(config);
        }
        RealmList realms = RealmList.of(config);
        // Read before any pool or socket opens, so that a bad value leaves nothing to close.
        java.time.Duration failureDelay = FailureDelay.of(config);
        AuthCacheSettings cacheSettings = AuthCacheSettings.of(config);
        List<String> methods = pwcheckMethods(config);
        AuxpropChain auxprops = methods.contains("auxprop") ? auxprops(config, log) : AuxpropChain.EMPTY;
        Map<String, PasswordVerifier> made = new LinkedHashMap<>();
        Throttle throttle = Throttle.NONE;
        PasswordUpgrade upgrade = PasswordUpgrade.OFF;
        try {
            throttle = Throttles.create(new PluginContext(config, log, AuxpropChain.EMPTY));
            upgrade = PasswordUpgrade.of(config, log, auxprops);
            PluginContext context = new PluginContext(config, log, auxprops, upgrade);
            for (String method : methods) {
                PasswordVerifierFactory f = Plugins.verifierFactories().get(method);
                made.put(method, f.create(context));
            }
        } catch (ConfigException | RuntimeException e) {
            made.values().forEach(PasswordVerifier::close);
            upgrade.close();
            auxprops.close();
            throttle.close();
            throw e;
        }
        VerifierChain verifiers = new VerifierChain(made);
        mechanisms = MechanismOffer.servable(config, mechanisms, verifiers);
        warnIfRealmsAreIgnored(config, realms, verifiers);
        log.note("server context ready: pwcheck_method={}, mechanisms={}", methods, names(mechanisms));
        return new ServerContext(config, log, mechanisms, auxprops, verifiers, realms, failureDelay,
                CachedVerification.create(cacheSettings, log.forComponent(CachedVerification.class)), throttle, upgrade);
    }

    /**
     * Warns once, at start-up, when a realm the client names can reach a lookup that ignores it:
     * there {@code user@anything.example} logs in with user's password and becomes the authorization
     * identity, which a server that trusts identities for sender checks would believe.
     */
    private static void warnIfRealmsAreIgnored(SaslConfig config, RealmList realms, VerifierChain verifiers) {
        List<String> blind = verifiers.realmIgnored();
        if (blind.isEmpty()) {
            return;
        }
        if (!realms.restricted()) {
            LOG.warn("{}: {}: any realm a client names reaches this lookup, so user@anything.example logs in"
                    + " with user's password as the authorization identity user@anything.example; list the realms"
                    + " you serve in {} (or '{}: {}' for bare user names only)", where(config),
                    String.join("; ", blind), RealmList.KEY, RealmList.KEY, RealmList.NONE);
        } else if (realms.realms().size() > 1) {
            LOG.warn("{}: {}: the realms of {} {} all reach the same accounts (user@one and user@other share"
                    + " one password)", where(config), String.join("; ", blind), RealmList.KEY,
                    new TreeSet<>(realms.realms()));
        }
    }

    private static List<String> pwcheckMethods(SaslConfig config) throws ConfigException {
        List<String> words = config.get("pwcheck_method").isPresent()
                ? config.words("pwcheck_method") : List.of(DEFAULT_PWCHECK);
        List<String> methods = installedNames(config, "pwcheck_method", words, Plugins.verifierFactories().keySet());
        if (methods.isEmpty()) {
            throw config.error("pwcheck_method", "no installed password verifier among " + words
                    + " (installed: " + Plugins.verifierFactories().keySet() + ")");
        }
        return methods;
    }

    /** The names among {@code words} that are installed, lower-cased, in order, once each; others are warned about. */
    private static List<String> installedNames(SaslConfig config, String key, List<String> words,
            java.util.Set<String> installed) {
        List<String> names = new ArrayList<>();
        for (String w : words) {
            String name = w.toLowerCase(Locale.ROOT);
            if (!installed.contains(name)) {
                LOG.warn("{}: {} '{}' is not installed; skipped (installed: {})", where(config), key, w, installed);
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }

    private static AuxpropChain auxprops(SaslConfig config, SaslLog log) throws ConfigException {
        boolean listed = config.get("auxprop_plugin").isPresent();
        List<String> names = listed
                ? installedNames(config, "auxprop_plugin", config.words("auxprop_plugin"),
                        Plugins.auxpropFactories().keySet())
                : List.copyOf(Plugins.auxpropFactories().keySet());
        List<AuxpropPlugin> plugins = new ArrayList<>();
        PluginContext context = new PluginContext(config, log, AuxpropChain.EMPTY);
        try {
            for (String name : names) {
                AuxpropPluginFactory f = Plugins.auxpropFactories().get(name);
                var plugin = f.create(context);
                if (plugin.isPresent()) {
                    plugins.add(plugin.get());
                } else if (listed) {
                    throw config.error("auxprop_plugin", "plugin '" + name + "' is listed but not configured");
                }
            }
        } catch (ConfigException | RuntimeException e) {
            plugins.forEach(AuxpropPlugin::close);
            throw e;
        }
        return new AuxpropChain(plugins);
    }

    /** The configuration this context was built from. */
    public SaslConfig config() {
        return config;
    }

    /**
     * How long a server waits before it answers a failed authentication ({@code jsasl_failure_delay};
     * zero, the default, answers at once). jsasl does not wait itself: the server schedules its reply
     * with {@link FailureDelay#after}, so no thread waits.
     */
    public java.time.Duration failureDelay() {
        return failureDelay;
    }

    /** The log filtered by this context's {@code log_level}. */
    public SaslLog log() {
        return log;
    }

    /**
     * The enabled mechanisms ({@code mech_list} applied) that the verifiers can serve, in order; see
     * {@link MechanismOffer}. Per-connection conditions (channel binding, an external identity) are
     * not applied here.
     */
    public List<SaslMechanism> mechanisms() {
        return mechanisms;
    }

    /** The enabled mechanisms that {@code policy} permits on a connection without channel binding or external identity. */
    public List<String> mechanismNames(SecurityPolicy policy) {
        return mechanismNames(policy, ChannelBindings.NONE, false);
    }

    /**
     * The mechanisms to offer on one connection, in order: enabled, servable, permitted by {@code policy},
     * {@code -PLUS} variants only with {@code bindings}, EXTERNAL only with an external identity.
     */
    public List<String> mechanismNames(SecurityPolicy policy, ChannelBindings bindings, boolean externalIdentity) {
        List<String> out = new ArrayList<>();
        for (SaslMechanism m : mechanisms) {
            if (policy.permits(m) && MechanismOffer.availableOn(m, bindings, externalIdentity)) {
                out.add(m.name());
            }
        }
        return out;
    }

    /** The {@code pwcheck_method} names in the order they are tried. */
    public List<String> passwordVerifiers() {
        return verifiers.names();
    }

    /** The property sources ({@code auxprop_plugin}), empty unless {@code pwcheck_method} uses auxprop. */
    public AuxpropChain auxprops() {
        return auxprops;
    }

    /** The realms clients may name ({@code realm_list}). */
    public RealmList realms() {
        return realms;
    }

    /** The password upgrade on login ({@code jsasl_rehash_on_login}); {@link PasswordUpgrade#OFF} when not set. */
    public PasswordUpgrade passwordUpgrade() {
        return passwordUpgrade;
    }

    /** The password verifiers, for callers that check passwords without a SASL exchange. */
    public VerifierChain verifiers() {
        return verifiers;
    }

    /**
     * The authentication cache ({@code jsasl_auth_cache_*}) that password checks of
     * {@link #authenticator} sessions go through; {@link CachedVerification#OFF} unless configured.
     */
    public CachedVerification authCache() {
        return authCache;
    }

    /**
     * The authenticator a mechanism uses for one session.
     *
     * @param service the SASL service ({@code smtp})
     * @param serverName the server's name (default realm)
     * @param userRealm the realm appended to bare user names, or null
     * @param callbackHandler asked to allow a different authorization identity, or null to allow none
     */
    public Authenticator authenticator(String service, String serverName, String userRealm,
            CallbackHandler callbackHandler) {
        return authenticator(service, serverName, userRealm, callbackHandler, null);
    }

    /**
     * As {@link #authenticator(String, String, String, CallbackHandler)}, for a client whose address
     * is known: the throttle ({@code jsasl_throttle}) counts its failures per address as well as per
     * user.
     *
     * @param clientAddress the client's IP address as text ({@code org.jsasl.client.address}), or null
     */
    public Authenticator authenticator(String service, String serverName, String userRealm,
            CallbackHandler callbackHandler, String clientAddress) {
        return new ConfiguredAuthenticator(this, service, new UserCanonicalizer(userRealm, serverName),
                callbackHandler, new ThrottleGate(throttle, log, clientAddress));
    }

    /** The brute-force throttle ({@code jsasl_throttle}); {@link Throttle#NONE} when off. */
    public Throttle throttle() {
        return throttle;
    }

    /**
     * Sets a user's password in the property sources, as Cyrus' {@code saslpasswd2} does through
     * {@code sql_insert}/{@code sql_update}: hashed with SHA-512-crypt when {@code password_format}
     * is {@code crypt} (DES for {@code crypt_trad}), as it is for cleartext.
     *
     * @param userName the user, canonicalised as at login
     * @param serverName the server's name (default realm)
     * @param userRealm the realm appended to bare names, or null
     * @param password the new password; not kept
     */
    public PropertyStore setPassword(String userName, String serverName, String userRealm, Password password) {
        return setPassword(userName, serverName, userRealm, password, null);
    }

    /**
     * As {@link #setPassword(String, String, String, Password)}, with the hash chosen: any crypt(3)
     * format, or a SCRAM secret ({@code SCRAM_SHA_256} and the others, in Dovecot's form) so that the
     * user can log in with SCRAM and, as with any hash, PLAIN and LOGIN. Only for
     * {@code password_format: crypt}, the format that reads {@code {SCHEME}} values back.
     *
     * @param format the hash, or null for the default of {@code password_format}
     */
    public PropertyStore setPassword(String userName, String serverName, String userRealm, Password password,
            PasswordHasher.Format format) {
        CanonicalUser user;
        try {
            user = new UserCanonicalizer(userRealm, serverName).canonicalize(userName);
        } catch (IllegalArgumentException e) {
            return new PropertyStore.NotSupported(e.getMessage());
        }
        String value;
        try {
            PasswordFormat stored = PasswordFormat.of(config);
            if (format != null && stored != PasswordFormat.CRYPT) {
                return new PropertyStore.NotSupported("choosing the hash needs password_format: crypt (this"
                        + " configuration has " + stored.name().toLowerCase(Locale.ROOT) + ")");
            }
            switch (stored) {
                case CRYPT:
                    value = new PasswordHasher().hash(format == null ? PasswordHasher.Format.SHA512 : format,
                            password.bytes(), 0);
                    break;
                case CRYPT_TRAD:
                    value = new PasswordHasher().hash(PasswordHasher.Format.DES, password.bytes(), 0);
                    break;
                default:
                    char[] chars = password.toChars();
                    if (chars == null) {
                        return new PropertyStore.NotSupported("a cleartext password must be UTF-8");
                    }
                    value = new String(chars);
                    java.util.Arrays.fill(chars, '\0');
            }
        } catch (ConfigException | InvalidSettingException e) {
            return new PropertyStore.NotSupported(e.getMessage());
        }
        PropertyStore result = auxprops.store(user, AuxpropPlugin.USER_PASSWORD, value);
        log.note("password of {} set: {}", SaslLog.quote(user.authid()), result.getClass().getSimpleName());
        return result;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** Empties the authentication cache and closes the verifiers' and property sources' connections. Idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            authCache.close();
            passwordUpgrade.close();
            verifiers.close();
            auxprops.close();
            throttle.close();
        }
    }

    @Override
    public String toString() {
        return "ServerContext[" + where(config) + ", pwcheck_method=" + verifiers.names() + ", mechanisms="
                + names(mechanisms) + "]";
    }

    private static List<String> names(List<SaslMechanism> mechanisms) {
        List<String> out = new ArrayList<>();
        mechanisms.forEach(m -> out.add(m.name()));
        return out;
    }

    private static String where(SaslConfig config) {
        return config.source() == null ? "<configuration>" : config.source().toString();
    }
}
