package org.syslets.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TlcConfigTest {

    @Test
    void namesOnePerLineAfterTheKeyword() {
        TlcConfig c = TlcConfig.parse("""
                CONSTANTS
                  N = 3
                  Procs = {p1, p2}
                INIT Init
                NEXT Next
                INVARIANTS
                  TypeOK
                  RingSafe
                PROPERTIES
                  WaitReturns
                CHECK_DEADLOCK FALSE
                """);
        assertThat(c.invariants()).containsExactly("TypeOK", "RingSafe");
        assertThat(c.properties()).containsExactly("WaitReturns");
        assertThat(c.checkDeadlock()).isFalse();
    }

    @Test
    void severalNamesOnOneLineAndRepeatedKeywords() {
        TlcConfig c = TlcConfig.parse("""
                SPECIFICATION Spec
                INVARIANT A B
                INVARIANT C
                PROPERTY P1 P2
                """);
        assertThat(c.invariants()).containsExactly("A", "B", "C");
        assertThat(c.properties()).containsExactly("P1", "P2");
        assertThat(c.checkedNames()).containsExactly("A", "B", "C", "P1", "P2");
        assertThat(c.checkDeadlock()).as("TLC checks deadlock unless told not to").isTrue();
    }

    @Test
    void commentsAndStringsAreNotNames() {
        TlcConfig c = TlcConfig.parse("""
                \\* INVARIANT Commented
                (* PROPERTY Hidden (* nested *) still hidden *)
                CONSTANT Label = "INVARIANT Fake"
                INVARIANT Real \\* trailing comment
                """);
        assertThat(c.invariants()).containsExactly("Real");
        assertThat(c.properties()).isEmpty();
    }
}
