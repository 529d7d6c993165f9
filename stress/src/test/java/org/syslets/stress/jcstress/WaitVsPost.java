package org.syslets.stress.jcstress;

import org.openjdk.jcstress.infra.results.II_Result;
import org.syslets.kernel.SysletKernel;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * async_wait entering while a completion is posted, on a 2-slot ring whose K is about to wrap:
 * one event was posted and reaped (K = U = 1), the waiter asks for 1 event from U = 1, the kernel
 * posts into slot 1 and K wraps to 0. Invariant WaitNeverStarves / WaiterEventuallyWakes.
 *
 * <p>Wait first: both designs sleep and the post wakes the waiter. Post first: the fixed design
 * computes pending = K − U + N = 1 and returns; Milton (MM1): v5 computes
 * {@code events_left = 1 − (0 − 1) = 2} and sleeps although the event is in the ring — a lost
 * wake-up, since nothing else will post. The poster then rescues a sleeping waiter by interrupting
 * its thread, which async_wait honours like a signal (-EINTR); {@code SysletKernel.signal} would do
 * the same but kicks every ring of the kernel, thousands here. The waiter's result is the outcome:
 * 0 = woken or returned, -4 = it slept past an available event. r2 = 1 when the poster had to
 * interrupt (or interrupted a waiter that had just been woken, which is harmless: it still returns 0).
 *
 * <p>Actors hand-shake (the waiter stays in its actor until the poster is done, so that an interrupt
 * sent just after a proper wake-up is cleared before the next sample); no wall-clock bound.
 */
abstract class WaitVsPost {
    static final int EINTR = 4;
    final SysletKernel k;
    final NativePool pool;
    final int blk;
    final long ahu;
    final RingReaper reaper;
    volatile Thread waiterThread;
    volatile boolean waiterDone, posterDone;

    WaitVsPost(SysletKernel k, NativePool pool) {
        this.k = k;
        this.pool = pool;
        this.blk = pool.acquire();
        this.ahu = pool.resetAhu(blk, 2);
        this.reaper = new RingReaper(ahu);
        k.asyncThread(pool.atom(blk, 0), ahu);       // K = 1
        if (reaper.reap() == 0) throw new IllegalStateException("setup post lost");   // U = 1
    }

    void waiter(II_Result r) {
        waiterThread = Thread.currentThread();
        r.r1 = (int) k.asyncWait(1, 1, ahu);
        waiterDone = true;
        while (!posterDone) Thread.onSpinWait();
        Thread.interrupted();                        // clear a rescue that came after a proper wake-up
    }

    void poster(II_Result r) {
        k.asyncThread(pool.atom(blk, 1), ahu);       // slot 1, K wraps to 0
        // The waiter either returns by itself or is asleep; only then decide (no timeout).
        while (!waiterDone && k.ringStats(ahu).sleepers() == 0) Thread.onSpinWait();
        int signalled = 0;
        if (!waiterDone) {
            waiterThread.interrupt();                // rescue a waiter that may never be woken
            signalled = 1;
        }
        r.r2 = signalled;
        posterDone = true;
    }

    void arbiter() {
        while (reaper.reap() != 0) {
            // drain (the event posted by the poster)
        }
        pool.release(blk);
    }
}
