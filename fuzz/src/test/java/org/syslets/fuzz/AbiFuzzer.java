package org.syslets.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.syslets.design.Design;

/**
 * Coverage-guided fuzz targets over the raw syslet ABI, two surfaces on both designs. Every input is
 * decoded by {@link Harness} into atoms, chains, flags, syscall numbers, argument lists and the
 * calls that submit them; see there for the syscall whitelist and the pointer domains that keep the
 * fuzzer from ever hurting the JVM itself.
 *
 * <p>A finding is: a JVM crash (the child JVM dies; the parent saves the input), a hang (the
 * per-input watchdog saves it and halts the JVM), a Java error escaping an entry point, an
 * uncaught-exception handler firing in any runtime thread, or an error the runtime itself caught and
 * counted ({@code snapshot().internalErrors()}).
 *
 * <p>Regression mode (the test command) replays {@code AbiFuzzerInputs/} (shared by every method)
 * and {@code AbiFuzzerInputs/<method>/} (findings); {@code FuzzReplayTest} runs each method in its
 * own child JVM. Fuzzing mode: {@code ./syslets fuzz}.
 */
class AbiFuzzer {
    /** Chains on the caller's thread: atom bytes, next anywhere in the arena (cycles), ASYNC chains, signals. */
    @FuzzTest(maxDuration = "")
    void chainsV5(byte[] data) {
        Harness.of(Design.V5).run(new Bytes(data), Harness.Surface.CHAINS);
    }

    @FuzzTest(maxDuration = "")
    void chainsFixed(byte[] data) {
        Harness.of(Design.FIXED).run(new Bytes(data), Harness.Surface.CHAINS);
    }

    /** ahu and ring bytes, async_wait arguments, async_thread, umem_add, runtime calls inside atoms. */
    @FuzzTest(maxDuration = "")
    void ringsV5(byte[] data) {
        Harness.of(Design.V5).run(new Bytes(data), Harness.Surface.RINGS);
    }

    @FuzzTest(maxDuration = "")
    void ringsFixed(byte[] data) {
        Harness.of(Design.FIXED).run(new Bytes(data), Harness.Surface.RINGS);
    }
}
