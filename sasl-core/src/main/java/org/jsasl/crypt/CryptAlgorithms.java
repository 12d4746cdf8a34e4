package org.jsasl.crypt;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The crypt(3) families jsasl can compute, in the order they are asked: the pure-Java ones first,
 * then the system's libxcrypt for the formats Java does not serve (when it is installed).
 */
public final class CryptAlgorithms {

    private static final List<CryptAlgorithm> INSTALLED = discover();

    private CryptAlgorithms() {
    }

    /** Every family available on this machine, Java first. */
    public static List<CryptAlgorithm> installed() {
        return INSTALLED;
    }

    /** The family that owns {@code setting}, if any is available here. */
    public static Optional<CryptAlgorithm> forSetting(String setting) {
        for (CryptAlgorithm a : INSTALLED) {
            if (a.handles(setting)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static List<CryptAlgorithm> discover() {
        List<CryptAlgorithm> list = new ArrayList<>(List.of(
                ShaCrypt.SHA512, ShaCrypt.SHA256, new Bcrypt(), Md5Crypt.MD5, Md5Crypt.APR1, new NtHash(), new BsdiCrypt()));
        // DES owns every setting that starts with two salt characters, so it is asked last among Java.
        list.add(new DesCrypt());
        for (NativeCrypt n : NativeCrypt.families()) {
            if (n.isAvailable()) {
                list.add(n);
            }
        }
        return List.copyOf(list);
    }
}
