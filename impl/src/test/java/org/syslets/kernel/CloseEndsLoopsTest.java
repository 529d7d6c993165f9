package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Flags;
import org.syslets.user.Await;
import org.syslets.user.UserArena;

/**
 * close() ends every loop it started: a background chain that never ends by itself (next = itself,
 * no signal) stops at its next atom once the kernel is closed, and close() returns only after its
 * thread ended. Before, such a loop outlived close() (which gave up after closeWaitMs) and kept
 * spinning: the fuzzer's ringsV5 "spinning" finding, CPU of loops left by earlier inputs. The state
 * is checked (thread alive or not), never a duration.
 */
@Timeout(120)
class CloseEndsLoopsTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void closeEndsAnEndlessBackgroundChainAndItsThread(Design d) {
        UserArena a = UserArena.map(1 << 16);
        List<Thread> runtime = new ArrayList<>();
        try {
            SysletKernel k = new SysletKernel(d);
            long ahu = a.ahu(8);
            long counter = a.word(0), one = a.word(1);
            // umem_add(&counter, 1), next = itself: an endless syslet loop, handed to a spare
            long loop = a.alloc(80, 8);
            UserArena.writeAtom(loop, Flags.ASYNC, SysletKernel.NR_UMEM_ADD, 0, loop, a.word(counter), one);
            assertThat(k.asyncExec(loop, ahu)).as("handed off").isZero();
            Await.until("the loop runs", () -> UserMemory.getLong(counter) > 1000);
            for (KTask t : k.tasks) if (t.runtimeThread) runtime.add(t.thread);
            assertThat(runtime).isNotEmpty();
            k.close();
            for (Thread th : runtime) assertThat(th.isAlive()).as("%s after close()", th.getName()).isFalse();
        } finally {
            // A loop that outlived close() is RUNNING for good: unmapping its arena would wait for
            // its grace period for ever (what this test saw before close() ended loops), so leak it.
            if (runtime.stream().noneMatch(Thread::isAlive)) a.close();
        }
    }
}
