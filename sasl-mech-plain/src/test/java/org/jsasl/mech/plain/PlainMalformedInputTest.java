package org.jsasl.mech.plain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Stream;
import javax.security.sasl.AuthenticationException;
import javax.security.sasl.SaslException;
import javax.security.sasl.SaslServer;
import org.jsasl.testkit.Exchange;
import org.jsasl.testkit.MapCallbackHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed PLAIN message gets a clear SaslException, never an accept, never a leaked password. */
class PlainMalformedInputTest {

    private static final MapCallbackHandler USERS = MapCallbackHandler.of(Map.of("alice", "secret", "", "secret"));

    @BeforeAll
    static void provider() {
        Exchange.registerProvider();
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Arguments> malformed() {
        byte[] badUtf8InPassword = {0, 'a', 'l', 'i', 'c', 'e', 0, (byte) 0xc3, (byte) 0x28};
        byte[] overlongNul = {0, 'a', 'l', 'i', 'c', 'e', 0, (byte) 0xc0, (byte) 0x80};
        byte[] badUtf8InAuthcid = {0, (byte) 0xff, 0, 's'};
        return Stream.of(
                Arguments.of("no NUL", bytes("alicesecret"), "no NUL separator (expected authzid NUL authcid NUL password)"),
                Arguments.of("one NUL", bytes("alice\0secret"), "only one NUL separator (expected authzid NUL authcid NUL password)"),
                Arguments.of("trailing NUL", bytes("\0alice\0secret\0"), "more than two NUL separators"),
                Arguments.of("three fields and more", bytes("a\0alice\0secret\0junk"), "more than two NUL separators"),
                Arguments.of("invalid UTF-8 password", badUtf8InPassword, "not valid UTF-8"),
                Arguments.of("overlong NUL encoding", overlongNul, "not valid UTF-8"),
                Arguments.of("invalid UTF-8 authcid", badUtf8InAuthcid, "not valid UTF-8"),
                Arguments.of("authzid too long", bytes("z".repeat(1025) + "\0alice\0secret"),
                        "authorization identity longer than 1024 bytes"),
                Arguments.of("authcid too long", bytes("\0" + "a".repeat(1025) + "\0secret"),
                        "authentication identity longer than 1024 bytes"),
                Arguments.of("password too long", bytes("\0alice\0" + "p".repeat(1025)),
                        "password longer than 1024 bytes"),
                Arguments.of("whole message too long", new byte[3 * 1024 + 3], "message longer than 3074 bytes"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessageIsRefusedWithAClearMessage(String name, byte[] message, String problem) throws Exception {
        SaslServer s = PlainServerJdkModeTest.server(USERS);
        SaslException e = assertThrows(SaslException.class, () -> s.evaluateResponse(message));
        assertEquals("PLAIN: malformed message: " + problem, e.getMessage());
        assertFalse(e instanceof AuthenticationException, "malformed input is a protocol error");
        assertFalse(s.isComplete());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void fieldsOfExactly1024BytesAreAccepted() throws Exception {
        String longName = "a".repeat(1024);
        String longPassword = "p".repeat(1024);
        SaslServer s = PlainServerJdkModeTest.server(MapCallbackHandler.of(Map.of(longName, longPassword)));
        s.evaluateResponse(bytes(longName + "\0" + longName + "\0" + longPassword));
        assertEquals(longName, s.getAuthorizationID());
    }

    @Test
    void emptyAuthcidIsRejectedWithAClearMessage() throws Exception {
        SaslServer s = PlainServerJdkModeTest.server(USERS);
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> s.evaluateResponse(bytes("\0\0secret")));
        assertEquals("PLAIN: empty authentication identity", e.getMessage());
    }

    @Test
    void emptyPasswordIsRejectedWithAClearMessage() throws Exception {
        SaslServer s = PlainServerJdkModeTest.server(MapCallbackHandler.of(Map.of("alice", "")));
        AuthenticationException e = assertThrows(AuthenticationException.class,
                () -> s.evaluateResponse(bytes("\0alice\0")));
        assertEquals("PLAIN: empty password", e.getMessage());
    }

    @Test
    void nullResponseIsAnError() throws Exception {
        SaslServer s = PlainServerJdkModeTest.server(USERS);
        assertThrows(SaslException.class, () -> s.evaluateResponse(null));
        assertTrue(!s.isComplete());
    }
}
