package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a main class of the test classpath in a fresh JVM, so that a test controls what surefire
 * cannot: the locale, the JVM's encodings, or a classpath without some jar.
 */
final class ChildJvm {

    private ChildJvm() {
    }

    /**
     * Runs {@code mainClass} under {@code LANG=C} with {@code jvmOptions}, and returns its output lines
     * as key to value: split at the last tab, or else at the first '='.
     */
    static Map<String, String> run(String classPath, List<String> jvmOptions, Class<?> mainClass, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, mainClass.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // Nothing inherited may set the locale or sneak in JVM options.
        env.keySet().removeIf(name -> name.startsWith("LC_") || name.equals("LANG") || name.equals("LANGUAGE")
                || name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS") || name.equals("_JAVA_OPTIONS"));
        env.put("LANG", "C");
        env.put("LC_ALL", "C");
        Process child = builder.start();
        byte[] raw;
        try (InputStream in = child.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            raw = buffer.toByteArray();
        }
        if (!child.waitFor(120, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child JVM did not finish");
        }
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        assertEquals(0, child.exitValue(), text);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int tab = line.lastIndexOf('\t');
            int eq = line.indexOf('=');
            if (tab >= 0) {
                lines.put(line.substring(0, tab), line.substring(tab + 1));
            } else if (eq >= 0) {
                lines.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return lines;
    }

    /** The classpath this JVM runs the tests with. */
    static String testClassPath() {
        return System.getProperty("java.class.path");
    }
}
