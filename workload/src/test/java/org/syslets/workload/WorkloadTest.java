package org.syslets.workload;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * The fio-style workload on both designs, small sizes. Only the workload's own accounting is
 * asserted (counts, never times); the class timeout is a hang bound, as in the runtime tests.
 */
@Timeout(600)
class WorkloadTest {

    private static Summary run(Design d, Scenario s, int iodepth, int ring, int syslets) throws Exception {
        Config c = Config.of(d, s, iodepth, ring, syslets);
        return WorkloadEngine.run(new Config(d, s, iodepth, ring, syslets, 0, c.escapeMs(), c.hungMs(), null,
                System.out));
    }

    @Test
    void fixedSteadyLosesNothingAndSeesBothPaths() throws Exception {
        Summary s = run(Design.FIXED, Scenario.STEADY, 8, 0, 64);
        assertThat(s.submitted()).isEqualTo(64);
        assertThat(s.lost()).isZero();
        assertThat(s.duplicated()).isZero();
        assertThat(s.dropped()).isZero();
        assertThat(s.starved()).isZero();
        assertThat(s.errors()).as("every ret_ptr and buffer as expected").isZero();
        assertThat(s.cachemiss()).as("pipe reads filled only after the head switched").isPositive();
        assertThat(s.cached()).as("page-cache reads and pre-filled pipes").isPositive();
        assertThat(s.reaped()).isEqualTo(s.cachemiss());
        assertThat(s.cached() + s.reaped()).isEqualTo(s.submitted());
        assertThat(s.clean()).isTrue();
        assertThat(s.unexpected()).isNull();
    }

    @Test
    void overflowV5DropsAndLosesFixedBacklogsAndLosesNothing() {   // MM16
        try {
            Summary v5 = run(Design.V5, Scenario.OVERFLOW, 8, 2, 32);
            assertThat(v5.dropped()).as("v5 drops a completion whose slot is taken").isPositive();
            assertThat(v5.lost()).as("and nobody reaps it").isEqualTo(v5.dropped());
            assertThat(v5.duplicated()).isZero();
            assertThat(v5.errors()).isZero();
            assertThat(v5.reaped() + v5.cached() + v5.lost()).isEqualTo(v5.submitted());
            assertThat(v5.unexpected()).isNull();

            Summary fixed = run(Design.FIXED, Scenario.OVERFLOW, 8, 2, 32);
            assertThat(fixed.dropped()).isZero();
            assertThat(fixed.backlogged()).as("the kernel backlog was used and flushed").isPositive();
            assertThat(fixed.clean()).as(fixed.line()).isTrue();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void wrapV5WaiterStarvesFixedNever() throws Exception {   // MM1
        Summary v5 = run(Design.V5, Scenario.WRAP, 3, 0, 24);
        assertThat(v5.ring()).isEqualTo(4);
        assertThat(v5.starved()).as("v5 async_wait sleeps with the batch already in the ring").isPositive();
        assertThat(v5.lost()).as("the escape releases it and the events are all there").isZero();
        assertThat(v5.duplicated()).isZero();
        assertThat(v5.dropped()).as("the ring never fills (iodepth = N - 1)").isZero();
        assertThat(v5.unexpected()).isNull();

        Summary fixed = run(Design.FIXED, Scenario.WRAP, 3, 0, 24);
        assertThat(fixed.starved()).isZero();
        assertThat(fixed.clean()).as(fixed.line()).isTrue();
    }

    @Test
    void revertingOneFixIsCaughtByTheWorkload() throws Exception {   // teeth: MM16 and MM1 reverted
        Summary noBacklog = run(Design.FIXED.without(Finding.MM16_OVERFLOW), Scenario.OVERFLOW, 8, 2, 16);
        assertThat(noBacklog.design()).isEqualTo("fixed-without-MM16");
        assertThat(noBacklog.dropped()).isPositive();
        assertThat(noBacklog.unexpected()).isNotNull();

        Summary noWrapFix = run(Design.FIXED.without(Finding.MM1_WRAPAROUND), Scenario.WRAP, 3, 0, 12);
        assertThat(noWrapFix.starved()).isPositive();
        assertThat(noWrapFix.unexpected()).isNotNull();
    }

    /** The summary line is what a stage in another JVM judges by: it reads back to the same numbers. */
    @Test
    void summaryLineReadsBack() {
        Summary s = new Summary("v5", "overflow", 8, 2, 400, 10, 390, 300, 90, 90, 0, 0, 0, 0, 0, 390, 3.5);
        Summary back = Summary.parse(s.line());
        assertThat(back).isEqualTo(s);
        assertThat(back.unexpected()).isNull();
        assertThat(Summary.parse(s.line().replace("dropped=90", "dropped=0")).unexpected()).contains("MM16");
    }
}
