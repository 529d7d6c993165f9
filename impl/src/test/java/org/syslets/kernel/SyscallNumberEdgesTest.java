package org.syslets.kernel;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an atom's syscall number decides before anything runs, at the edges of the table: a number at
 * or above NR_syscalls is no syscall at all (-ENOSYS, Milton MM15), decided before the exclusion test
 * ever sees it; and the one syscall that calls force_successful_syscall_return(), getpriority, marks
 * the task force_noerror only when it succeeded (kernel/sys.c), no other syscall does.
 */
@Timeout(60)
class SyscallNumberEdgesTest {

    private static KernelSnapshot.TaskState me(SysletKernel k) {
        int tid = Sys.gettid();
        return k.snapshot().tasks().stream().filter(t -> t.tid() == tid).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aNumberAtOrAboveTheTableIsNoSyscallAndNeverReachesTheExclusionTest(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            // SYNC: in v5 the head is not async-ready, so a number that got as far as the exclusion test
            // would be counted let through (runtime calls are forbidden inside a syslet, MM21).
            for (long nr : new long[] {SysletKernel.TABLE_SIZE, SysletKernel.TABLE_SIZE + 1, Integer.MAX_VALUE}) {
                long r = a.word(7);
                long atom = a.atom(Flags.SYNC, (int) nr, r, 0);
                assertThat(k.asyncExec(atom, ahu)).isEqualTo(atom);
                assertThat(UserMemory.getLong(r)).as("nr " + nr).isEqualTo(-Errno.ENOSYS);
            }
            KernelSnapshot s = k.snapshot();
            assertThat(s.forbiddenRefused()).as("no exclusion verdict for a number outside the table").isZero();
            assertThat(s.forbiddenLetThrough()).isZero();
            assertThat(s.internalErrors()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void forceNoerrorMarksASuccessfulGetpriorityAndNothingElse(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4), r = a.word(0);
            // getpid succeeds, getpriority(PRIO_PROCESS, 0) succeeds (20 - nice), getpriority(99, 0) is -EINVAL.
            long getpid = a.atom(0, Sys.NR_GETPID, r, 0);
            assertThat(k.asyncExec(getpid, ahu)).isEqualTo(getpid);
            assertThat(UserMemory.getLong(r)).isEqualTo(Sys.PID);
            assertThat(me(k).forceNoerror()).as("after getpid").isFalse();

            long bad = a.atom(0, Sys.NR_GETPRIORITY, r, 0, a.word(99), a.word(0));
            assertThat(k.asyncExec(bad, ahu)).isEqualTo(bad);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EINVAL);
            assertThat(me(k).forceNoerror()).as("after a failed getpriority").isFalse();

            long good = a.atom(0, Sys.NR_GETPRIORITY, r, 0, a.word(0), a.word(0));
            assertThat(k.asyncExec(good, ahu)).isEqualTo(good);
            assertThat(UserMemory.getLong(r)).isBetween(1L, 40L);
            assertThat(me(k).forceNoerror()).as("after a successful getpriority").isTrue();
        }
    }
}
