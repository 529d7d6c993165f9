package org.syslets.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.syslets.workload.Summary;

/** The fio-style scenarios on io_uring, short: nothing lost, duplicated, starved, hung or wrong (the main job runs them longer). */
class UringWorkloadTest {

    @AfterAll
    static void writeResults() {
        UringFindingsTest.writeResults();
    }

    @ParameterizedTest
    @EnumSource(UringWorkload.Scenario.class)
    void scenarioIsClean(UringWorkload.Scenario s) throws Exception {
        String why = IoUring.unavailable();
        assumeTrue(why == null, () -> "skipped, io_uring unavailable: " + why);
        Summary sum = UringWorkload.run(new UringWorkload.Config(s, 8, 0, 120));
        System.out.println(sum.line());
        UringFindingsTest.RESULTS.workload(s.id(), sum.unexpected() == null, sum.line());
        assertThat(sum.unexpected()).as(sum.line()).isNull();
        assertThat(sum.reaped()).isEqualTo(sum.submitted());
        if (s == UringWorkload.Scenario.OVERFLOW) {
            assertThat(sum.backlogged()).as("the overflow list was used").isPositive();
        }
        if (s == UringWorkload.Scenario.STEADY) {
            assertThat(sum.ring()).isEqualTo(8);
        }
    }
}
