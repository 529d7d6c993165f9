package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.stress.NativePool;

/**
 * Davide's copy-out wait against a post (spec/SysletCopyOut.tla: Post, PostWake vs WaitEnter,
 * CopyTake). The head's kernel-owned queue holds X; the waiter asks for min = n = 2 into its array
 * r, the poster posts Y. Whatever the order, the waiter must return 2 with r = X, Y (OrderKept,
 * no early return: WaitReturnsWithEvents; no lost wake-up: WaitNeverStarves) and the queue must be
 * empty afterwards (Accounting: nothing copied out and left queued, so nothing received twice).
 *
 * <p>Results: r1 = the wait's count (-4: it slept past Y and the poster's interrupt rescued it),
 * r2 = 1 when r held X then Y, r3 = what the arbiter's poll still found queued, r4 = 1 when the
 * poster interrupted a waiter it saw asleep (harmless after a proper wake-up). Same design on v5 and
 * fixed (the call is not v5's); run on the fixed kernel. Teeth: the planted faults
 * COPYOUT_WAKE_EARLY (r1 = 1) and COPYOUT_PEEK (r3 = 2) (docs/stress.md).
 */
@JCStressTest
@State
@Description("copy-out wait vs post: exactly the two completions, in order, none left, no early return")
@Outcome(id = "2, 1, 0, 0", expect = ACCEPTABLE, desc = "took X, Y in order")
@Outcome(id = "2, 1, 0, 1", expect = ACCEPTABLE, desc = "took X, Y; the rescue interrupt came after the wake-up")
@Outcome(expect = FORBIDDEN, desc = "early return (r1 = 1), lost wake-up (r1 = -4), out of order (r2 = 0), a duplicate left queued (r3 > 0)")
public class CopyOutPostVsWait {
    static final int EINTR = 4;
    static final NativePool POOL = new NativePool(16384);
    static {
        Kernels.plantIfAsked();
    }
    final SysletKernel k = Kernels.FIXED;
    final int blk = POOL.acquire();
    final long ahu, x, y, r;
    volatile Thread waiterThread;
    volatile boolean waiterDone, posterDone;

    public CopyOutPostVsWait() {
        ahu = POOL.resetAhu(blk, 2);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, AsyncHeadUserLayout.ASYNC_HEAD_COPYOUT);
        x = POOL.atom(blk, 0);
        y = POOL.atom(blk, 1);
        r = POOL.word(blk, 0);
        k.asyncThread(x, ahu);                       // X queued
    }

    @Actor
    public void waiter(IIII_Result res) {
        waiterThread = Thread.currentThread();
        long n = k.asyncWaitCopyOut(2, 2, r, ahu);
        res.r1 = (int) n;
        res.r2 = n == 2 && UserMemory.getLong(r) == x && UserMemory.getLong(r + 8) == y ? 1 : 0;
        waiterDone = true;
        while (!posterDone) Thread.onSpinWait();
        Thread.interrupted();                        // clear a rescue that came after a proper wake-up
    }

    @Actor
    public void poster(IIII_Result res) {
        k.asyncThread(y, ahu);
        // the waiter either returns by itself or is asleep; only then decide (no timeout)
        while (!waiterDone && k.copyOutStats(ahu).sleepers() == 0) Thread.onSpinWait();
        int rescued = 0;
        if (!waiterDone) {
            waiterThread.interrupt();
            rescued = 1;
        }
        res.r4 = rescued;
        posterDone = true;
    }

    @Arbiter
    public void arbiter(IIII_Result res) {
        res.r3 = (int) k.asyncWaitCopyOut(0, 4, POOL.word(blk, 2), ahu);   // a poll: must find nothing
        POOL.release(blk);
    }
}
