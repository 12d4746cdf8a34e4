package org.jsasl.crypt;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The system's libxcrypt ({@code libcrypt.so.1}) called through JNA direct mapping: {@code crypt_rn}
 * with a per-thread {@code struct crypt_data}, {@code crypt_gensalt_rn} and {@code crypt_checksalt}.
 * When JNA, the library or one of those symbols is missing, it reports "not available" instead of
 * failing, and the formats that need it are simply unsupported here.
 */
public final class Libxcrypt {

    static final String LIBRARY_NAME = "libcrypt.so.1";

    /** The error codes of {@code crypt_checksalt} that mean "this libxcrypt cannot hash that setting". */
    private static final int CRYPT_SALT_INVALID = 1;
    private static final int CRYPT_SALT_METHOD_DISABLED = 2;

    private final String libraryName;
    /** Null when the library is bound and usable. */
    private final String unavailableReason;

    /** Binds {@code libraryName}; package-private so tests can name a library that does not exist or lacks the symbols. */
    Libxcrypt(String libraryName) {
        this.libraryName = Objects.requireNonNull(libraryName, "libraryName");
        this.unavailableReason = probe(libraryName);
    }

    /** The system's libxcrypt, bound once on first use. */
    public static Libxcrypt system() {
        return SystemHolder.INSTANCE;
    }

    private static final class SystemHolder {
        static final Libxcrypt INSTANCE = new Libxcrypt(LIBRARY_NAME);
    }

    /** Whether the library was found with every symbol this class calls. */
    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /** Why the library is not available (for a log line), or empty when it is. */
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(unavailableReason);
    }

    /**
     * {@code crypt_rn(password, setting)}.
     *
     * @param password the password's bytes, as they are (encode text as UTF-8 yourself); not modified, not kept
     * @return the hash string libxcrypt returns
     * @throws InvalidSettingException when libxcrypt refuses (its {@code *0}/{@code *1} failure tokens), or
     *     when the password cannot be passed to C at all (a NUL byte) or is longer than libxcrypt accepts
     * @throws IllegalStateException when the library is not available
     */
    public String crypt(byte[] password, String setting) throws InvalidSettingException {
        requireAvailable();
        CryptLimits.checkPassword(password);
        CryptLimits.checkSetting(setting);
        return Binding.crypt(password, setting.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * {@code crypt_gensalt_rn}: a new setting for a family, for example {@code gensalt("$y$", 0, null)}.
     *
     * @param prefix the family prefix ({@code $y$}, {@code $2b$}, {@code _}, {@code ""} for DES), or null for
     *     libxcrypt's preferred family
     * @param count the cost parameter, 0 for the family's default
     * @param randomBytes the salt's random bytes, or null to let libxcrypt read the system's random source
     * @throws InvalidSettingException when libxcrypt refuses the prefix, count or number of random bytes
     * @throws IllegalStateException when the library is not available
     */
    public String gensalt(String prefix, long count, byte[] randomBytes) throws InvalidSettingException {
        requireAvailable();
        if (count < 0) {
            throw new IllegalArgumentException("count is an unsigned number");
        }
        if (prefix != null) {
            CryptLimits.checkSetting(prefix);
        }
        return Binding.gensalt(prefix == null ? null : prefix.getBytes(StandardCharsets.US_ASCII), count, randomBytes);
    }

    /**
     * Whether this libxcrypt knows the hash family of {@code setting} (a prefix such as {@code $md5}
     * is enough), through {@code crypt_checksalt}. It does not check the rest of the setting.
     * False when the library is not available.
     */
    public boolean supports(String setting) {
        Objects.requireNonNull(setting, "setting");
        if (!isAvailable()) {
            return false;
        }
        try {
            CryptLimits.checkSetting(setting);
        } catch (InvalidSettingException e) {
            return false;
        }
        int status = Binding.checksalt(setting.getBytes(StandardCharsets.US_ASCII));
        return status != CRYPT_SALT_INVALID && status != CRYPT_SALT_METHOD_DISABLED;
    }

    private void requireAvailable() {
        if (unavailableReason != null) {
            throw new IllegalStateException("libxcrypt is not available: " + unavailableReason);
        }
    }

    /** Never lets a failure escape: a missing JNA, library or symbol all mean "not available". */
    private static String probe(String libraryName) {
        try {
            return Binding.bind(libraryName);
        } catch (LinkageError | RuntimeException e) {
            return "cannot bind " + libraryName + ": " + e;
        }
    }

    @Override
    public String toString() {
        return "Libxcrypt[" + libraryName + (unavailableReason == null ? ", available]" : ", not available]");
    }

    /**
     * Everything that touches JNA, kept out of the outer class so that a missing JNA fails here, inside
     * {@link #probe}, and not while loading {@link Libxcrypt}.
     */
    private static final class Binding {

        /** {@code sizeof(struct crypt_data)} in libxcrypt; its fields at fixed offsets. */
        private static final int CRYPT_DATA_SIZE = 32768;
        private static final int OUTPUT_OFFSET = 0;
        private static final int OUTPUT_SIZE = 384;
        private static final int SETTING_OFFSET = 384;
        private static final int SETTING_SIZE = 384;
        private static final int INPUT_OFFSET = 768;
        private static final int INPUT_SIZE = 512;

        private static final String[] SYMBOLS = {"crypt_rn", "crypt_gensalt_rn", "crypt_checksalt"};

        /** The library the natives below are registered with; guarded by Binding.class. */
        private static NativeLibrary bound;

        /**
         * One {@code struct crypt_data} per thread: {@code crypt_rn} keeps all state in it, so threads never
         * share one. The password goes into its {@code input} field (libxcrypt leaves that field to the
         * caller) so that we, not JNA, own the only native copy and wipe it.
         */
        private static final ThreadLocal<CryptData> DATA = ThreadLocal.withInitial(CryptData::new);

        private static final class CryptData {
            final Memory memory = new Memory(CRYPT_DATA_SIZE);
            final Pointer input = memory.share(INPUT_OFFSET, INPUT_SIZE);
            final Pointer setting = memory.share(SETTING_OFFSET, SETTING_SIZE);
            final Pointer output = memory.share(OUTPUT_OFFSET, OUTPUT_SIZE);
        }

        private Binding() {
        }

        static native Pointer crypt_rn(Pointer phrase, Pointer setting, Pointer data, int size);

        static native Pointer crypt_gensalt_rn(Pointer prefix, NativeLong count, byte[] rbytes, int nrbytes,
                Pointer output, int outputSize);

        static native int crypt_checksalt(Pointer setting);

        /** Registers the natives with {@code libraryName}; returns why not, or null on success. */
        static synchronized String bind(String libraryName) {
            NativeLibrary library;
            try {
                library = NativeLibrary.getInstance(libraryName);
            } catch (UnsatisfiedLinkError e) {
                return "cannot load " + libraryName;
            }
            for (String symbol : SYMBOLS) {
                try {
                    library.getFunction(symbol);
                } catch (UnsatisfiedLinkError e) {
                    return libraryName + " has no " + symbol;
                }
            }
            if (bound == null) {
                Native.register(Binding.class, library);
                bound = library;
            } else if (!bound.getName().equals(library.getName())) {
                // JNA registers a class's natives once; a second library cannot take them over.
                return "the natives are already bound to " + bound.getName();
            }
            return null;
        }

        static String crypt(byte[] password, byte[] setting) throws InvalidSettingException {
            CryptData data = DATA.get();
            Pointer settingPointer = copyString(data.setting, SETTING_SIZE, setting);
            try {
                data.input.write(0, password, 0, password.length);
                data.input.setByte(password.length, (byte) 0);
                Pointer result = crypt_rn(data.input, settingPointer, data.memory, CRYPT_DATA_SIZE);
                String hash = readString(data.output, OUTPUT_SIZE);
                if (result == null || hash.startsWith("*")) {
                    throw new InvalidSettingException("libxcrypt refused the setting (malformed, or a hash"
                            + " family this libxcrypt lacks)");
                }
                return hash;
            } finally {
                data.input.setMemory(0, INPUT_SIZE, (byte) 0);
            }
        }

        static String gensalt(byte[] prefix, long count, byte[] randomBytes) throws InvalidSettingException {
            CryptData data = DATA.get();
            Pointer prefixPointer = prefix == null ? null : copyString(data.setting, SETTING_SIZE, prefix);
            Pointer result = crypt_gensalt_rn(prefixPointer, new NativeLong(count), randomBytes,
                    randomBytes == null ? 0 : randomBytes.length, data.output, OUTPUT_SIZE);
            String setting = readString(data.output, OUTPUT_SIZE);
            if (result == null || setting.startsWith("*")) {
                throw new InvalidSettingException("libxcrypt cannot make a setting from this prefix, count and"
                        + " number of random bytes");
            }
            return setting;
        }

        static int checksalt(byte[] setting) {
            CryptData data = DATA.get();
            return crypt_checksalt(copyString(data.setting, SETTING_SIZE, setting));
        }

        /** Writes a NUL-terminated copy into {@code field}, or into fresh memory when it does not fit. */
        private static Pointer copyString(Pointer field, int fieldSize, byte[] bytes) {
            Pointer target = bytes.length < fieldSize ? field : new Memory(bytes.length + 1L);
            target.write(0, bytes, 0, bytes.length);
            target.setByte(bytes.length, (byte) 0);
            return target;
        }

        private static String readString(Pointer field, int fieldSize) {
            long end = field.indexOf(0, (byte) 0);
            int length = end < 0 || end > fieldSize ? fieldSize : (int) end;
            return new String(field.getByteArray(0, length), StandardCharsets.ISO_8859_1);
        }
    }
}
