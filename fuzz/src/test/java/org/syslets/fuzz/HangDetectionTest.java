package org.syslets.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The watchdog judges progress, not wall time, so a campaign under load reports no false hangs; this
 * is the other direction: a real hang is still one. Each planted hang ({@code Harness.PLANT}) runs
 * the chainsV5 target in a child JVM with a 1 s progress window; the watchdog must halt it with
 * {@link FuzzTargets#HANG_EXIT} and name the kind of hang.
 */
class HangDetectionTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "sleep, no progress, inside its ABI calls",                 // a SYNC read of a pipe nobody writes, on the input's thread
        "background, no progress, waiting for its background chains", // the same read in a background chain
        "spin, spinning, inside its ABI calls"})                     // a loop that ignores every signal
    void aPlantedHangIsReported(String plant, String kind, String where) throws Exception {
        Path dir = FuzzTargets.module().resolve("target").resolve("fuzz-replay");
        Files.createDirectories(dir);
        Path log = dir.resolve("plant-" + plant + ".log");
        FuzzTargets.Target t = FuzzTargets.ALL.get(0);
        FuzzTargets.Outcome o = FuzzTargets.run(t, false,
                List.of("-Dsyslets.fuzz.plantHang=" + plant, "-Dsyslets.fuzz.hangMs=1000"), List.of(), log, 600);
        assertThat(o.exit()).as("exit status; log %s\n%s", log, FuzzTargets.tail(o.output(), 40)).isEqualTo(FuzzTargets.HANG_EXIT);
        assertThat(o.output()).contains("HANG (V5): " + kind).contains(where);
    }
}
