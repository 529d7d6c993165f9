package org.syslets.kernel;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.UserMemory;
import org.syslets.results.junit.Verdict;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * Milton (MM21): the exclusion test. The probe is clone3(NULL, 0): a forbidden syscall the real
 * kernel rejects with EINVAL (size below CLONE_ARGS_SIZE_VER0) before creating anything, so a
 * let-through is observable (-EINVAL from the kernel) versus a refusal (-ENOSYS from the runtime)
 * without ever forking the JVM.
 */
@Timeout(60)
class ForbiddenSyscallTest {
    static final int CLONE3 = 435, FORK = 57;

    private static long clone3Atom(UserArena a, int flags, long ret) {
        return a.atom(flags, CLONE3, ret, 0, a.word(0), a.word(0));
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void theHeadRefusesInBothDesigns(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long r = a.word(0);
            long atom = clone3Atom(a, 0, r);
            assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.ENOSYS);
            long nested = a.atom(0, SysletKernel.NR_ASYNC_EXEC, r, 0, a.word(atom), a.word(a.ahu(4)));
            assertThat(k.asyncExec(nested, a.ahu(4))).isEqualTo(nested);
            assertThat(UserMemory.getLong(r)).as("async_exec inside a syslet").isEqualTo(-Errno.ENOSYS);
        }
    }

    @Test
    @Verdict(finding = "MM21")
    void aSyncAtomInTheHeadLetsItThroughInV5Only() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r = a.word(0);
                long atom = clone3Atom(a, Flags.SYNC, r);
                assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
                assertThat(UserMemory.getLong(r)).isEqualTo(d == Design.V5 ? -Errno.EINVAL : -Errno.ENOSYS);
            }
        }
    }

    @Test
    @Verdict(finding = "MM21")
    void aBackgroundThreadLetsItThroughInV5Only() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r = a.word(0), ahu = a.ahu(4);
                long atom = clone3Atom(a, Flags.ASYNC, r);
                assertThat(k.asyncExec(atom, ahu)).isZero();
                assertThat(k.asyncWait(1, 0, ahu)).isZero();
                assertThat(new RingReaper(ahu).reap()).isEqualTo(atom);
                assertThat(UserMemory.getLong(r)).as(d.toString())
                        .isEqualTo(d == Design.V5 ? -Errno.EINVAL : -Errno.ENOSYS);
                KernelSnapshot s = k.snapshot();
                assertThat(s.forbiddenLetThrough()).isEqualTo(d == Design.V5 ? 1 : 0);
                assertThat(s.forbiddenRefused()).isEqualTo(d == Design.V5 ? 0 : 1);
            }
        }
    }

    @Test
    void aLetThroughForkIsStoppedByTheJvmGuardNotExecuted() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r = a.word(0), ahu = a.ahu(4);
                long atom = a.atom(Flags.ASYNC, FORK, r, 0);
                assertThat(k.asyncExec(atom, ahu)).isZero();
                assertThat(k.asyncWait(1, 0, ahu)).isZero();
                assertThat(UserMemory.getLong(r)).isEqualTo(d == Design.V5 ? -Errno.EPERM : -Errno.ENOSYS);
                assertThat(k.snapshot().jvmGuarded()).isEqualTo(d == Design.V5 ? 1 : 0);
            }
        }
    }
}
