package org.jsasl.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    private static Args parse(String... args) throws UsageException {
        return Args.parse(List.of(args), Set.of("--config", "--mech"), Set.of("--batch"));
    }

    @Test
    void valuesFlagsAndOperandsMayComeInAnyOrder() throws UsageException {
        Args a = parse("alice", "--config", "f.conf", "--batch", "--mech=LOGIN", "bob");
        assertEquals("f.conf", a.required("--config"));
        assertEquals(Optional.of("LOGIN"), a.value("--mech"));
        assertTrue(a.flag("--batch"));
        assertEquals(List.of("alice", "bob"), a.operands());
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        Args a = parse("--", "--batch", "-x");
        assertFalse(a.flag("--batch"));
        assertEquals(List.of("--batch", "-x"), a.operands());
    }

    @Test
    void singleDashIsAnOperand() throws UsageException {
        assertEquals(List.of("-"), parse("-").operands());
    }

    @Test
    void errorsNameTheOption() {
        assertTrue(assertThrows(UsageException.class, () -> parse("--nope")).getMessage().contains("'--nope'"));
        assertTrue(assertThrows(UsageException.class, () -> parse("-v")).getMessage().contains("'-v'"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--mech")).getMessage().contains("--mech needs a value"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--batch=yes")).getMessage().contains("takes no value"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--batch", "--batch")).getMessage().contains("twice"));
        assertTrue(assertThrows(UsageException.class, () -> parse().required("--config")).getMessage()
                .contains("missing --config"));
        assertTrue(assertThrows(UsageException.class, () -> parse("--config=").required("--config")).getMessage()
                .contains("non-empty"));
    }
}
