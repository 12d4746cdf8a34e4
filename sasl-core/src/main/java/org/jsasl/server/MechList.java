package org.jsasl.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jsasl.config.SaslConfig;
import org.jsasl.mech.Mechanisms;
import org.jsasl.mech.SaslMechanism;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@code mech_list} as Cyrus does: the listed mechanisms that are installed, in the
 * listed order, names compared without case and with a {@code -PLUS} suffix ignored, so that
 * {@code SCRAM-SHA-256} enables both it and {@code SCRAM-SHA-256-PLUS} (listed first, as Cyrus lists
 * them); unknown names are skipped (with a warning, where Cyrus is silent). Without
 * {@code mech_list}, every installed mechanism in default order.
 */
public final class MechList {

    private static final Logger LOG = LoggerFactory.getLogger(MechList.class);

    private MechList() {
    }

    /** The mechanisms {@code config} enables among {@code installed}. */
    public static List<SaslMechanism> select(SaslConfig config, List<SaslMechanism> installed) {
        if (config.get("mech_list").isEmpty()) {
            return installed;
        }
        List<SaslMechanism> selected = new ArrayList<>();
        for (String token : config.words("mech_list")) {
            String name = token.toUpperCase(Locale.ROOT);
            if (name.endsWith("-PLUS")) {
                name = name.substring(0, name.length() - "-PLUS".length());
            }
            var plus = Mechanisms.find(installed, name + "-PLUS");
            var m = Mechanisms.find(installed, name);
            if (m.isEmpty() && plus.isEmpty()) {
                LOG.warn("{}: mech_list names '{}', which is not installed; skipped",
                        config.source() == null ? "<configuration>" : config.source(), token);
            }
            plus.filter(p -> !selected.contains(p)).ifPresent(selected::add);
            m.filter(p -> !selected.contains(p)).ifPresent(selected::add);
        }
        return List.copyOf(selected);
    }

    /** Whether {@code config} has a {@code mech_list} that names {@code mechanism} (with or without {@code -PLUS}). */
    public static boolean names(SaslConfig config, SaslMechanism mechanism) {
        if (config.get("mech_list").isEmpty()) {
            return false;
        }
        String base = base(mechanism.name());
        for (String token : config.words("mech_list")) {
            if (base(token).equals(base)) {
                return true;
            }
        }
        return false;
    }

    private static String base(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return n.endsWith("-PLUS") ? n.substring(0, n.length() - "-PLUS".length()) : n;
    }
}
