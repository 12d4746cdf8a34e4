package org.jsasl.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.sasl.Sasl;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.jsasl.JsaslProperties;
import org.jsasl.JsaslProvider;
import org.jsasl.auxprop.sql.SqlAuxprop;
import org.jsasl.crypt.PasswordHasher;
import org.jsasl.server.ServerContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PLAIN authentications per second in Cyrus mode, backed by the sql auxprop on each engine, with
 * cleartext or SHA-512-crypt ({@code $6$}, 5000 rounds) passwords, among 1000 users picked at
 * random. {@code plainLogin} makes each server with jsasl's factory
 * ({@code JsaslProvider.serverFactory()}, taken once), as a server should, so it measures jsasl's
 * own cost; {@code plainLoginViaSasl} makes it through {@code Sasl.createSaslServer}, whose JDK
 * provider lookup adds about 20 µs, for comparison. Run with {@code -t 1}, {@code -t 2},
 * {@code -t 16}. At the end of each trial it prints how many database connections the pool opened
 * and statements it prepared per authentication (Cyrus opens four connections per login).
 * PostgreSQL and MariaDB come from {@code scripts/services/all start} and its {@code env} variables.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
public class SqlAuthBenchmark {

    private static final int USERS = 1000;

    @Param({"sqlite3", "pgsql", "mysql"})
    public String engine;

    @Param({"cleartext", "sha512"})
    public String format;

    private ServerContext context;
    private Map<String, Object> props;
    private final SaslServerFactory factory = JsaslProvider.serverFactory();
    private final AtomicLong logins = new AtomicLong();
    private byte[][] messages;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        if (Security.getProvider(JsaslProvider.NAME) == null) {
            Security.addProvider(new JsaslProvider());
        }
        Path dir = Files.createTempDirectory("jsasl-sqlbench");
        String connection;
        String url;
        String user = "";
        String password = "";
        switch (engine) {
            case "pgsql":
                connection = "sql_engine: pgsql\nsql_hostnames: " + env("JSASL_PGSQL_HOST") + ":" + env("JSASL_PGSQL_PORT")
                        + "\nsql_database: " + env("JSASL_PGSQL_DB") + "\nsql_user: " + env("JSASL_PGSQL_USER")
                        + "\nsql_passwd: " + env("JSASL_PGSQL_PASSWORD") + "\n";
                url = "jdbc:postgresql://" + env("JSASL_PGSQL_HOST") + ":" + env("JSASL_PGSQL_PORT") + "/"
                        + env("JSASL_PGSQL_DB");
                user = env("JSASL_PGSQL_USER");
                password = env("JSASL_PGSQL_PASSWORD");
                break;
            case "mysql":
                connection = "sql_engine: mysql\nsql_hostnames: " + env("JSASL_MARIADB_HOST") + ":"
                        + env("JSASL_MARIADB_PORT") + "\nsql_database: " + env("JSASL_MARIADB_DB") + "\nsql_user: "
                        + env("JSASL_MARIADB_USER") + "\nsql_passwd: " + env("JSASL_MARIADB_PASSWORD") + "\n";
                url = "jdbc:mariadb://" + env("JSASL_MARIADB_HOST") + ":" + env("JSASL_MARIADB_PORT") + "/"
                        + env("JSASL_MARIADB_DB");
                user = env("JSASL_MARIADB_USER");
                password = env("JSASL_MARIADB_PASSWORD");
                break;
            default:
                connection = "sql_engine: sqlite3\nsql_database: bench.sqlite\n";
                url = "jdbc:sqlite:" + dir.resolve("bench.sqlite");
        }
        String secretHash = new PasswordHasher().hash(PasswordHasher.Format.SHA512,
                "secret".getBytes(StandardCharsets.UTF_8), 0);
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
            st.executeUpdate("DROP TABLE IF EXISTS benchusers");
            st.executeUpdate("CREATE TABLE benchusers (name VARCHAR(64) PRIMARY KEY, pw VARCHAR(255), hash VARCHAR(255))");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO benchusers VALUES (?, ?, ?)")) {
                for (int i = 0; i < USERS; i++) {
                    ps.setString(1, "user" + i);
                    ps.setString(2, "secret");
                    ps.setString(3, secretHash);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
        String column = format.equals("sha512") ? "hash" : "pw";
        Path conf = dir.resolve("smtpd.conf");
        Files.writeString(conf, connection + "pwcheck_method: auxprop\nauxprop_plugin: sql\n"
                + (format.equals("sha512") ? "password_format: crypt\n" : "")
                + "sql_pool_size: 16\nsql_select: SELECT " + column + " FROM benchusers WHERE name = '%u'\n");
        context = ServerContext.load(conf);
        props = Map.of(JsaslProperties.CONFIG, context);
        messages = new byte[USERS][];
        for (int i = 0; i < USERS; i++) {
            messages[i] = ("\0user" + i + "\0secret").getBytes(StandardCharsets.UTF_8);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        SqlAuxprop sql = (SqlAuxprop) context.auxprops().plugins().get(0);
        long opened = sql.connectionsOpened();
        long prepared = sql.statementsPrepared();
        double n = Math.max(1, logins.get());
        System.out.printf("%n# %s/%s: %d logins, %d connections opened (%.6f per login), %d statements prepared"
                + " (%.6f per login)%n", engine, format, logins.get(), opened, opened / n, prepared, prepared / n);
        context.close();
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null) {
            throw new IllegalStateException(name + " is not set: run scripts/services/all start and eval its env");
        }
        return v;
    }

    /** One whole PLAIN authentication of a random user, the server made by jsasl's factory. */
    @Benchmark
    public String plainLogin() throws SaslException {
        return login(factory.createSaslServer("PLAIN", "smtp", "localhost", props, null));
    }

    /** The same through {@code Sasl.createSaslServer} (the JDK's provider lookup on every call). */
    @Benchmark
    public String plainLoginViaSasl() throws SaslException {
        return login(Sasl.createSaslServer("PLAIN", "smtp", "localhost", props, null));
    }

    private String login(SaslServer s) throws SaslException {
        s.evaluateResponse(messages[ThreadLocalRandom.current().nextInt(USERS)]);
        logins.incrementAndGet();
        return s.getAuthorizationID();
    }
}
