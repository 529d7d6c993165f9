package org.syslets.uring.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.trace.TlcCheck;
import org.syslets.uring.IoUring;
import org.syslets.uring.UringFindingsTest;

/**
 * Short trace validation of real io_uring runs (the long ones are the main job's): every workload's
 * trace is a behaviour of spec/UringCqTrace.tla; a planted lost CQE, duplicated CQE and early-returning
 * wait are rejected at the event where the trace stops being one, an index computed from the trace
 * itself; and a recorded observation changed by one is rejected at that observation.
 */
class UringTraceTest {
    static final Path ROOT = Path.of(System.getProperty("syslets.root", ".."));
    static final Path OUT = ROOT.resolve("uring/target/test-traces");
    static TlcCheck tlc;
    static String unavailable;

    @BeforeAll
    static void setUp() {
        unavailable = IoUring.unavailable();
        if (unavailable != null) UringFindingsTest.RESULTS.skip("io_uring traces: " + unavailable);
        tlc = new TlcCheck(ROOT.resolve("spec"));
    }

    @AfterAll
    static void writeResults() {
        UringFindingsTest.writeResults();
    }

    static Stream<UringTraceRuns.TraceRun> workloads() {
        return UringTraceRuns.all().stream();
    }

    private static TlcCheck.Verdict check(UringTrace t, String tag, boolean explain) throws Exception {
        TlcCheck.Verdict v = tlc.check(t, OUT, ("U_" + t.name() + "_" + tag).replaceAll("[^A-Za-z0-9_]", "_"), explain);
        System.out.println(t.name() + " " + tag + ": " + t.steps().size() + " events: " + v.explain());
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void realRunIsABehaviourOfTheSpec(UringTraceRuns.TraceRun w) throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace t = w.run(1, 1);
        TlcCheck.Verdict v = check(t, "real", true);
        UringFindingsTest.RESULTS.trace(w.name() + " (size 1)", true, v.accepted(), t.steps().size() + " events: " + v.explain());
        assertThat(t.count("ReadCqe")).as("a trace without reaped CQEs is accepted cheaply").isPositive();
        assertThat(t.steps().get(t.steps().size() - 1).toString()).isEqualTo("End(missing=0)");
        assertThat(v.accepted()).as(v.explain()).isTrue();
    }

    @Test
    void theRunsReachWhatTheyAreNamedFor() throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace ov = UringTraceRuns.OVERFLOW.run(1, 1);
        assertThat(ov.steps()).as("overflow: the flag seen set").anyMatch(e -> e.a().equals("ReadFlags") && e.v() == 1);
        assertThat(ov.steps()).as("and cleared again").anyMatch(e -> e.a().equals("ReadFlags") && e.v() == 0);
        UringTrace wr = UringTraceRuns.WRAP_LIKE.run(1, 1);
        assertThat(wr.count("StoreHead")).as("wrap-like: indices around the 4-entry ring many times").isGreaterThan(8L * wr.cq());
        assertThat(wr.steps()).as("wrap-like: overflowed").anyMatch(e -> e.a().equals("ReadFlags") && e.v() == 1);
        UringTrace lk = UringTraceRuns.LINKS.run(1, 1);
        assertThat(lk.steps()).as("links: cancelled CQEs").anyMatch(e -> e.a().equals("ReadCqe") && e.res() == -125);
        UringTrace nb = UringTraceRuns.NOP_BATCHES.run(3, 3);
        assertThat(nb.count("StoreHead")).as("180 CQEs cross the spec's 2^W = 64 twice").isGreaterThan(2L << UringTrace.W);
        TlcCheck.Verdict v = check(nb, "across_2W", false);
        UringFindingsTest.RESULTS.trace("nop-batches (size 3, across 2^W twice)", true, v.accepted(), nb.steps().size() + " events: " + v.explain());
        assertThat(v.accepted()).as(v.explain()).isTrue();
    }

    static int first(UringTrace t, PlantedFaults.At p) {
        return PlantedFaults.first(t, p);
    }

    /** Also: the explanation names what the spec allowed there, an event of kind {@code allowedKind}. */
    private static void rejectedAt(UringTrace t, String tag, int expected, String kind, String allowedKind) throws Exception {
        TlcCheck.Verdict v = check(t, tag, true);
        UringFindingsTest.RESULTS.trace(t.name() + " planted " + tag, false, v.accepted(),
                v.accepted() ? "accepted" : "rejected at event " + (v.matched() + 1) + " (" + v.divergent() + "), expected " + (expected + 1));
        assertThat(expected).as("the trace contains the planted event").isGreaterThanOrEqualTo(0);
        assertThat(v.accepted()).as("rejected").isFalse();
        assertThat(v.matched()).as(v.explain()).isEqualTo(expected);
        assertThat(v.divergent().a()).isEqualTo(kind);
        assertThat(v.allowed()).as("what the spec allows there: " + v.explain()).anyMatch(a -> a.startsWith(allowedKind + "("));
    }

    @Test
    void plantedLostCqeIsRejectedAtTheHeadStoreThatSkipsIt() throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace t = UringTraceRuns.NOP_BATCHES.run(1, 1, IoUring.Fault.LOST_CQE, 5);
        rejectedAt(t, "LOST_CQE", PlantedFaults.expectedRejection(t, IoUring.Fault.LOST_CQE), "StoreHead", "StoreHead");
    }

    @Test
    void plantedDuplicateCqeIsRejectedAtTheSecondRead() throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace t = UringTraceRuns.NOP_BATCHES.run(1, 1, IoUring.Fault.DUPLICATE_CQE, 5);
        rejectedAt(t, "DUPLICATE_CQE", PlantedFaults.expectedRejection(t, IoUring.Fault.DUPLICATE_CQE), "ReadCqe", "StoreHead");
    }

    @Test
    void plantedEarlyWaitIsRejectedAtTheTailReadThatShowsFewerThanMin() throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace t = UringTraceRuns.WAIT_MIN.run(1, 1, IoUring.Fault.EARLY_WAIT, 0);
        rejectedAt(t, "EARLY_WAIT", PlantedFaults.expectedRejection(t, IoUring.Fault.EARLY_WAIT), "ReadTail", "ReadTail");
    }

    /**
     * The trace spec checks each kind of observation: a value changed where no hidden kernel step could
     * explain it is rejected -- a tail one past what was submitted and the overflow flag set while every
     * submitted completion is already visible in the ring, right at that look; a CQE with a user_data
     * never submitted, at or before that read.
     */
    @Test
    void anImpossibleObservationIsRejectedAtThatObservation() throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringTrace t = UringTraceRuns.OVERFLOW.run(1, 1);
        PlantedFaults.At allVisible = (b, e) -> b.size() > 10
                && b.stream().filter(x -> x.a().equals("Submit")).count() == PlantedFaults.last(b, "ReadTail", -1);
        for (String kind : List.of("ReadTail", "ReadFlags", "ReadCqe")) {
            int j = first(t, switch (kind) {
                case "ReadTail" -> (b, e) -> e.a().equals(kind) && allVisible.test(b, e);
                case "ReadFlags" -> (b, e) -> e.a().equals(kind) && e.v() == 0 && allVisible.test(b, e);
                default -> (b, e) -> e.a().equals(kind) && b.size() > 10;
            });
            List<CqRecorder.Event> ev = new ArrayList<>(t.steps());
            CqRecorder.Event e = ev.get(j);
            ev.set(j, switch (kind) {
                case "ReadTail" -> new CqRecorder.Event(kind, e.v() + 1, 0, 0, "changed: tail + 1");
                case "ReadFlags" -> new CqRecorder.Event(kind, 1, 0, 0, "changed: flag set");
                default -> new CqRecorder.Event(kind, e.v(), t.atoms() + 1, e.res(), "changed: a user_data never submitted");
            });
            UringTrace changed = new UringTrace(t.name(), t.cq(), t.atoms() + 1, ev);
            TlcCheck.Verdict v = check(changed, "changed_" + kind, false);
            assertThat(v.accepted()).as(kind + " changed at event " + (j + 1)).isFalse();
            if (kind.equals("ReadCqe")) {
                // The search tries at each CQ index only the completion the log reads there (the oracle): a
                // CQE read that no submission explains leaves the kernel no way to fill that index, so the
                // trace is rejected at the first look that needed it filled -- no later than the read itself.
                assertThat(v.matched()).as(v.explain()).isLessThanOrEqualTo(j);
            } else {
                assertThat(v.matched()).as(v.explain()).isEqualTo(j);
            }
        }
    }
}
