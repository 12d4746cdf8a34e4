package org.jsasl.examples.cli;

import static org.jsasl.examples.cli.TestConfigs.ALICE_PW;
import static org.jsasl.examples.cli.TestConfigs.BOB_PW;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.callback.CallbackHandler;
import javax.security.sasl.SaslClient;
import javax.security.sasl.SaslClientFactory;
import javax.security.sasl.SaslServer;
import javax.security.sasl.SaslServerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check} makes its servers with jsasl's factory and its clients with a factory found once,
 * not through {@code Sasl.createSaslServer}/{@code createSaslClient}, whose provider lookup costs
 * more than a whole login. Seen from a provider put first: {@code Sasl} would ask its factories
 * on every call.
 */
class CheckFactoryPathTest {

    @TempDir
    Path dir;

    /** A provider whose factories offer PLAIN, count how often they are asked, and never make anything. */
    private static final class WatchingProvider extends Provider {
        private static final long serialVersionUID = 1L;
        final transient AtomicInteger serverAsked = new AtomicInteger();
        final transient AtomicInteger clientAsked = new AtomicInteger();

        WatchingProvider() {
            super("JSASL-TEST-WATCH", "1", "counts SASL factory calls");
            SaslServerFactory server = new SaslServerFactory() {
                @Override
                public SaslServer createSaslServer(String m, String p, String s, Map<String, ?> props,
                        CallbackHandler cbh) {
                    serverAsked.incrementAndGet();
                    return null;
                }

                @Override
                public String[] getMechanismNames(Map<String, ?> props) {
                    return new String[] {"PLAIN"};
                }
            };
            SaslClientFactory client = new SaslClientFactory() {
                @Override
                public SaslClient createSaslClient(String[] m, String a, String p, String s, Map<String, ?> props,
                        CallbackHandler cbh) {
                    clientAsked.incrementAndGet();
                    return null;
                }

                @Override
                public String[] getMechanismNames(Map<String, ?> props) {
                    return new String[] {"PLAIN"};
                }
            };
            putService(new Fixed(this, "SaslServerFactory", server));
            putService(new Fixed(this, "SaslClientFactory", client));
        }

        private static final class Fixed extends Service {
            private final Object factory;

            Fixed(Provider p, String type, Object factory) {
                super(p, type, "PLAIN", factory.getClass().getName(), List.of(), Map.of());
                this.factory = factory;
            }

            @Override
            public Object newInstance(Object parameter) {
                return factory;
            }
        }
    }

    @Test
    void batchLoginsSkipTheProviderLookup() throws Exception {
        String config = TestConfigs.testUsers(dir, "PLAIN LOGIN").toString();
        WatchingProvider watch = new WatchingProvider();
        Security.insertProviderAt(watch, 1);
        try {
            String input = ("alice\t" + ALICE_PW + "\nbob\t" + BOB_PW + "\n").repeat(10);
            CliResult r = CliResult.run(input, "check", "--config", config, "--batch");
            assertEquals(Collections.nCopies(20, "OK"), r.outLines(), r::toString);
            assertEquals(0, watch.serverAsked.get(), "servers come from jsasl's factory");
            assertEquals(1, watch.clientAsked.get(), "the client factory is looked up once, in provider order");
        } finally {
            Security.removeProvider(watch.getName());
        }
    }
}
