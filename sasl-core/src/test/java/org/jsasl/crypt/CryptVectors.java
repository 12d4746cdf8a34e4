package org.jsasl.crypt;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the libxcrypt test vectors under {@code src/test/resources/crypt/} for any format's tests:
 * rows that must verify, and settings that must be refused. Passwords written as {@code hex:...}
 * come back as their raw bytes.
 */
public final class CryptVectors {

    private static final String VECTORS = "/crypt/crypt-vectors.tsv";
    private static final String REJECTED = "/crypt/crypt-rejected-settings.tsv";

    private CryptVectors() {
    }

    /**
     * The rows of {@code crypt-vectors.tsv} for the given formats, in file order; all rows when
     * none are given.
     *
     * @throws IllegalArgumentException when a named format is in neither file (a typo would
     *     otherwise test nothing)
     */
    public static List<CryptVector> rows(String... formats) {
        return read(VECTORS, 4, formats,
                f -> new CryptVector(f[0], password(f[1]), f[2], f[3]));
    }

    /**
     * The rows of {@code crypt-rejected-settings.tsv} for the given formats, in file order; all
     * rows when none are given.
     *
     * @throws IllegalArgumentException when a named format is in neither file; a known format
     *     without rejected settings (apr1, yescrypt, ...) gives an empty list
     */
    public static List<RejectedSetting> rejected(String... formats) {
        return read(REJECTED, 5, formats,
                f -> new RejectedSetting(f[0], password(f[1]), unescape(f[2]), f[4]));
    }

    /** Decodes a password field: {@code hex:} followed by hex digits, or the text itself as ASCII. */
    static byte[] password(String field) {
        if (field.startsWith("hex:")) {
            return HexFormat.of().parseHex(field.substring(4));
        }
        return field.getBytes(StandardCharsets.US_ASCII);
    }

    /** Turns each {@code \xHH} into the character U+00HH, which is how the file writes non-printable setting bytes. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.charAt(i + 1) == 'x') {
                out.append((char) HexFormat.fromHexDigits(field, i + 2, i + 4));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static <T> List<T> read(String resource, int columns, String[] formats, Function<String[], T> row) {
        Set<String> wanted = new HashSet<>(Arrays.asList(formats));
        Set<String> known = new HashSet<>();
        for (String[] fields : lines(VECTORS, 4)) {
            known.add(fields[0]);
        }
        for (String[] fields : lines(REJECTED, 5)) {
            known.add(fields[0]);
        }
        for (String format : wanted) {
            if (!known.contains(format)) {
                throw new IllegalArgumentException("no crypt test vector file knows the format " + format);
            }
        }
        List<T> out = new ArrayList<>();
        for (String[] fields : lines(resource, columns)) {
            if (wanted.isEmpty() || wanted.contains(fields[0])) {
                out.add(row.apply(fields));
            }
        }
        return List.copyOf(out);
    }

    /** The tab-separated fields of every line that is neither empty nor a {@code #} comment. */
    private static List<String[]> lines(String resource, int columns) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = CryptVectors.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split("\t", -1);
                if (fields.length != columns) {
                    throw new IllegalStateException(resource + ":" + number + ": " + fields.length
                            + " columns, expected " + columns);
                }
                out.add(fields);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
