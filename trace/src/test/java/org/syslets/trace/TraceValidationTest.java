package org.syslets.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.design.Design;
import org.syslets.kernel.Recording;

/**
 * Short traces of every workload kind on the fixed design are behaviours of spec/SysletTrace.tla
 * (SysletRing with Formula "full", Overflow "backlog"): TLC accepts them (exit 12 on NotAccepted).
 * The long runs are {@code ./syslets trace}.
 */
class TraceValidationTest {

    static Stream<Workloads.TraceRun> workloads() {
        return Workloads.all().stream();
    }

    @Test
    void recordingIsCompiledInForThisJvm() {
        assertThat(Recording.ON).as("surefire passes -Dsyslets.trace=true").isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void fixedRuntimeTraceIsAcceptedByTheFixedSpec(Workloads.TraceRun w) throws Exception {
        TraceSupport.Checked c = TraceSupport.check(w, Design.FIXED, Design.FIXED, 1, "fixed", true);
        // A trace without ring events would be accepted vacuously: every workload posts and reaps.
        assertThat(c.trace().steps()).extracting(TraceWriter.Step::a).contains("SubmitAsync", "Post", "PublishK", "ReapRead", "ReapClear", "ReapAdvance");
        assertThat(c.trace().steps()).as("no syslet number 0 (unlinked post or reap)")
                .noneMatch(s -> (s.a().equals("Post") || s.a().equals("ReapRead")) && s.atom() == 0);
        assertThat(c.trace().unresolvedSubmits()).isZero();
        assertThat(c.verdict().accepted()).as(c.verdict().explain()).isTrue();
    }

    @Test
    void theWorkloadsReachTheCasesTheyAreNamedFor() throws Exception {
        // Not a TLC check: the traces above must contain the interesting steps, else acceptance is cheap.
        var ov = TraceWriter.ringTrace(Workloads.OVERFLOW.run(Design.FIXED, 1).events(), 0, Workloads.config(Design.FIXED, 2));
        assertThat(ov.steps()).as("recorded for ring 0: nothing").isEmpty();
        var rec = Workloads.OVERFLOW.run(Design.FIXED, 1);
        var t = TraceWriter.ringTrace(rec.events(), rec.ahu(), Workloads.config(Design.FIXED, 2));
        assertThat(t.steps()).anyMatch(s -> s.a().equals("Post") && s.out().equals("backlog"));
        assertThat(t.steps()).anyMatch(s -> s.a().equals("Flush"));
        var wr = Workloads.WAIT_WRAPPED.run(Design.V5, 1);
        var tw = TraceWriter.ringTrace(wr.events(), wr.ahu(), Workloads.config(Design.V5, 4));
        assertThat(tw.steps()).as("v5: the MM1 wait sleeps with events_left > min and is interrupted")
                .anyMatch(s -> s.a().equals("WaitEnter") && s.out().equals("sleep") && s.el() > s.m())
                .anyMatch(s -> s.a().equals("WaitIntr"));
        var nc = Workloads.NO_COMPLETE.run(Design.FIXED, 1);
        var tn = TraceWriter.ringTrace(nc.events(), nc.ahu(), Workloads.config(Design.FIXED, 4));
        assertThat(tn.steps()).filteredOn(s -> s.a().equals("Retire")).hasSize(2);
        var pb = Workloads.PIPE_BLOCKS.run(Design.FIXED, 1);
        var tp = TraceWriter.ringTrace(pb.events(), pb.ahu(), Workloads.config(Design.FIXED, 4));
        assertThat(tp.steps()).filteredOn(s -> s.a().equals("SubmitAsync")).hasSize(3);
        assertThat(tp.steps()).filteredOn(s -> s.a().equals("Post"))
                .as("each blocked read completes once, linked to its submission")
                .extracting(TraceWriter.Step::atom).containsExactlyInAnyOrder(1, 2, 3);
    }
}
