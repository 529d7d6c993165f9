package org.syslets.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.kernel.Recording;

/**
 * Teeth: traces that are not behaviours of the spec are rejected, at the step where they stop
 * being one. The expected step is computed from the trace itself (not from TLC), e.g. "the first
 * Post that the runtime dropped" or "the first WaitEnter that slept with events_left > min".
 */
class TraceTeethTest {

    @AfterEach
    void unplant() {
        Recording.plant(Recording.Fault.NONE);
    }

    private static void rejectedAt(TraceSupport.Checked c, int expectedIndex, String action) {
        assertThat(expectedIndex).as("the trace contains the divergent event").isGreaterThanOrEqualTo(0);
        assertThat(c.verdict().accepted()).as("rejected").isFalse();
        assertThat(c.verdict().divergent().a()).isEqualTo(action);
        assertThat(c.verdict().matched()).as(c.verdict().explain()).isEqualTo(expectedIndex);
    }

    /** MM1's signature in a trace: a wait that sleeps although events_left exceeds min (K < U read as K - U). */
    private static boolean mm1Wait(TraceWriter.Step s) {
        return s.a().equals("WaitEnter") && s.out().equals("sleep") && s.el() > s.m();
    }

    @Test
    void v5DropIsRejectedByTheFixedSpecAtTheFirstDroppedPost() throws Exception {   // MM16
        var c = TraceSupport.check(Workloads.OVERFLOW, Design.V5, Design.FIXED, 1, "v5_vs_fixed", true);
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> s.a().equals("Post") && s.out().equals("dropped")), "Post");
        assertThat(c.verdict().allowed()).as(c.verdict().explain()).anyMatch(a -> a.startsWith("Post(") && a.contains("backlog"));
    }

    @Test
    void v5WaitWithKBelowUIsRejectedByTheFixedSpecAtThatWait() throws Exception {   // MM1
        var c = TraceSupport.check(Workloads.WAIT_WRAPPED, Design.V5, Design.FIXED, 1, "v5_vs_fixed", false);
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> mm1Wait(s)), "WaitEnter");
    }

    @Test
    void fixedWaitOnAFullRingIsRejectedByTheV5Spec() throws Exception {   // RING-FULL, the other way round
        var c = TraceSupport.check(Workloads.WAIT_FULL, Design.FIXED, Design.V5, 1, "fixed_vs_v5", false);
        // v5 reads K = U as empty: it must sleep where the fixed kernel returned.
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> s.a().equals("WaitEnter") && s.m() == 2), "WaitEnter");
        assertThat(c.verdict().divergent().out()).isEqualTo("return");
    }

    @Test
    void plantedOverwritingPostIsRejectedAtThePostIntoAFullRing() throws Exception {
        Recording.plant(Recording.Fault.POST_OVERWRITES);
        var c = TraceSupport.check(Workloads.OVERFLOW, Design.FIXED, Design.FIXED, 1, "bug_overwrite", true);
        int[] occupied = {0};
        int n = c.trace().cfg().n();
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> {
            boolean intoFull = s.a().equals("Post") && s.out().equals("stored") && occupied[0] == n;
            if (s.a().equals("Post") && s.out().equals("stored") || s.a().equals("Flush")) occupied[0]++;
            if (s.a().equals("ReapClear")) occupied[0]--;
            return intoFull;
        }), "Post");
    }

    @Test
    void plantedV5FormulaInTheFixedWaitIsRejectedAtThatWait() throws Exception {
        Recording.plant(Recording.Fault.WAIT_V5_FORMULA);
        var c = TraceSupport.check(Workloads.WAIT_WRAPPED, Design.FIXED, Design.FIXED, 1, "bug_formula", false);
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> mm1Wait(s)), "WaitEnter");
    }

    @Test
    void plantedNewestFirstFlushIsRejectedAtTheFirstFlushOfTwoBacklogged() throws Exception {
        Recording.plant(Recording.Fault.FLUSH_NEWEST_FIRST);
        var c = TraceSupport.check(Workloads.OVERFLOW, Design.FIXED, Design.FIXED, 1, "bug_flush", false);
        int[] backlog = {0};
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> {
            if (s.a().equals("Flush")) return backlog[0]-- >= 2;
            if (s.a().equals("Post") && s.out().equals("backlog")) backlog[0]++;
            return false;
        }), "Flush");
    }

    @Test
    void plantedDoublePostIsRejectedAtTheSecondPost() throws Exception {
        Recording.plant(Recording.Fault.POST_TWICE);
        var c = TraceSupport.check(Workloads.CACHED_AND_ASYNC, Design.FIXED, Design.FIXED, 1, "bug_twice", false);
        Set<Integer> seen = new HashSet<>();
        rejectedAt(c, TraceSupport.first(c.trace(), (j, s) -> s.a().equals("Post") && !seen.add(s.atom())), "Post");
    }
}
