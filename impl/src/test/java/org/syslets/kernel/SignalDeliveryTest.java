package org.syslets.kernel;


import java.util.concurrent.atomic.AtomicInteger;
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
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * Signals as Linux delivers them: a signal stays pending until the task returns to user space. While
 * it is pending, every chain stops between atoms and async_wait returns -EINTR at once instead of
 * sleeping. In particular async_wait's -EINTR does not consume it, so a syslet loop around
 * async_wait (v5: a SYNC atom on the head or any atom in the background, the MM21 hole) stops too.
 */
@Timeout(60)
class SignalDeliveryTest {

    /** A loop atom: {@code nr}(args...) with next = itself, built in place. */
    private static long loop(UserArena a, int flags, int nr, long ret, long... argPtrs) {
        long self = a.alloc(80, 8);
        UserArena.writeAtom(self, flags, nr, ret, self, argPtrs);
        return self;
    }

    private static long runUntilSignalled(SysletKernel k, long atom, long ahu, long ret) throws Exception {
        AtomicLong result = new AtomicLong(Long.MIN_VALUE);
        AtomicInteger tid = new AtomicInteger();
        Thread t = new Thread(() -> {
            tid.set(Sys.gettid());
            result.set(k.asyncExec(atom, ahu));
        });
        t.setDaemon(true);
        t.start();
        Await.until("the loop ran an atom", () -> tid.get() != 0 && UserMemory.getLong(ret) != Long.MIN_VALUE
                || result.get() != Long.MIN_VALUE);
        // Repeated signals would hide a lost one: exactly one signal must stop the loop.
        assertThat(k.signal(tid.get())).isZero();
        t.join(Await.GUARD_MS);
        assertThat(t.isAlive()).as("the loop is still running after the signal").isFalse();
        return result.get();
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void anAsyncWaitLoopOnTheHeadStopsOnOneSignal(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4), ret = a.word(Long.MIN_VALUE);
            // v5 lets the SYNC async_wait through (async_ready is NULL during SYNC atoms): it sleeps
            // on an empty ring until the signal; fixed refuses it, and the loop spins on -ENOSYS.
            long atom = loop(a, Flags.SYNC, SysletKernel.NR_ASYNC_WAIT, ret, a.word(1), a.word(0), a.word(ahu));
            if (d == Design.V5) {
                // Let it fall asleep first, so the signal is the one that ends the sleep.
                AtomicLong result = new AtomicLong(Long.MIN_VALUE);
                AtomicInteger tid = new AtomicInteger();
                Thread t = new Thread(() -> {
                    tid.set(Sys.gettid());
                    result.set(k.asyncExec(atom, ahu));
                });
                t.setDaemon(true);
                t.start();
                Await.until("asleep in async_wait", () -> k.ringStats(ahu).sleepers() == 1);
                assertThat(k.signal(tid.get())).isZero();
                t.join(Await.GUARD_MS);
                assertThat(t.isAlive()).as("v5: async_wait's -EINTR consumed the signal, the loop went on").isFalse();
                assertThat(result.get()).isEqualTo(atom);
                assertThat(UserMemory.getLong(ret)).isEqualTo(-Errno.EINTR);
            } else {
                assertThat(runUntilSignalled(k, atom, ahu, ret)).isEqualTo(atom);
                assertThat(UserMemory.getLong(ret)).isEqualTo(-Errno.ENOSYS);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aBackgroundAsyncWaitLoopStopsPostsAndLeavesToUserSpace(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long other = a.ahu(4);                           // the loop waits on another, empty ring
            long ahu = a.ahu(4), ret = a.word(Long.MIN_VALUE);
            long atom = loop(a, Flags.ASYNC, SysletKernel.NR_ASYNC_WAIT, ret, a.word(1), a.word(0), a.word(other));
            assertThat(k.asyncExec(atom, ahu)).as("went async").isZero();
            Await.until("the loop is busy", () -> UserMemory.getLong(ret) != Long.MIN_VALUE || k.ringStats(other).sleepers() == 1);
            KernelSnapshot.TaskState busy = k.snapshot().heads().stream().flatMap(h -> h.busy().stream())
                    .findFirst().orElseThrow();
            assertThat(k.signal(busy.tid())).isZero();
            Await.until(d + ": the interrupted chain is posted", () -> k.ringStats(ahu).posted() == 1);
            assertThat(new RingReaper(ahu).reap()).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).isEqualTo(d == Design.V5 ? -Errno.EINTR : -Errno.ENOSYS);
            Await.until("back in the pool", () -> k.snapshot().heads().stream().allMatch(h -> h.busy().isEmpty()));
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void loopsOfEveryKindStopOnOneSignal(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            long r1 = a.word(Long.MIN_VALUE), r2 = a.word(Long.MIN_VALUE), r3 = a.word(Long.MIN_VALUE);
            long getpid = loop(a, 0, Sys.NR_GETPID, r1);
            long umem = loop(a, 0, SysletKernel.NR_UMEM_ADD, r2, a.word(a.word(0)), a.word(1));
            // async_exec of a one-atom chain, in a loop (v5: SYNC lets it through; fixed: -ENOSYS).
            long inner = a.atom(0, Sys.NR_GETPID, a.word(0), 0);
            long exec = loop(a, Flags.SYNC, SysletKernel.NR_ASYNC_EXEC, r3, a.word(inner), a.word(ahu));
            assertThat(runUntilSignalled(k, getpid, ahu, r1)).isEqualTo(getpid);
            assertThat(runUntilSignalled(k, umem, ahu, r2)).isEqualTo(umem);
            assertThat(runUntilSignalled(k, exec, ahu, r3)).isEqualTo(exec);
            assertThat(UserMemory.getLong(r3)).isEqualTo(d == Design.V5 ? inner : -Errno.ENOSYS);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aPendingSignalMakesAsyncWaitReturnEintrAtOnceAndIsDeliveredOnTheReturnToUserSpace(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            AtomicLong first = new AtomicLong(Long.MIN_VALUE), second = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger tid = new AtomicInteger();
            java.util.concurrent.CountDownLatch signalled = new java.util.concurrent.CountDownLatch(1);
            long word = a.word(0);
            Thread t = new Thread(() -> {
                k.umemAdd(word, 1);                   // the kernel knows a task once it entered once
                tid.set(Sys.gettid());
                try {
                    signalled.await();
                } catch (InterruptedException e) {
                    return;
                }
                first.set(k.asyncWait(1, 0, ahu));    // pending: -EINTR without sleeping
                second.set(k.asyncWait(1, 0, ahu));   // delivered on the way out: this one sleeps
            });
            t.setDaemon(true);
            t.start();
            Await.until("thread started", () -> tid.get() != 0);
            assertThat(k.signal(tid.get())).isZero();   // while the thread is in user space
            signalled.countDown();
            Await.until("first wait returned", () -> first.get() != Long.MIN_VALUE);
            assertThat(first.get()).isEqualTo(-Errno.EINTR);
            Await.until("the second wait sleeps", () -> k.ringStats(ahu).sleepers() == 1);
            assertThat(second.get()).isEqualTo(Long.MIN_VALUE);
            assertThat(k.signal(tid.get())).isZero();
            t.join(Await.GUARD_MS);
            assertThat(second.get()).isEqualTo(-Errno.EINTR);
        }
    }
}
