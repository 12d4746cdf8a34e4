package org.jsasl.crypt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Without the JNA jar, loading the crypt classes still works: libxcrypt is "not available" and the Java formats run. */
class WithoutJnaTest {

    @Test
    void withoutJnaLibxcryptIsNotAvailableAndJavaFormatsWork() throws Exception {
        String classPath = Arrays.stream(ChildJvm.testClassPath().split(File.pathSeparator))
                .filter(entry -> !new File(entry).getName().startsWith("jna-"))
                .collect(Collectors.joining(File.pathSeparator));
        assertNotEquals(ChildJvm.testClassPath(), classPath, "the JNA jar was on the test classpath");
        Map<String, String> out = ChildJvm.run(classPath, List.of(), WithoutJnaProbe.class, List.of());
        assertEquals("false", out.get("jnaPresent"), out.toString());
        assertEquals("false", out.get("available"));
        assertEquals("true", out.get("reasonGiven"));
        assertEquals("false", out.get("yescryptAvailable"));
        assertEquals("false", out.get("supports"));
        assertEquals("IllegalStateException", out.get("nativeCrypt"));
        assertEquals("YKU9xym3zeZW.", out.get("des"));
    }
}
