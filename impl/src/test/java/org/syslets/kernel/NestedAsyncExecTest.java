package org.syslets.kernel;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Milton (MM21): v5's exclusion test lets async_exec run from a SYSLET_SYNC atom on the head and from
 * any atom of a background thread. An atom that calls async_exec on itself then recurses: the kernel
 * would overflow its stack. The emulation bounds the nesting ({@link SysletKernel#KERNEL_STACK_DEPTH})
 * and turns the overflow into -ELOOP, counted in {@code snapshot().kernelStackOverflows()}: a visible
 * v5 finding, never a Java error. Fixed refuses the inner async_exec with -ENOSYS.
 */
@Timeout(60)
class NestedAsyncExecTest {

    /** An atom of {@code flags} whose syscall is async_exec(itself, ahu). */
    private static long selfExec(UserArena a, int flags, long ret, long ahu) {
        long self = a.alloc(80, 8);
        UserArena.writeAtom(self, flags, SysletKernel.NR_ASYNC_EXEC, ret, 0, a.word(self), a.word(ahu));
        return self;
    }

    @Test
    void onTheHeadV5OverflowsTheEmulatedKernelStackAndFixedRefuses() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(4), ret = a.word(0);
                long atom = selfExec(a, Flags.SYNC, ret, ahu);
                assertThat(k.asyncExec(atom, ahu)).as("%s: the outer call returns its final atom", d).isEqualTo(atom);
                KernelSnapshot s = k.snapshot();
                if (d == Design.V5) {
                    // Every level stores the final atom returned by the level below it; the deepest
                    // level's async_exec found no kernel stack left.
                    assertThat(UserMemory.getLong(ret)).isEqualTo(atom);
                    assertThat(s.kernelStackOverflows()).as("v5: the recursion is counted").isEqualTo(1);
                } else {
                    assertThat(UserMemory.getLong(ret)).isEqualTo(-Errno.ENOSYS);
                    assertThat(s.kernelStackOverflows()).isZero();
                }
            }
        }
    }

    @Test
    void theDeepestLevelSeesEloop() {
        try (SysletKernel k = new SysletKernel(Design.V5); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            // Each level has its own ret word: ret[i] = &word_i, so the levels are told apart.
            long[] rets = new long[SysletKernel.KERNEL_STACK_DEPTH + 2];
            long[] atoms = new long[rets.length];
            for (int i = 0; i < atoms.length; i++) atoms[i] = a.alloc(80, 8);
            for (int i = 0; i < atoms.length; i++) {
                rets[i] = a.word(0);
                long next = atoms[Math.min(i + 1, atoms.length - 1)];
                UserArena.writeAtom(atoms[i], Flags.SYNC, SysletKernel.NR_ASYNC_EXEC, rets[i], 0, a.word(next), a.word(ahu));
            }
            assertThat(k.asyncExec(atoms[0], ahu)).isEqualTo(atoms[0]);
            int deepest = -1;
            for (int i = 0; i < rets.length; i++) if (UserMemory.getLong(rets[i]) == -Errno.ELOOP) deepest = i;
            assertThat(deepest).as("the atom at the bound got -ELOOP").isEqualTo(SysletKernel.KERNEL_STACK_DEPTH - 1);
        }
    }

    @Test
    void inABackgroundThreadV5PostsTheCompletionAndTheThreadReturnsToThePool() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(4), ret = a.word(0);
                // ASYNC: a spare runs it, where async_ready is NULL (v5 lets async_exec through).
                long atom = selfExec(a, Flags.ASYNC, ret, ahu);
                for (int round = 0; round < 3; round++) {
                    if (round > 0) org.syslets.user.SpareStacks.refillStack(ahu, 0x5eed);
                    assertThat(k.asyncExec(atom, ahu)).as("went async").isZero();
                    int expected = round + 1;
                    Await.until(d + ": completion " + expected + " posted", () -> k.ringStats(ahu).posted() == expected);
                    assertThat(new RingReaper(ahu).reap()).isEqualTo(atom);
                    Await.until("the spare is back in the pool", () -> k.snapshot().heads().stream()
                            .allMatch(h -> h.busy().isEmpty()) && k.snapshot().heads().stream().anyMatch(h -> h.spares().size() == 1));
                }
                KernelSnapshot s = k.snapshot();
                assertThat(s.kernelStackOverflows()).isEqualTo(d == Design.V5 ? 3 : 0);
                assertThat(s.internalErrors()).isZero();
                assertThat(UserMemory.getLong(ret)).isEqualTo(d == Design.V5 ? atom : -Errno.ENOSYS);
            }
        }
    }
}
