package org.jsasl.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses Cyrus SASL {@code <app>.conf} files with the syntax of Cyrus' {@code sasl_config_init}:
 * whole-line {@code #} comments, {@code key: value} with the colon right after the key, an empty
 * value is an error, trailing white space is dropped. Where Cyrus misbehaves (splitting lines at
 * 4095 bytes, reading before the buffer on NUL, reporting no line numbers) we report a clear error
 * instead.
 */
public final class ConfigReader {

    /** Longest line Cyrus can read whole (its 4096-byte fgets buffer holds 4095 bytes and a NUL). */
    public static final int MAX_LINE_BYTES = 4095;

    /** Bound on the size of a configuration file; real ones are a few hundred bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private ConfigReader() {
    }

    /**
     * Reads and parses a file, then applies jsasl's documented compatibility improvements
     * ({@link ConfigCompatibility}).
     *
     * @throws ConfigException when the file cannot be read or is malformed
     */
    public static SaslConfig read(Path file) throws ConfigException {
        byte[] content;
        try (InputStream in = Files.newInputStream(file)) {
            content = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read the file (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        if (content.length > MAX_FILE_BYTES) {
            throw new ConfigException(file, 0, null, "file is larger than " + MAX_FILE_BYTES + " bytes");
        }
        return ConfigCompatibility.apply(parse(file, content));
    }

    /**
     * Parses configuration text exactly as written, without compatibility rewriting.
     *
     * @param file the name used in error messages (may be null)
     */
    public static SaslConfig parse(Path file, byte[] content) throws ConfigException {
        List<ConfigEntry> entries = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            lineNo++;
            parseLine(file, lineNo, content, start, end, entries);
            start = end + 1;
        }
        return new SaslConfig(file, entries);
    }

    private static void parseLine(Path file, int lineNo, byte[] buf, int from, int to, List<ConfigEntry> out)
            throws ConfigException {
        if (to - from > MAX_LINE_BYTES) {
            throw new ConfigException(file, lineNo, null,
                    "line is " + (to - from) + " bytes long; Cyrus SASL reads at most " + MAX_LINE_BYTES);
        }
        for (int i = from; i < to; i++) {
            if (buf[i] == 0) {
                throw new ConfigException(file, lineNo, null, "line contains a NUL byte");
            }
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, from, to - from)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, lineNo, null, "line is not valid UTF-8", e);
        }
        int i = 0;
        int n = line.length();
        while (i < n && isSpace(line.charAt(i))) {
            i++;
        }
        if (i == n || line.charAt(i) == '#') {
            return;
        }
        int keyStart = i;
        while (i < n && isKeyChar(line.charAt(i))) {
            i++;
        }
        String key = line.substring(keyStart, i).toLowerCase(Locale.ROOT);
        if (key.isEmpty()) {
            throw new ConfigException(file, lineNo, null,
                    "expected 'key: value'; a key is made of letters, digits, '_' and '-'");
        }
        if (i == n || line.charAt(i) != ':') {
            throw new ConfigException(file, lineNo, key,
                    "expected ':' right after the key (write 'key: value', as Cyrus SASL requires)");
        }
        i++;
        while (i < n && isSpace(line.charAt(i))) {
            i++;
        }
        int valueEnd = n;
        while (valueEnd > i && isSpace(line.charAt(valueEnd - 1))) {
            valueEnd--;
        }
        if (valueEnd == i) {
            throw new ConfigException(file, lineNo, key, "empty value (Cyrus SASL refuses it too)");
        }
        out.add(new ConfigEntry(key, line.substring(i, valueEnd), lineNo));
    }

    /** C isspace() in the "C" locale, which is what Cyrus uses. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }
}
