package org.syslets.kernel;


import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.results.junit.Verdict;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/** umem_add (UMEM-ATOMIC, AM1, MM9), syslet loops, and stopping endless chains with a signal. */
@Timeout(60)
class UmemAndSignalTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    @Verdict(finding = "AM1", expect = "holds")
    void umemAddReturnsTheNewValueAndEfaultOnBadPointers(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long x = a.word(40);
            assertThat(k.umemAdd(x, 2)).isEqualTo(42);
            assertThat(UserMemory.getLong(x)).isEqualTo(42);
            for (long bad : WildPointers.all()) {
                assertThat(k.umemAdd(bad, 1)).as("0x%x", bad).isEqualTo(-Errno.EFAULT);   // AM1
            }
        }
    }

    @Test
    @Verdict(finding = "UMEM-ATOMIC")
    void concurrentUmemAddLosesUpdatesInV5Only() throws Exception {   // UMEM-ATOMIC
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long x = a.word(0);
                boolean lost = false;
                int rounds = d == Design.V5 ? 50 : 3;
                for (int round = 0; round < rounds && !lost; round++) {
                    UserMemory.putLong(x, 0);
                    final int perThread = 100_000;
                    Thread[] ts = new Thread[2];
                    for (int i = 0; i < 2; i++) {
                        ts[i] = new Thread(() -> {
                            for (int j = 0; j < perThread; j++) k.umemAdd(x, 1);
                        });
                        ts[i].start();
                    }
                    for (Thread t : ts) t.join();
                    lost = UserMemory.getLong(x) != 2L * perThread;
                }
                assertThat(lost).as(d + " loses updates").isEqualTo(d == Design.V5);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aSysletLoopCountsDownWithUmemAddAndSkip(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long counter = a.word(5), minus1 = a.word(-1), counterP = counter;
            long r = a.word(0), rEnd = a.word(0);
            // A: umem_add(&counter, -1); when it reaches 0 skip to A+80 (B), else next = A (loop).
            long atomA = a.alloc(80, 8);
            long atomB = atomA + 80;
            a.alloc(80, 8);
            org.syslets.user.UserArena.writeAtom(atomA, Flags.STOP_ON_ZERO | Flags.SKIP_TO_NEXT_ON_STOP,
                    SysletKernel.NR_UMEM_ADD, r, atomA, a.word(counterP), minus1);
            org.syslets.user.UserArena.writeAtom(atomB, 0, Sys.NR_GETPID, rEnd, 0);
            assertThat(k.asyncExec(atomA, a.ahu(4))).isEqualTo(atomB);
            assertThat(UserMemory.getLong(counter)).isZero();
            assertThat(UserMemory.getLong(rEnd)).isEqualTo(Sys.PID);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void anEndlessChainOnTheHeadStopsOnASignal(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long counter = a.word(0), one = a.word(1), r = a.word(0);
            long loop = a.alloc(80, 8);
            UserArena.writeAtom(loop, 0, SysletKernel.NR_UMEM_ADD, r, loop, a.word(counter), one);
            long ahu = a.ahu(4);
            AtomicLong result = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger tid = new AtomicInteger();
            Thread t = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncExec(loop, ahu));
            });
            t.start();
            Await.until("loop running", () -> UserMemory.getLong(counter) > 1000);
            assertThat(k.signal(tid.get())).isZero();
            t.join(Await.GUARD_MS);
            assertThat(result.get()).as("the last executed atom").isEqualTo(loop);
            assertThat(UserMemory.getLong(r)).isEqualTo(UserMemory.getLong(counter));
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void anEndlessBackgroundChainStopsPostsAndLeavesToUserSpace(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long counter = a.word(0), one = a.word(1), r = a.word(0);
            long loop = a.alloc(80, 8);
            // NO_COMPLETE on the looping atom: an interrupted chain is posted all the same, so that
            // user space learns it stopped early (spec: SysletAtoms, nc == ... /\ ~StoppedBySignal).
            UserArena.writeAtom(loop, Flags.ASYNC | Flags.NO_COMPLETE, SysletKernel.NR_UMEM_ADD, r, loop,
                    a.word(counter), one);
            List<Long> userEntries = new CopyOnWriteArrayList<>();
            long ip = k.registerEntry(userEntries::add);
            long ahu = a.ahu(4, ip, 0);
            assertThat(k.asyncExec(loop, ahu)).as("went async").isZero();
            Await.until("loop running", () -> UserMemory.getLong(counter) > 1000);
            KernelSnapshot.TaskState busy = k.snapshot().heads().stream().flatMap(h -> h.busy().stream())
                    .findFirst().orElseThrow();
            assertThat(busy.at()).isEqualTo(busy.atAddr());
            assertThat(busy.asyncReady()).isZero();
            assertThat(k.signal(busy.tid())).isZero();
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(new RingReaper(ahu).reap()).isEqualTo(loop);
            Await.until("left to user space at new_thread_ip", () -> userEntries.size() == 1);
            assertThat(userEntries.get(0)).isEqualTo(-Errno.EINTR);
            Await.until("back in the pool", () -> k.snapshot().heads().stream()
                    .anyMatch(h -> h.spares().stream().anyMatch(s -> s.tid() == busy.tid())));
        }
    }

    @Test
    @Verdict(finding = "MM9")
    void forceNoerrorIsSetByUmemAddAndClearedPerAtomOnlyWhenFixed() {   // Milton (MM9)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long x = a.word(-10), five = a.word(5), xp = a.word(x);
                long getpid = a.atom(0, Sys.NR_GETPID, 0, 0);
                long add = a.atom(0, SysletKernel.NR_UMEM_ADD, a.word(0), 0, xp, five);
                k.asyncExec(add, a.ahu(4));
                boolean afterAdd = k.currentTask().forceNoerror;
                k.asyncExec(getpid, a.ahu(4));
                boolean afterNext = k.currentTask().forceNoerror;
                if (d == Design.V5) {
                    assertThat(afterAdd).as("v5: umem_add never sets it").isFalse();
                } else {
                    assertThat(afterAdd).isTrue();
                    assertThat(afterNext).as("fixed: cleared before the next atom").isFalse();
                }
            }
        }
    }

    /**
     * Milton (MM9): "There are some syscalls that can return -EFAULT but later have
     * force_syscall_noerror ... clear the force_noerror flag between syscalls." getpriority (a real
     * force_successful_syscall_return() caller) runs first; the next atom fails with -EFAULT. In v5 the
     * flag is still set when that error comes back (it would be reported as a success); fixed clears it.
     */
    @Test
    @Verdict(finding = "MM9")
    void forceNoerrorLeaksIntoTheNextAtomInV5Only() {
        for (Design d : new Design[] {Design.V5, Design.FIXED, Design.FIXED.without(Finding.MM9_FORCE_NOERROR)}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long fault = a.word(0);
                // The faulting atom writes NULL to a pipe this test owns: -EFAULT at once, whatever the
                // test's standard input is (a read of fd 0 would block under an empty stdin).
                int[] p = a.pipe(0);
                long badWrite = a.atom(0, Sys.NR_WRITE, fault, 0, a.word(p[1]), a.word(0), a.word(8)); // buf NULL
                long prio = a.atom(0, Sys.NR_GETPRIORITY, a.word(-1), badWrite, a.word(0 /* PRIO_PROCESS */), a.word(0));
                k.asyncExec(prio, a.ahu(4));
                close(p);
                assertThat(UserMemory.getLong(fault)).as("the second atom really failed").isEqualTo(-Errno.EFAULT);
                boolean leaked = k.currentTask().forceNoerror;
                assertThat(leaked).as("%s: force_noerror still set when the -EFAULT of the next atom returns", d)
                        .isEqualTo(!d.isFixed(Finding.MM9_FORCE_NOERROR));
            }
        }
    }
}
