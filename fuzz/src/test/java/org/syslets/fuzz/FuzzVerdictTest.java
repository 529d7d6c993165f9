package org.syslets.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * libFuzzer's error exit status is 77, the same number the watchdog halts a hung child with: the
 * verdict must come from what the child printed, or a JVM crash is filed as a hang (and saved as a
 * "timeout" input).
 */
class FuzzVerdictTest {
    static FuzzTargets.Outcome outcome(int exit, String output) {
        return new FuzzTargets.Outcome(exit, output, null);
    }

    @Test
    void theWatchdogsHaltIsAHang() {
        var o = outcome(FuzzTargets.HANG_EXIT, "HANG (V5): no progress: ...");
        assertThat(o.hang()).isTrue();
        assertThat(o.verdict()).isEqualTo("hang");
    }

    @Test
    void aDeadlySignalWithExit77IsACrashNotAHang() {
        var o = outcome(FuzzTargets.HANG_EXIT, "==1== ERROR: libFuzzer: deadly signal\nSUMMARY: libFuzzer: deadly signal");
        assertThat(o.hang()).isFalse();
        assertThat(o.verdict()).isEqualTo("JVM crash");
    }

    @Test
    void aJavaFindingWithExit77IsAJavaError() {
        var o = outcome(FuzzTargets.HANG_EXIT, "== Java Exception: java.lang.AssertionError");
        assertThat(o.hang()).isFalse();
        assertThat(o.verdict()).isEqualTo("Java error or failed check");
    }

    @Test
    void aCleanRunIsClean() {
        assertThat(outcome(0, "Done 100 runs").verdict()).isEqualTo("clean");
        assertThat(outcome(0, "UNCAUGHT in syslet-1-spare").verdict()).isEqualTo("uncaught exception in a runtime thread");
    }
}
