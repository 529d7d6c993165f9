package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.blockedIn;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * Davide Libenzi's copy-out wait (sys_async_wait_copyout, nr 518) on both designs: real background
 * chains asleep in read(2), a waiter really asleep (parked in futex(2)), and one test per row of
 * docs/copyout.md's findings table that says "impossible by construction" or "changed".
 */
@Timeout(60)
class CopyOutTest {
    static final int NR_FUTEX = 202;

    /** A thread asleep in asyncWaitCopyOut, with its tid and result. */
    static final class Waiter {
        final AtomicLong result = new AtomicLong(Long.MIN_VALUE);
        final AtomicInteger tid = new AtomicInteger();
        final Thread thread;

        Waiter(SysletKernel k, long min, long n, long r, long ahu) {
            thread = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncWaitCopyOut(min, n, r, ahu));
            });
            thread.start();
        }

        /** Asleep for real: the kernel counts it a sleeper and its thread sleeps in futex(2) (the park). */
        void awaitAsleep(SysletKernel k, long ahu) {
            Await.until("waiter asleep in futex", () -> k.copyOutStats(ahu).sleepers() == 1 && tid.get() != 0
                    && blockedIn(tid.get(), NR_FUTEX));
        }

        long join() throws InterruptedException {
            thread.join(Await.GUARD_MS);
            return result.get();
        }
    }

    static long[] read(long r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) out[i] = UserMemory.getLong(r + 8L * i);
        return out;
    }

    /** Tids of the busy background threads of the caller's implicit head. */
    static List<Integer> busyTids(SysletKernel k) {
        List<Integer> out = new ArrayList<>();
        for (KernelSnapshot.HeadState h : k.snapshot().heads()) for (KernelSnapshot.TaskState t : h.busy()) out.add(t.tid());
        return out;
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aWaiterReallyAsleepWakesOnlyAtMinWithTheCompletionsInOrder(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu();
            long buf = a.alloc(64, 8), r = a.alloc(64, 8);
            int[][] pipes = new int[3][];
            long[] atoms = new long[3];
            for (int i = 0; i < 3; i++) {
                pipes[i] = a.pipe(0);
                atoms[i] = a.atom(Flags.ASYNC, Sys.NR_READ, a.word(-1), 0, a.word(pipes[i][0]), a.word(buf + i), a.word(1));
                SpareStacks.refillStack(ahu, 0x1000 + i);   // a spare per SYSLET_ASYNC hand-off
                assertThat(k.asyncExec(atoms[i], ahu)).as("went async").isZero();
            }
            Await.until("three chains asleep in read(2)", () -> {
                List<Integer> b = busyTids(k);
                return b.size() == 3 && b.stream().allMatch(tid -> blockedIn(tid, Sys.NR_READ));
            });
            Waiter w = new Waiter(k, 3, 8, r, ahu);
            w.awaitAsleep(k, ahu);
            for (int i = 0; i < 3; i++) {
                assertThat(Sys.call(Sys.NR_WRITE, pipes[i][1], a.word(0x41), 1)).isEqualTo(1);
                int done = i + 1;
                Await.until("completion " + done + " queued or the waiter returned",
                        () -> k.copyOutStats(ahu).posted() == done);
                if (done < 3) {
                    // no early return: min = 3 and only `done` are queued; still really asleep
                    assertThat(w.result.get()).as("returned with %d < min queued", done).isEqualTo(Long.MIN_VALUE);
                    w.awaitAsleep(k, ahu);
                }
            }
            assertThat(w.join()).isEqualTo(3);
            assertThat(read(r, 3)).as("post order kept").containsExactly(atoms);
            CopyOutQueue.Stats s = k.copyOutStats(ahu);
            assertThat(s.queued()).isZero();
            assertThat(s.copied()).isEqualTo(3);
            assertThat(k.ringStats(ahu).posted()).as("nothing went to a ring").isZero();
            for (int[] p : pipes) TestSupport.close(p);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void badArgumentsGetTheirErrno(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8);
            assertThat(k.asyncWaitCopyOut(0, 0, r, ahu)).as("n = 0").isEqualTo(-Errno.EINVAL);
            assertThat(k.asyncWaitCopyOut(0, -1, r, ahu)).as("n < 0").isEqualTo(-Errno.EINVAL);
            assertThat(k.asyncWaitCopyOut(3, 2, r, ahu)).as("min > n").isEqualTo(-Errno.EINVAL);
            assertThat(k.asyncWaitCopyOut(-1, 2, r, ahu)).as("min < 0").isEqualTo(-Errno.EINVAL);
            assertThat(k.asyncWaitCopyOut(0, 2, r, a.ahu(4))).as("a ring head").isEqualTo(-Errno.EINVAL);
            for (long bad : WildPointers.all()) {
                assertThat(k.asyncWaitCopyOut(1, 1, r, bad)).as("ahu 0x%x", bad).isEqualTo(-Errno.EFAULT);
            }
            assertThat(k.asyncWaitCopyOut(0, 4, r, ahu)).as("min = 0: a poll").isZero();
            // min = n is satisfiable (the spec's MCCopyOutMutEinvalEqual): it waits, then returns n
            assertThat(k.postFromKernel(ahu, 0x1000)).isTrue();
            assertThat(k.postFromKernel(ahu, 0x2000)).isTrue();
            assertThat(k.asyncWaitCopyOut(2, 2, r, ahu)).isEqualTo(2);
            assertThat(k.snapshot().internalErrors()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aSignalEndsTheSleepWithEintrAndTakesNothing(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8);
            assertThat(k.postFromKernel(ahu, 0x1000)).isTrue();
            Waiter w = new Waiter(k, 2, 2, r, ahu);
            w.awaitAsleep(k, ahu);
            assertThat(k.signal(w.tid.get())).isZero();
            assertThat(w.join()).isEqualTo(-Errno.EINTR);
            assertThat(k.copyOutStats(ahu).queued()).as("nothing taken").isEqualTo(1);
            assertThat(k.asyncWaitCopyOut(1, 2, r, ahu)).isEqualTo(1);
            assertThat(UserMemory.getLong(r)).isEqualTo(0x1000);
        }
    }

    /** MM16, overflow — changed: the loss moves to the copy; a faulted copy puts what it took back in front. */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aFaultedCopyRequeuesInFrontOfLaterPosts(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu();
            for (int i = 1; i <= 3; i++) assertThat(k.postFromKernel(ahu, 0x1000L * i)).isTrue();
            long twoSlotsBeforeGuard = a.region().end() - 16;   // r[0], r[1] writable, r[2] in the guard page
            assertThat(k.asyncWaitCopyOut(1, 3, twoSlotsBeforeGuard, ahu)).isEqualTo(-Errno.EFAULT);
            assertThat(UserMemory.getLong(twoSlotsBeforeGuard)).as("a stale pointer r[0]").isEqualTo(0x1000);
            assertThat(k.asyncWaitCopyOut(1, 3, a.region().guardAfter(), ahu)).isEqualTo(-Errno.EFAULT);
            assertThat(k.postFromKernel(ahu, 0x4000)).isTrue();
            long r = a.alloc(64, 8);
            assertThat(k.asyncWaitCopyOut(4, 4, r, ahu)).isEqualTo(4);
            assertThat(read(r, 4)).as("requeued in front, order kept").containsExactly(0x1000, 0x2000, 0x3000, 0x4000);
            CopyOutQueue.Stats s = k.copyOutStats(ahu);
            assertThat(s.copyFaults()).isEqualTo(2);
            assertThat(s.requeued()).isEqualTo(6);
            assertThat(s.queued()).isZero();
        }
    }

    /** Never more than n, and everything queued up to n (not just min). */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void neverMoreThanNAndEveryQueuedOneUpToN(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8);
            for (int i = 1; i <= 5; i++) assertThat(k.postFromKernel(ahu, 0x1000L * i)).isTrue();
            UserMemory.putLong(r + 16, 0xdead);
            assertThat(k.asyncWaitCopyOut(1, 2, r, ahu)).isEqualTo(2);
            assertThat(UserMemory.getLong(r + 16)).as("r[n] untouched").isEqualTo(0xdead);
            assertThat(k.asyncWaitCopyOut(1, 8, r, ahu)).as("all three left, not just min").isEqualTo(3);
            assertThat(read(r, 3)).containsExactly(0x3000, 0x4000, 0x5000);
        }
    }

    /**
     * MM1 — impossible by construction: no indices. Milton's case in the ring is a wait entered with
     * K &lt; U after K wrapped; here 20 rounds of 3 completions (more than any 3-slot ring holds) each wake
     * a waiter asleep for all 3, on v5 too, and the kernel never writes a word of the ahu.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void mm1NoIndexSoNoWrapToMiss(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8);
            long[] before = read(ahu, AsyncHeadUserLayout.SIZE / 8);
            for (int round = 0; round < 20; round++) {
                Waiter w = new Waiter(k, 3, 3, r, ahu);
                w.awaitAsleep(k, ahu);
                for (int i = 0; i < 3; i++) assertThat(k.postFromKernel(ahu, 0x1000L * (3 * round + i + 1))).isTrue();
                assertThat(w.join()).as("round %d", round).isEqualTo(3);
            }
            long[] after = read(ahu, AsyncHeadUserLayout.SIZE / 8);
            after[AsyncHeadUserLayout.NEW_THREAD_STACK / 8] = before[AsyncHeadUserLayout.NEW_THREAD_STACK / 8];
            assertThat(after).as("no shared index, no ring word written").containsExactly(before);
        }
    }

    /**
     * RING-FULL and MM16's overflow — impossible / changed: 64 completions outstanding at once (a
     * ring of 8 would be full with K = U and then drop on v5) are all kept, none lost, in order, and
     * a wait for exactly as many as are queued returns at once.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void ringFullAndOverflowCannotHappen(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(8 * 64, 8);
            long[] expect = new long[64];
            for (int i = 0; i < 64; i++) {
                expect[i] = 0x1000L * (i + 1);
                assertThat(k.postFromKernel(ahu, expect[i])).isTrue();
            }
            assertThat(k.asyncWaitCopyOut(64, 64, r, ahu)).isEqualTo(64);
            assertThat(read(r, 64)).containsExactly(expect);
            assertThat(k.ringStats(ahu).dropped()).isZero();
        }
    }

    /** NO-OVERWRITE — impossible by construction: the kernel writes r only inside the user's own call. */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void postsNeverWriteUserMemory(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8);
            assertThat(k.postFromKernel(ahu, 0x1000)).isTrue();
            assertThat(k.asyncWaitCopyOut(1, 4, r, ahu)).isEqualTo(1);
            for (int i = 0; i < 8; i++) UserMemory.putLong(r + 8L * i, 0x5a5a);   // the user reuses r at once
            for (int i = 0; i < 6; i++) assertThat(k.postFromKernel(ahu, 0x2000L + i)).isTrue();
            assertThat(read(r, 8)).as("posts left r alone").containsOnly(0x5a5a);
        }
    }

    /**
     * EXACTLY-ONCE and SLOT-OWNERSHIP — changed: no slot to leave uncleared; the count says exactly
     * what r holds. Two real background threads post 300 each while two waiters take batches: every
     * completion is received exactly once, and each waiter's batches keep each poster's order.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void exactlyOnceUnderConcurrentPostsAndWaits(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu();
            int per = 300;
            AtomicInteger received = new AtomicInteger();
            List<List<Long>> got = List.of(new ArrayList<>(), new ArrayList<>());
            Thread[] ts = new Thread[4];
            for (int p = 0; p < 2; p++) {
                long tag = (p + 1L) << 32;
                ts[p] = new Thread(() -> {
                    for (int i = 1; i <= per; i++) k.postFromKernel(ahu, tag | i);
                });
            }
            for (int w = 0; w < 2; w++) {
                long r = a.alloc(8 * 8, 8);
                List<Long> mine = got.get(w);
                ts[2 + w] = new Thread(() -> {
                    while (received.get() < 2 * per) {
                        long n = k.asyncWaitCopyOut(0, 8, r, ahu);   // a poll: the other waiter may take the last ones
                        assertThat(n).isBetween(0L, 8L);
                        for (int i = 0; i < n; i++) mine.add(UserMemory.getLong(r + 8L * i));
                        received.addAndGet((int) n);
                        if (n == 0) Thread.onSpinWait();
                    }
                });
            }
            for (Thread t : ts) t.start();
            for (Thread t : ts) t.join(Await.GUARD_MS);
            Set<Long> all = new HashSet<>();
            for (List<Long> l : got) {
                for (Long x : l) assertThat(all.add(x)).as("received twice: 0x%x", x).isTrue();
                long[] last = new long[3];
                for (Long x : l) {
                    int p = (int) (x >>> 32);
                    assertThat(x & 0xffff_ffffL).as("poster %d's order", p).isGreaterThan(last[p]);
                    last[p] = x & 0xffff_ffffL;
                }
            }
            assertThat(all).hasSize(2 * per);
            assertThat(k.copyOutStats(ahu).queued()).isZero();
        }
    }

    /** An atom may name nr 518: on the head both designs refuse it inside a syslet (-ENOSYS, as every runtime call but umem_add; v5's MM21 hole is in background threads only). */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void anAtomCallingTheWaitIsRefused(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.copyOutAhu(), r = a.alloc(64, 8), ret = a.word(7);
            assertThat(k.postFromKernel(ahu, 0x1000)).isTrue();
            long atom = a.atom(0, SysletKernel.NR_ASYNC_WAIT_COPYOUT, ret, 0, a.word(0), a.word(4), a.word(r), a.word(ahu));
            long fin = k.asyncExec(atom, a.ahu(4));
            assertThat(fin).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).isEqualTo(-Errno.ENOSYS);
            assertThat(k.copyOutStats(ahu).queued()).as("nothing taken").isEqualTo(1);
            assertThat(k.snapshot().internalErrors()).isZero();
        }
    }
}
