package org.syslets.uring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What this kernel's io_uring does for each 2007 finding (docs/io_uring.md). Skipped, and saying why,
 * where io_uring cannot be set up; never passed without running. Writes target/results/uring.json.
 */
public class UringFindingsTest {
    /** Shared by the io_uring test classes of this JVM; each writes the file when it ends. */
    public static final UringResults RESULTS = new UringResults();
    static String unavailable;

    @BeforeAll
    static void ioUringIsThere() {
        unavailable = IoUring.unavailable();
        if (unavailable != null) RESULTS.skip("io_uring findings: " + unavailable);
    }

    @AfterAll
    public static void writeResults() {
        Path root = Path.of(System.getProperty("syslets.root", ".."));
        RESULTS.write(root, Map.of("mode", "test", "kernel", System.getProperty("os.version")), Map.of(), false);
    }

    private static void check(String name) throws Exception {
        assumeTrue(unavailable == null, () -> "skipped, io_uring unavailable: " + unavailable);
        UringFindings.Check c = UringFindings.all().stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        UringFindings.Verdict v = c.body().run();
        RESULTS.finding(v);
        System.out.println(v);
        assertThat(v.asExpected()).as(v.toString()).isTrue();
    }

    @Test void mm8_unknownSqeFlagsFailTheRequestWithEinval() throws Exception { check("unknownSqeFlagsFailTheRequestWithEinval"); }
    @Test void mm8_unknownEnterAndSetupFlagsAreEinval() throws Exception { check("unknownEnterAndSetupFlagsAreEinval"); }
    @Test void mm15_opcodePastTheLastIsEinvalInTheCqe() throws Exception { check("opcodePastTheLastIsEinvalInTheCqe"); }
    @Test void mm7_linkStopsOnFailureHardlinkDoesNot() throws Exception { check("linkStopsOnFailureHardlinkDoesNot"); }
    @Test void mm16_nodropLosesNothingUnderOverflow() throws Exception { check("nodropLosesNothingUnderOverflow"); }
    @Test void mm1_minCompleteNeitherEarlyNorLate() throws Exception { check("minCompleteNeitherEarlyNorLate"); }
    @Test void ringFull_fullRingIsNotEmptyAndMinIsClamped() throws Exception { check("fullRingIsNotEmptyAndMinIsClamped"); }
    @Test void mm1_timedOutWaitReturnsZeroWithFewerThanMin() throws Exception { check("timedOutWaitReturnsZeroWithFewerThanMin"); }
    @Test void mm1_indicesAreFreeRunningU32() throws Exception { check("indicesAreFreeRunningU32"); }
}
