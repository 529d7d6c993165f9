package org.syslets.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.design.Design;
import org.syslets.kernel.Recording;

/**
 * Task level (spec/SysletTaskTrace.tla over SysletTasks): short traces of the registered-head
 * workloads on the fixed design are accepted; v5's exclusion test (MM21) and a planted second head
 * are rejected at the step computed from the trace.
 */
class TaskTraceTest {

    @AfterEach
    void unplant() {
        Recording.plant(Recording.Fault.NONE);
    }

    record Checked(TaskTraceWriter.TaskTrace trace, TlcCheck.Verdict verdict) {
    }

    static Checked check(Workloads.TraceRun w, Design runtime, Design spec, String tag, boolean explain) throws Exception {
        Workloads.Recorded rec = w.run(runtime, 1);
        List<Long> heads = TaskTraceWriter.heads(rec.events());
        assertThat(heads).as("one registered head").hasSize(1);
        TaskTraceWriter.TaskTrace t = TaskTraceWriter.taskTrace(rec.events(), heads.get(0), Workloads.exclusion(spec));
        String name = ("TT_" + w.name() + "_" + tag).replaceAll("[^A-Za-z0-9_]", "_");
        TlcCheck.Verdict v = TraceSupport.TLC.check(t, TraceSupport.OUT, name, explain);
        System.out.println("tasks " + w.name() + " " + runtime + " vs Exclusion " + t.exclusion() + ": " + v.explain());
        return new Checked(t, v);
    }

    static int first(TaskTraceWriter.TaskTrace t, java.util.function.Predicate<TaskTraceWriter.TaskStep> p) {
        for (int j = 0; j < t.steps().size(); j++) if (p.test(t.steps().get(j))) return j;
        return -1;
    }

    static Stream<Workloads.TraceRun> workloads() {
        return Workloads.taskLevel().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void fixedRuntimeTaskTraceIsAcceptedByTheFixedSpec(Workloads.TraceRun w) throws Exception {
        Checked c = check(w, Design.FIXED, Design.FIXED, "fixed", true);
        // Not vacuous: every such run switches heads, creates spares and parks the old heads.
        assertThat(c.trace().steps()).extracting(TaskTraceWriter.TaskStep::a)
                .contains("CreateSpare", "Block", "Unblock", "RefillStack");
        if (w == Workloads.HEAD_CANCEL) {
            assertThat(c.trace().steps()).extracting(TaskTraceWriter.TaskStep::a)
                    .contains("ExecEnter", "ExecAtom", "ExecExit", "SignalToUser", "AsyncThread");
        } else {
            assertThat(c.trace().steps()).extracting(TaskTraceWriter.TaskStep::a).contains("Complete", "Park");
        }
        if (w == Workloads.FORBIDDEN_BG) {
            assertThat(c.trace().steps()).as("the fixed runtime refuses clone3 in the background")
                    .anyMatch(s -> forbiddenInBackground(s, "refused"));
        }
        assertThat(c.verdict().accepted()).as(c.verdict().explain()).isTrue();
    }

    private static boolean forbiddenInBackground(TaskTraceWriter.TaskStep s, String verdict) {
        // A background thread's atom: at set, async_ready NULL (only the head is async-ready).
        return s.a().equals("ExecAtom") && s.out().equals(verdict) && s.at() == 1 && s.ready() == 0;
    }

    @Test
    void v5ForbiddenSyscallInTheBackgroundIsAcceptedByTheV5SpecAndRejectedByTheFixedOne() throws Exception {   // MM21
        Checked v5 = check(Workloads.FORBIDDEN_BG, Design.V5, Design.V5, "v5", true);
        assertThat(v5.trace().steps()).anyMatch(s -> forbiddenInBackground(s, "ran"));
        assertThat(v5.verdict().accepted()).as(v5.verdict().explain()).isTrue();
        // The same kind of run against Exclusion = "at": rejected at the first clone3 that ran.
        Checked c = check(Workloads.FORBIDDEN_BG, Design.V5, Design.FIXED, "v5_vs_fixed", true);
        int at = first(c.trace(), s -> forbiddenInBackground(s, "ran"));
        assertThat(at).isGreaterThanOrEqualTo(0);
        assertThat(c.verdict().accepted()).isFalse();
        assertThat(c.verdict().divergent().a()).isEqualTo("ExecAtom");
        assertThat(c.verdict().matched()).as(c.verdict().explain()).isEqualTo(at);
        assertThat(c.verdict().allowed()).as(c.verdict().explain()).anyMatch(a -> a.contains("forbidden: refused"));
    }

    @Test
    void v5ForbiddenSyncAtomInTheHeadIsRejectedByTheFixedSpec() throws Exception {   // MM21, the head's SYNC atom
        Checked c = check(Workloads.HEAD_CANCEL, Design.V5, Design.FIXED, "v5_vs_fixed", false);
        // The head (t1) inside async_exec running a SYNC atom: at set, async_ready cleared; v5 lets it run.
        int at = first(c.trace(), s -> s.a().equals("ExecAtom") && s.t() == 1 && s.out().equals("ran"));
        assertThat(at).isGreaterThanOrEqualTo(0);
        assertThat(c.verdict().accepted()).isFalse();
        assertThat(c.verdict().divergent().a()).isEqualTo("ExecAtom");
        assertThat(c.verdict().matched()).as(c.verdict().explain()).isEqualTo(at);
    }

    @Test
    void fixedRefusalIsRejectedByTheV5Spec() throws Exception {   // MM21, the other way round
        Checked c = check(Workloads.FORBIDDEN_BG, Design.FIXED, Design.V5, "fixed_vs_v5", false);
        int at = first(c.trace(), s -> forbiddenInBackground(s, "refused"));
        assertThat(at).isGreaterThanOrEqualTo(0);
        assertThat(c.verdict().accepted()).isFalse();
        assertThat(c.verdict().matched()).as(c.verdict().explain()).isEqualTo(at);
    }

    @Test
    void plantedSecondHeadIsRejectedAtTheFirstHeadSwitch() throws Exception {
        Recording.plant(Recording.Fault.SECOND_HEAD);
        Checked c = check(Workloads.PIPE_BLOCKS, Design.FIXED, Design.FIXED, "bug_second_head", true);
        int at = first(c.trace(), s -> s.a().equals("Block"));
        assertThat(at).isGreaterThanOrEqualTo(0);
        assertThat(c.trace().steps().get(at).out()).as("the old head was not demoted").isEqualTo("head");
        assertThat(c.verdict().accepted()).isFalse();
        assertThat(c.verdict().divergent().a()).isEqualTo("Block");
        assertThat(c.verdict().matched()).as(c.verdict().explain()).isEqualTo(at);
    }
}
