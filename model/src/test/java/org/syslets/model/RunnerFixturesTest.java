package org.syslets.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The runner's teeth: real TLC on tiny fixture specs, one per verdict. */
class RunnerFixturesTest {

    @Test
    void passingInvariantIsSuccessWithExactCounts() throws Exception {
        ModelOutcome o = Fixtures.run("CounterOk");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        assertThat(o.result().verdict()).isEqualTo(Expectation.SUCCESS);
        assertThat(o.result().distinct()).isEqualTo(10L);
        assertThat(o.result().generated()).isEqualTo(21L);
        // With 2 workers TLC's reported depth is not exact (6 or 7 seen for this 6-deep graph).
        assertThat(o.result().depth()).isBetween(6, 7);
        assertThat(o.result().trace()).isEmpty();
        assertThat(o.result().rawOutput()).exists();
    }

    @Test
    void violatedInvariantIsNamedAndTraced() throws Exception {
        ModelOutcome o = Fixtures.run("CounterSafety");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        assertThat(o.result().verdict()).isEqualTo(Expectation.safety("Small"));
        assertThat(o.result().exitCode()).isEqualTo(12);
        List<TraceState> t = o.result().trace();
        assertThat(t).extracting(TraceState::number).containsExactly(1, 2, 3, 4);
        assertThat(t).extracting(TraceState::action).containsExactly("Initial predicate", "Inc", "Inc", "Inc");
        assertThat(t.get(1).location()).isEqualTo("line 8, col 8 to line 8, col 43 of module Counter");
        assertThat(t.get(3).vars()).containsEntry("x", "3").containsEntry("y", "0");
        assertThat(t.get(0).changed()).isEmpty();
        assertThat(t.get(2).changed()).containsExactly("x");
    }

    @Test
    void temporalViolationNamesTheOnlyPropertyAndKeepsStuttering() throws Exception {
        ModelOutcome o = Fixtures.run("CounterLiveness");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        assertThat(o.result().verdict()).isEqualTo(Expectation.liveness("XEventuallyMax"));
        assertThat(o.result().exitCode()).isEqualTo(13);
        // TLC's liveness counterexample is not unique between runs (its fingerprint seed is random),
        // so check its shape: a behavior that never reaches x = Max and then stutters.
        List<TraceState> t = o.result().trace();
        assertThat(t.get(0).action()).isEqualTo("Initial predicate");
        assertThat(t).extracting(s -> s.vars().get("x")).doesNotContain("4");
        TraceState last = t.get(t.size() - 1);
        assertThat(last.kind()).isEqualTo("stuttering");
        assertThat(last.changed()).isEmpty();
        for (int i = 1; i < t.size() - 1; i++) {
            TraceState s = t.get(i), prev = t.get(i - 1);
            assertThat(s.number()).isEqualTo(i + 1);
            assertThat(s.action()).isIn("Inc", "Flip");
            assertThat(s.changed()).as("state %d", s.number())
                    .containsExactlyElementsOf(s.vars().keySet().stream()
                            .filter(k -> !s.vars().get(k).equals(prev.vars().get(k))).toList());
        }
    }

    @Test
    void lassoCounterexampleEndsWithBackToState() throws Exception {
        ModelOutcome o = Fixtures.run("CounterLasso");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        List<TraceState> t = o.result().trace();
        TraceState loop = t.get(t.size() - 1);
        assertThat(loop.kind()).isEqualTo("back-to");
        assertThat(loop.action()).isEqualTo("Flip");
        // The loop returns to an earlier state: same values as that state.
        TraceState target = t.stream().filter(s -> s.number() == loop.number() && s.kind().equals("state"))
                .findFirst().orElseThrow();
        assertThat(loop.vars()).isEqualTo(target.vars());
        assertThat(loop.changed()).containsExactly("y");
    }

    @Test
    void actionPropertyViolationIsNamedByTlc() throws Exception {
        ModelOutcome o = Fixtures.run("CounterAction");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        assertThat(o.result().verdict()).isEqualTo(Expectation.liveness("NeverDecreases"));
        assertThat(o.result().violation()).isEqualTo("Action property NeverDecreases is violated.");
        assertThat(o.result().trace()).last().extracting(TraceState::action).isEqualTo("Wrap");
    }

    @Test
    void unnamedTemporalViolationWithTwoPropertiesIsAManifestError() throws Exception {
        ModelOutcome o = Fixtures.run("CounterTwoProps");
        assertThat(o.result().verdict()).isEqualTo(Expectation.liveness(Expectation.UNNAMED));
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).contains("manifest error").contains("XEventuallyMax, YEventuallyTwo");
    }

    @Test
    void deadlockIsReportedWithSingleVariableTrace() throws Exception {
        ModelOutcome o = Fixtures.run("Deadlock");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        assertThat(o.result().verdict()).isEqualTo(Expectation.DEADLOCK);
        assertThat(o.result().trace()).extracting(s -> s.vars().get("n")).containsExactly("0", "1", "2");
        assertThat(o.result().trace().get(2).changed()).containsExactly("n");
    }

    @Test
    void parseErrorIsAnErrorVerdictThatNeverMatches() throws Exception {
        ModelOutcome o = Fixtures.run("ParseError");
        assertThat(o.result().exitCode()).isEqualTo(150);
        assertThat(o.result().verdict().kind()).isEqualTo(Expectation.Kind.ERROR);
        assertThat(o.result().verdict().name()).startsWith("parse error").contains("line 5, column 1");
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).contains("expected success").contains("actual error:parse error");
    }

    @Test
    void wrongExpectationIsAFailure() throws Exception {
        ModelOutcome o = Fixtures.judgeAs("CounterSafety", "success", 10L);
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).contains("expected success, actual safety:Small");

        ModelOutcome d = Fixtures.judgeAs("Deadlock", "safety:Small", null);
        assertThat(d.ok()).isFalse();
        assertThat(d.mismatchText()).contains("expected safety:Small, actual deadlock");

        ModelOutcome s = Fixtures.judgeAs("CounterOk", "deadlock", null);
        assertThat(s.ok()).isFalse();
        assertThat(s.mismatchText()).contains("expected deadlock, actual success");
    }

    @Test
    void wrongInvariantOrPropertyNameIsAFailure() throws Exception {
        ModelOutcome o = Fixtures.judgeAs("CounterSafety", "safety:Bounded", null);
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).contains("expected safety:Bounded, actual safety:Small");

        ModelOutcome l = Fixtures.judgeAs("CounterAction", "liveness:XEventuallyMax", null);
        assertThat(l.ok()).isFalse();
        assertThat(l.mismatchText()).contains("expected liveness:XEventuallyMax, actual liveness:NeverDecreases");
    }

    @Test
    void distinctStateDriftIsAFailure() throws Exception {
        ModelOutcome o = Fixtures.judgeAs("CounterOk", "success", 11L);
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).isEqualTo("distinct states: expected 11, actual 10");

        ModelOutcome missing = Fixtures.judgeAs("CounterOk", "success", null);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.mismatchText()).contains("no distinctStates");
    }

    @Test
    void probesAreReportedByTheModelsOwnRun() throws Exception {
        ModelOutcome o = Fixtures.run("CounterProbes");
        assertThat(o.ok()).as(o.mismatchText()).isTrue();
        // ProbeReport adds no state: the count is the model's own.
        assertThat(o.result().distinct()).isEqualTo(10L);
        assertThat(Probes.violated(o.result().rawOutput())).containsExactly("ProbeXNeverMax");
    }

    @Test
    void aProbeTheRunNeverViolatesIsAFailure() throws Exception {
        ModelOutcome o = Fixtures.run("CounterProbeUnreached");
        assertThat(o.result().verdict()).isEqualTo(Expectation.SUCCESS);
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).isEqualTo(
                "probe ProbeYNeverTwo never violated: the model does not reach what it checks");
    }

    @Test
    void counterexampleLengthActionValuesAndRelationsAreChecked() throws Exception {
        ModelOutcome ok = Fixtures.judgeWith("CounterSafety",
                new CounterexampleExpectation(4, "Inc", Map.of("x", "3"), List.of("x > y", "y = 0", "x >= 3")));
        assertThat(ok.ok()).as(ok.mismatchText()).isTrue();

        ModelOutcome bad = Fixtures.judgeWith("CounterSafety",
                new CounterexampleExpectation(5, "Flip", Map.of("x", "2", "z", "0"), List.of("x < y", "x <")));
        assertThat(bad.ok()).isFalse();
        assertThat(bad.mismatches()).containsExactlyInAnyOrder(
                "counterexample: expected 5 states, actual 4",
                "counterexample: expected last action Flip, actual Inc",
                "counterexample: expected x = 2 in the last state, actual 3",
                "counterexample: expected z = 0 in the last state, actual (no such variable)",
                "counterexample: expected x < y in the last state, but x = 3 and y = 0",
                "counterexample: expected x < in the last state, but the relation is malformed (want <var|int> <op> <var|int>)");
    }

    @Test
    void malformedExpectationIsAFailure() throws Exception {
        ModelOutcome o = Fixtures.judgeAs("CounterOk", "safe:Bounded", 10L);
        assertThat(o.ok()).isFalse();
        assertThat(o.mismatchText()).contains("manifest error").contains("safe:Bounded");
    }

    @Test
    void counterexampleTableMarksChangedVariables() throws Exception {
        String table = CounterexampleTable.render(Fixtures.run("CounterSafety").result().trace(), false);
        assertThat(table).contains("State 1: <Initial predicate>")
                .contains("State 2: <Inc>   (line 8, col 8 to line 8, col 43 of module Counter)")
                .contains("State 4: <Inc>");
        // Inc changes x (marked) and leaves y alone (printed, unmarked).
        String state3 = table.substring(table.indexOf("State 3:"), table.indexOf("State 4:"));
        assertThat(state3).contains("      * x = 2").contains("        y = 0").doesNotContain("* y");
        String stutter = CounterexampleTable.render(Fixtures.run("CounterLiveness").result().trace(), false);
        assertThat(stutter).contains("<stuttering> -- nothing changes from here on");
    }

    @Test
    void summaryJsonHasTheFieldsTheReportReads() throws Exception {
        ModelOutcome safety = Fixtures.run("CounterSafety");
        ModelOutcome ok = Fixtures.run("CounterOk");
        SummaryWriter.write(Fixtures.outDir(), Fixtures.manifest(), List.of(ok, safety), 2);
        JsonNode root = new ObjectMapper().readTree(Fixtures.outDir().resolve("summary.json").toFile());
        assertThat(root.get("allOk").asBoolean()).isTrue();
        JsonNode s = root.get("models").get(1);
        assertThat(s.get("name").asText()).isEqualTo("CounterSafety");
        assertThat(s.get("expect").asText()).isEqualTo("safety:Small");
        assertThat(s.get("actual").asText()).isEqualTo("safety:Small");
        assertThat(s.get("ok").asBoolean()).isTrue();
        for (String f : List.of("variant", "finding", "distinct", "generated", "depth", "seconds")) {
            assertThat(s.has(f)).as(f).isTrue();
        }
        JsonNode step = s.get("trace").get(1);
        assertThat(step.get("action").asText()).isEqualTo("Inc");
        assertThat(step.get("location").asText()).contains("module Counter");
        assertThat(step.get("vars").get("x").asText()).isEqualTo("1");
        assertThat(step.get("changed").get(0).asText()).isEqualTo("x");
        assertThat(Files.readString(Fixtures.outDir().resolve("summary.md")))
                .contains("| CounterSafety | fixture | - | `safety:Small` | `safety:Small` | ✓ |");
    }

    @Test
    void modelsSideBySideJudgeAsOneAtATime() throws Exception {
        // Two at a time must change nothing a verdict rests on: the outcomes come back in the
        // order asked, each with the verdict, state count and (or no) counterexample of its lone run.
        List<ManifestEntry> all = Fixtures.manifest().models();
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        ModelRunner runner = new ModelRunner(Fixtures.manifest(), Fixtures.outDir().resolveSibling("tlc-fixtures-jobs"),
                new java.io.PrintStream(log, true, java.nio.charset.StandardCharsets.UTF_8),
                new ModelRunner.Options(5, false, false, false, List.of(), false, 2));
        List<ModelOutcome> side = runner.runAll(all);
        assertThat(side).hasSameSizeAs(all);
        String lines = log.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (int i = 0; i < all.size(); i++) {
            ManifestEntry e = all.get(i);
            ModelOutcome alone = Fixtures.run(e.name()), o = side.get(i);
            assertThat(o.entry().name()).isEqualTo(e.name());
            assertThat(o.ok()).as(e.name()).isEqualTo(alone.ok());
            assertThat(o.result().verdict()).as(e.name()).isEqualTo(alone.result().verdict());
            assertThat(o.result().distinct()).as(e.name()).isEqualTo(alone.result().distinct());
            // (A liveness counterexample's length varies from run to run, side by side or not.)
            assertThat(o.result().trace().isEmpty()).as(e.name()).isEqualTo(alone.result().trace().isEmpty());
            String counter = String.format("[%" + String.valueOf(all.size()).length() + "d/%d] ", i + 1, all.size());
            assertThat(lines.lines().filter(l -> l.startsWith(counter)).count()).as("line of " + e.name()).isEqualTo(1);
        }
    }
}
