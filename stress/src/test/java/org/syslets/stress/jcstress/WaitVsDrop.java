package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.syslets.kernel.SysletKernel;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * async_wait against the kernel dropping the waiter's idle ring. The kernel keeps state for one
 * idle ring only ({@link Kernels#droppingIdleRings}); the waiter sleeps for 1 event on ring A (2
 * slots, empty); the other actor enters the kernel on a second ahu B, whose new ring drops A's ring
 * if A's is idle, and then posts one event into A. Every order must wake the waiter: a ring with a
 * sleeper is not idle, and a waiter that found a ring just dropped re-checks the drop mark under the
 * ring's lock and goes to the ahu's current ring, the one the post finds (docs/runtime.md, "Resource
 * lifetime").
 *
 * <p>A waiter asleep on a dropped ring is never woken: the post counts down the new ring's waiters.
 * So, as in {@link WaitVsPost}, the poster rescues a waiter that is still asleep after the post by
 * interrupting it (async_wait honours it like a signal, -EINTR). "Asleep" is the waiter thread
 * parked on a ring's Condition (its park blocker), not the ring's sleeper count: a waiter on a
 * dropped ring is on no ring the kernel can still find. r1 = the waiter's result (0 woken or
 * returned, -4 slept past the posted event), r2 = 1 when the poster interrupted (harmless after a
 * proper wake-up: the waiter still returns 0).
 *
 * <p>Teeth: {@code -Dsyslets.trace=true -Dsyslets.stress.plant=DROP_BUSY} (a ring with a sleeper is
 * dropped) or {@code DROP_UNCHECKED} (the waiter sleeps on the ring it looked up, dropped or not)
 * in the forks' JVM arguments make {@code -4, 1} appear (docs/stress.md).
 */
@JCStressTest
@State
@Description("async_wait vs the drop of its idle ring: the post always wakes the waiter")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "woken by the post, or the post came first and was counted")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "woken; the rescue interrupt came after the wake-up and was ignored")
@Outcome(id = "-4, 1", expect = FORBIDDEN, desc = "lost wake-up: slept on a dropped ring although the event was posted (rescued by an interrupt)")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public class WaitVsDrop {
    static final SysletKernel K = Kernels.droppingIdleRings();
    static final NativePool RINGS = new NativePool(16384), OTHERS = new NativePool(16384);

    static {
        Kernels.plantIfAsked();
    }

    final int a = RINGS.acquire(), b = OTHERS.acquire();
    final long ahuA = RINGS.resetAhu(a, 2), ahuB = OTHERS.resetAhu(b, 2);
    volatile Thread waiterThread;
    volatile boolean waiterDone, posterDone;

    @Actor
    public void waiter(II_Result r) {
        waiterThread = Thread.currentThread();
        r.r1 = (int) K.asyncWait(1, 0, ahuA);
        waiterDone = true;
        while (!posterDone) Thread.onSpinWait();
        Thread.interrupted();                        // clear a rescue that came after a proper wake-up
    }

    @Actor
    public void dropThenPost(II_Result r) {
        K.asyncWait(0, 0, ahuB);                     // a kernel entry on B: its new ring drops A's if idle
        K.asyncThread(RINGS.atom(a, 0), ahuA);       // slot 0 of A, K = 1
        // The waiter either returns by itself or sleeps; only then decide (no timeout).
        Thread w;
        while (!waiterDone && ((w = waiterThread) == null || !asleep(w))) Thread.onSpinWait();
        int rescued = 0;
        if (!waiterDone) {
            waiterThread.interrupt();                // rescue a waiter that may never be woken
            rescued = 1;
        }
        r.r2 = rescued;
        posterDone = true;
    }

    /** Parked in async_wait's sleep (a Condition of a ring lock), not on the lock itself. */
    private static boolean asleep(Thread w) {
        return LockSupport.getBlocker(w) instanceof AbstractQueuedSynchronizer.ConditionObject;
    }

    @Arbiter
    public void arbiter() {
        RingReaper reaper = new RingReaper(ahuA);
        while (reaper.reap() != 0) {
            // drain the posted event
        }
        RINGS.release(a);
        OTHERS.release(b);
    }
}
