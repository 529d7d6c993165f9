package org.syslets.kernel;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.results.junit.Verdict;
import org.syslets.user.Await;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * copy_from_user: NULL, a PROT_NONE guard page, a munmapped region, a kernel address and a range
 * straddling into a guard page, in every field. -EFAULT (or the documented result), never a crash.
 */
@Timeout(60)
class WildPointerTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void theAtomItself(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            for (long bad : WildPointers.all()) {
                assertThat(k.asyncExec(bad, ahu)).as("0x%x", bad).isEqualTo(-Errno.EFAULT);
            }
            // An atom whose header straddles into the guard page.
            assertThat(k.asyncExec(WildPointers.guardPage() - 16, ahu)).isEqualTo(-Errno.EFAULT);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void retPtrNextAndArgPtrTargets(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            for (long bad : WildPointers.all()) {
                // ret_ptr: the syscall ran, its result cannot be stored: -EFAULT.
                long atom = a.atom(0, Sys.NR_GETPID, bad, 0);
                assertThat(k.asyncExec(atom, ahu)).as("ret_ptr 0x%x", bad).isEqualTo(bad == 0 ? atom : -Errno.EFAULT);
                // next: the first atom ran, the chain aborts at the unreadable next atom.
                long r = a.word(0);
                long first = a.atom(0, Sys.NR_GETPID, r, bad);
                assertThat(k.asyncExec(first, ahu)).as("next 0x%x", bad).isEqualTo(bad == 0 ? first : -Errno.EFAULT);
                assertThat(UserMemory.getLong(r)).isEqualTo(Sys.PID);
                if (bad == 0) continue;
                // arg_ptr target: this atom's result is -EFAULT; the syscall is not run.
                long r2 = a.word(0);
                long closeAtom = a.atom(0, Sys.NR_CLOSE, r2, 0, bad);
                assertThat(k.asyncExec(closeAtom, ahu)).isEqualTo(closeAtom);
                assertThat(UserMemory.getLong(r2)).as("arg 0x%x", bad).isEqualTo(-Errno.EFAULT);
                // arg_ptr[1] bad after a good arg_ptr[0]
                long r3 = a.word(0);
                long lseek = a.atom(0, Sys.NR_LSEEK, r3, 0, a.word(0), bad, a.word(0));
                assertThat(k.asyncExec(lseek, ahu)).isEqualTo(lseek);
                assertThat(UserMemory.getLong(r3)).isEqualTo(-Errno.EFAULT);
            }
        }
    }

    @Test
    @Verdict(finding = "MM10")
    void aPackedAtomAtTheEndOfAMappingIsEfaultInV5Only() {   // Milton (MM10)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r = a.word(0);
                // 32 bytes: header + arg_ptr[0] = NULL, ending exactly at the guard page.
                long atom = a.region().end() - 32;
                UserMemory.putInt(atom, 0);
                UserMemory.putInt(atom + 4, Sys.NR_GETPID);
                UserMemory.putLong(atom + 8, r);
                UserMemory.putLong(atom + 16, 0);
                UserMemory.putLong(atom + 24, 0);
                long res = k.asyncExec(atom, a.ahu(4));
                if (d == Design.V5) {
                    assertThat(res).isEqualTo(-Errno.EFAULT);
                    assertThat(UserMemory.getLong(r)).isZero();
                } else {
                    assertThat(res).isEqualTo(atom);
                    assertThat(UserMemory.getLong(r)).isEqualTo(Sys.PID);
                }
            }
        }
    }

    /**
     * SYSLET_ASYNC needs ahu (the new_thread_stack token and the ring the completion goes to): an
     * unreadable ahu is -EFAULT before anything of the atom runs, on a fresh kernel (no spare yet), on
     * one whose pool already has a spare, and on a registered head. (It used to run synchronously.)
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void asyncAtomWithAnUnreadableAhuIsEfault(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ret = a.word(77);
            long atom = a.atom(Flags.ASYNC, Sys.NR_GETPID, ret, 0);
            for (long bad : WildPointers.all()) {
                assertThat(k.asyncExec(atom, bad)).as("fresh kernel, ahu 0x%x", bad).isEqualTo(-Errno.EFAULT);
            }
            long good = a.ahu(4);
            assertThat(k.asyncExec(atom, good)).as("a spare now exists").isZero();
            Await.until("the spare is back", () -> k.ringStats(good).posted() == 1
                    && k.snapshot().heads().stream().allMatch(h -> h.busy().isEmpty()));
            UserMemory.putLong(ret, 77);
            for (long bad : WildPointers.all()) {
                assertThat(k.asyncExec(atom, bad)).as("spare in the pool, ahu 0x%x", bad).isEqualTo(-Errno.EFAULT);
            }
            assertThat(UserMemory.getLong(ret)).as("the atom never ran").isEqualTo(77);
            java.util.concurrent.atomic.AtomicLong res = new java.util.concurrent.atomic.AtomicLong(1);
            long ahuForSpare = a.ahu(4);
            SysletKernel.HeadHandle h = k.startHead(r -> {
                k.asyncExec(a.atom(0, Sys.NR_GETPID, 0, 0), ahuForSpare);    // the head's first spare
                res.set(k.asyncExec(atom, 0));
            });
            assertThat(h.await(Await.GUARD_MS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
            assertThat(res.get()).as("registered head, ahu NULL").isEqualTo(-Errno.EFAULT);
            assertThat(UserMemory.getLong(ret)).isEqualTo(77);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void ahuAndRing(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            for (long bad : WildPointers.all()) {
                assertThat(k.asyncWait(1, 0, bad)).as("ahu 0x%x", bad).isEqualTo(-Errno.EFAULT);
                // A registered head needs ahu for its spare at the first async_exec.
                long atom = a.atom(0, Sys.NR_GETPID, 0, 0);
                java.util.concurrent.atomic.AtomicLong res = new java.util.concurrent.atomic.AtomicLong(1);
                SysletKernel.HeadHandle h = k.startHead(ret -> res.set(k.asyncExec(atom, bad)));
                assertThat(h.await(Await.GUARD_MS, java.util.concurrent.TimeUnit.MILLISECONDS)).isTrue();
                assertThat(res.get()).isEqualTo(-Errno.EFAULT);
            }
            for (long bad : WildPointers.all()) {
                if (bad == 0) continue;
                // A ring pointer into nowhere: the post faults; v5 loses it, fixed keeps it.
                long ahu = a.ahu(4);
                UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, bad);
                long atom = a.atom(Flags.ASYNC, Sys.NR_GETPID, a.word(0), 0);
                assertThat(k.asyncExec(atom, ahu)).isZero();
                Await.until("completion attempted", () -> {
                    CompletionRing.RingStats s = k.ringStats(ahu);
                    return s.dropped() + s.backlog() == 1;
                });
                CompletionRing.RingStats s = k.ringStats(ahu);
                assertThat(s.faults()).isEqualTo(1);
                assertThat(d == Design.V5 ? s.dropped() : s.backlog()).isEqualTo(1);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void atomsInMemoryTheRuntimeDidNotMapGoThroughProcessVmReadv(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            // a page an atom mapped: user memory the runtime never registered
            long mapped = a.word(0);
            long mmap = a.atom(0, Sys.NR_MMAP, mapped, 0, a.word(0), a.word(4096), a.word(3), a.word(0x22), a.word(-1), a.word(0));
            assertThat(k.asyncExec(mmap, a.ahu(4))).isEqualTo(mmap);
            long mem = UserMemory.getLong(mapped);
            assertThat(mem).isPositive();
            long ret = mem + 4096 - 8, atom = mem + 64;
            assertThat(UserMemory.isRegistered(atom, 80)).isFalse();
            UserArena.writeAtom(atom, 0, Sys.NR_GETPID, ret, 0);
            assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).as("ret_ptr in the atom's own mapping").isEqualTo(Sys.PID);
            Sys.call(Sys.NR_MUNMAP, mem, 4096);
        }
    }

    /**
     * The fuzzer's fixed-design heap corruption: an unaligned -ENOSYS overwrote the low five bytes
     * of a ret_ptr, which then named the last byte below a glibc heap; the store made that heap's
     * arena pointer 0x00ffffffffffffff. Memory neither the runtime mapped nor an atom made (here a
     * malloc'ed block, glibc's heap) is the JVM's: the store is -EFAULT and the bytes stay.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void theKernelNeverStoresIntoTheJvmsMallocHeap(Design d) {
        long mem = UserMemory.U.allocateMemory(64);
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ret = (mem + 7) & ~7L;
            UserMemory.U.putLong(ret, 0x5157_5157_5157_5157L);
            long atom = a.atom(0, Sys.NR_GETPID, ret, 0);
            assertThat(k.asyncExec(atom, a.ahu(4))).as("ret_ptr into the JVM's heap").isEqualTo(-Errno.EFAULT);
            assertThat(UserMemory.U.getLong(ret)).isEqualTo(0x5157_5157_5157_5157L);
            // umem_add through the same pointer
            assertThat(k.umemAdd(ret, 1)).isEqualTo(-Errno.EFAULT);
            assertThat(UserMemory.U.getLong(ret)).isEqualTo(0x5157_5157_5157_5157L);
        } finally {
            UserMemory.U.freeMemory(mem);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void anAtomThatMunmapsItsOwnRegistrySlotIsSafe(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            UserMemory.Region victim = UserMemory.map(8192);
            long r = a.word(0);
            long munmap = a.atom(0, Sys.NR_MUNMAP, r, 0, a.word(victim.address()), a.word(victim.length()));
            assertThat(k.asyncExec(munmap, a.ahu(4))).isEqualTo(munmap);
            assertThat(UserMemory.getLong(r)).isZero();
            assertThat(UserMemory.isRegistered(victim.address(), 8)).isFalse();
            // The runtime now reads it through process_vm_readv: -EFAULT, not a SIGSEGV.
            assertThat(k.asyncExec(victim.address(), a.ahu(4))).isEqualTo(-Errno.EFAULT);
            assertThat(k.umemAdd(victim.address(), 1)).isEqualTo(-Errno.EFAULT);
        }
    }
}
