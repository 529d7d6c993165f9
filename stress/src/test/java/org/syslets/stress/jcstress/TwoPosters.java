package org.syslets.stress.jcstress;

import org.openjdk.jcstress.infra.results.III_Result;
import org.syslets.kernel.SysletKernel;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * Two background threads post at once into a 2-slot ring that already holds one unreaped event X
 * (slot 0; K = 1). Whichever poster takes the ring lock first fills slot 1 and wraps K to 0; the
 * other finds slot 0 taken. Invariants NoOverwrite, NoCompletionLost, Accounting.
 *
 * <p>Milton (MM16): v5 drops the second completion, and only the kernel's counter knows (which
 * poster loses is the race). Fixed: it waits in the kernel backlog and is flushed at the next
 * kernel entry (the arbiter's async_wait(0)). Never is X overwritten.
 * r1 = what the user finally reaped (bits X = 1, A = 2, B = 4), r2 = completions counted as dropped,
 * r3 = 1 when X came first.
 */
abstract class TwoPosters {
    final SysletKernel k;
    final NativePool pool;
    final int blk;
    final long ahu, x, a, b;
    final long droppedBefore;
    final RingReaper reaper;

    TwoPosters(SysletKernel k, NativePool pool) {
        this.k = k;
        this.pool = pool;
        this.blk = pool.acquire();
        this.ahu = pool.resetAhu(blk, 2);
        this.x = pool.atom(blk, 0);
        this.a = pool.atom(blk, 1);
        this.b = pool.atom(blk, 2);
        this.reaper = new RingReaper(ahu);
        this.droppedBefore = k.ringStats(ahu).dropped();   // the ring object outlives samples at this address
        if (k.ringStats(ahu).backlog() != 0) throw new IllegalStateException("backlog left by a previous sample");
        k.asyncThread(x, ahu);                               // slot 0 = X, K = 1
    }

    void posterA() {
        k.asyncThread(a, ahu);
    }

    void posterB() {
        k.asyncThread(b, ahu);
    }

    void arbiter(III_Result r) {
        int mask = 0, first = -1;
        for (int i = 0; i < 4; i++) {
            k.asyncWait(0, reaper.userIndex(), ahu);         // a kernel entry: the fixed design flushes its backlog
            long e;
            while ((e = reaper.reap()) != 0) {
                int bit = e == x ? 1 : e == a ? 2 : e == b ? 4 : 8;
                if (first < 0) first = bit;
                mask |= bit;
            }
        }
        r.r1 = mask;
        r.r2 = (int) (k.ringStats(ahu).dropped() - droppedBefore);
        r.r3 = first == 1 ? 1 : 0;
        if (k.ringStats(ahu).backlog() != 0) r.r3 = -1;      // a completion still stuck in the kernel
        pool.release(blk);
    }
}
