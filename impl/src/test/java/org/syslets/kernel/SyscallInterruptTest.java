package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.UserArena;

/**
 * A signal interrupts a syscall the task is asleep in, and close() ends a thread asleep in one,
 * as Linux does: the fuzzer's chainsV5 hang was an atom asleep for good in
 * select(0, NULL, NULL, NULL, NULL), which neither signal() nor close() ended (the runtime's
 * signal only set a flag read between atoms). Here the atom is select(0, NULL, NULL, NULL, &60 s),
 * so that the unfixed runtime fails on the atom's result, 0 (timed out), not by hanging: the
 * assertion is the result the kernel returned (-EINTR), never a duration.
 */
@Timeout(180)
class SyscallInterruptTest {
    private static final long SECONDS = 60;

    private static long selectAtom(UserArena a, int flags, long ret) {
        long tv = a.alloc(16, 8);
        UserMemory.putLong(tv, SECONDS);
        UserMemory.putLong(tv + 8, 0);
        long atom = a.alloc(80, 8);
        UserArena.writeAtom(atom, flags, Sys.NR_SELECT, ret, 0, a.word(0), a.word(0), a.word(0), a.word(0), a.word(tv));
        return atom;
    }

    private static boolean inSyscall(KTask t) {
        int ph = KTask.phase(t.word());
        return ph == KTask.SYSCALL_PINNED || ph == KTask.SYSCALL_SWITCHABLE || ph == KTask.SWITCHED;
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aSignalInterruptsTheSyscallAnAtomIsAsleepIn(Design d) throws Exception {
        try (UserArena a = UserArena.map(1 << 16)) {
            SysletKernel k = new SysletKernel(d);
            long ahu = a.ahu(8);
            long ret = a.word(12345);
            long atom = selectAtom(a, Flags.SYNC, ret);
            AtomicLong result = new AtomicLong(Long.MIN_VALUE), tid = new AtomicLong();
            Thread caller = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncExec(atom, ahu));
            }, "select-caller");
            caller.start();
            Await.until("the caller asleep in select", () -> k.tasks.stream().anyMatch(t -> t.tid == tid.get() && inSyscall(t)));
            assertThat(k.signal((int) tid.get())).isZero();
            caller.join();
            assertThat(UserMemory.getLong(ret)).as("select's result: -EINTR, not 0 (timed out after %d s)", SECONDS)
                    .isEqualTo(-Errno.EINTR);
            assertThat(result.get()).as("the chain ended at that atom, back to user space").isEqualTo(atom);
            k.close();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void closeEndsABackgroundThreadAsleepInASyscall(Design d) {
        UserArena a = UserArena.map(1 << 16);
        List<Thread> runtime = new ArrayList<>();
        try {
            SysletKernel k = new SysletKernel(d);
            long ahu = a.ahu(8);
            long ret = a.word(12345);
            long atom = selectAtom(a, Flags.ASYNC, ret);
            assertThat(k.asyncExec(atom, ahu)).as("handed off").isZero();
            Await.until("a runtime thread asleep in select", () -> k.tasks.stream().anyMatch(t -> t.runtimeThread && inSyscall(t)));
            for (KTask t : k.tasks) if (t.runtimeThread) runtime.add(t.thread);
            k.close();
            for (Thread th : runtime) assertThat(th.isAlive()).as("%s after close()", th.getName()).isFalse();
            assertThat(UserMemory.getLong(ret)).as("select's result: -EINTR, not 0 (timed out after %d s)", SECONDS)
                    .isEqualTo(-Errno.EINTR);
        } finally {
            if (runtime.stream().noneMatch(Thread::isAlive)) a.close();
        }
    }
}
