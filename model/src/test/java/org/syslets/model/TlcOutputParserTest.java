package org.syslets.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Output shapes copied from real TLC 2.18 runs. */
class TlcOutputParserTest {

    @Test
    void nestedMessagesAndPlainText() {
        TlcOutputParser p = TlcOutputParser.parse(List.of(
                "Parsing file /x/E.tla",
                "@!@!@STARTMSG 2111:1 @!@!@",
                "Evaluating invariant Inv failed.",
                "@!@!@STARTMSG 2266:0 @!@!@",
                "The first argument of < should be an integer, but instead it is:",
                "\"a\"",
                "@!@!@ENDMSG 2266 @!@!@",
                "@!@!@ENDMSG 2111 @!@!@"));
        assertThat(p.plainLines()).containsExactly("Parsing file /x/E.tla");
        assertThat(p.messages()).hasSize(1);
        TlcMessage m = p.messages().get(0);
        assertThat(m.code()).isEqualTo(2111);
        assertThat(m.severity()).isEqualTo(1);
        assertThat(m.firstLine()).isEqualTo("Evaluating invariant Inv failed.");
        assertThat(m.nested()).extracting(TlcMessage::code).containsExactly(2266);
        assertThat(TlcAnalyzer.errorText(75, p))
                .isEqualTo("Evaluating invariant Inv failed. The first argument of < should be an integer,"
                        + " but instead it is: \"a\"");
    }

    @Test
    void wrappedValuesAreJoinedAndInitialStateViolationIsTraced() {
        TlcOutputParser p = TlcOutputParser.parse(List.of(
                "@!@!@STARTMSG 2107:1 @!@!@",
                "Invariant InitBad is violated by the initial state:",
                "/\\ q = << [idx |-> 1, s |-> \"empty\"],",
                "   [idx |-> 2, s |-> \"empty\"] >>",
                "/\\ n = 0",
                "",
                "@!@!@ENDMSG 2107 @!@!@"));
        TlcResult r = TlcAnalyzer.analyze(12, p, TlcConfig.parse("INVARIANT InitBad"), false, 1, 1, null, 1);
        assertThat(r.verdict()).isEqualTo(Expectation.safety("InitBad"));
        assertThat(r.trace()).hasSize(1);
        assertThat(r.trace().get(0).vars())
                .containsEntry("q", "<< [idx |-> 1, s |-> \"empty\"], [idx |-> 2, s |-> \"empty\"] >>")
                .containsEntry("n", "0");
    }

    @Test
    void violationWithUnexpectedExitCodeIsAnError() {
        TlcOutputParser p = TlcOutputParser.parse(List.of(
                "@!@!@STARTMSG 2110:1 @!@!@", "Invariant Safe is violated.", "@!@!@ENDMSG 2110 @!@!@"));
        TlcResult r = TlcAnalyzer.analyze(1, p, null, false, 1, 1, null, 1);
        assertThat(r.verdict().kind()).isEqualTo(Expectation.Kind.ERROR);
    }

    @Test
    void successNeedsBothExitZeroAndMessage2193() {
        TlcOutputParser none = TlcOutputParser.parse(List.of("something"));
        assertThat(TlcAnalyzer.analyze(0, none, null, false, 1, 1, null, 1).verdict().kind())
                .isEqualTo(Expectation.Kind.ERROR);
        TlcOutputParser ok = TlcOutputParser.parse(List.of(
                "@!@!@STARTMSG 2193:0 @!@!@", "Model checking completed. No error has been found.",
                "@!@!@ENDMSG 2193 @!@!@"));
        assertThat(TlcAnalyzer.analyze(0, ok, null, false, 1, 1, null, 1).verdict()).isEqualTo(Expectation.SUCCESS);
        assertThat(TlcAnalyzer.analyze(0, ok, null, true, 1, 1, null, 7).verdict())
                .isEqualTo(Expectation.error("timeout after 7 min"));
    }

    @Test
    void expectationGrammar() {
        assertThat(Expectation.parse("success")).isEqualTo(Expectation.SUCCESS);
        assertThat(Expectation.parse("deadlock")).isEqualTo(Expectation.DEADLOCK);
        assertThat(Expectation.parse("safety:WaitNeverStarves")).isEqualTo(Expectation.safety("WaitNeverStarves"));
        assertThat(Expectation.parse("liveness:P")).isEqualTo(Expectation.liveness("P"));
        for (String bad : List.of("", "safety:", "safety", "liveness:?", "error:x", "Success", "safety:A B")) {
            org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                    .as(bad).isThrownBy(() -> Expectation.parse(bad));
        }
        assertThat(Expectation.error("x").matches(Expectation.error("x"))).isFalse();
    }

    @Test
    void longValuesWrapAfterCommas() {
        String v = "<< " + "[slot |-> 1, state |-> \"empty\"], ".repeat(8) + "0 >>";
        List<String> lines = CounterexampleTable.wrap(v, 60);
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(lines).allSatisfy(l -> assertThat(l.length()).isLessThanOrEqualTo(60));
        assertThat(String.join(" ", lines)).isEqualTo(v);
    }
}
