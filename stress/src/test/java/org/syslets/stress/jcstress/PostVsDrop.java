package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

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
 * A post that goes to the backlog against the kernel dropping the ring's idle state (fixed design:
 * v5 has no backlog, it drops the completion by design, MM16). Ring A (2 slots) is full with X and
 * Y, unreaped; the poster posts C, which the fixed design keeps in A's backlog; the other actor
 * enters the kernel on a second ahu B, whose new ring drops A's ring if A's is idle (the kernel
 * keeps one idle ring, {@link Kernels#droppingIdleRings}). The arbiter reaps X and Y, enters the
 * kernel on A (async_wait(0): the entry flushes the backlog) and reaps again: C must be there. A
 * ring with a backlog is not idle, and a poster that found a ring just dropped re-checks the drop
 * mark under the ring's lock and posts to the ahu's current ring (docs/runtime.md, "Resource
 * lifetime"); otherwise C sits in the backlog of an object the kernel no longer finds: lost.
 * r1 = events reaped (3 = X, Y, C), r2 = 1 when they came in that order.
 *
 * <p>Teeth: {@code -Dsyslets.trace=true -Dsyslets.stress.plant=DROP_BUSY} (a ring with a backlog
 * is dropped) or {@code DROP_UNCHECKED} (the post goes to the ring it looked up, dropped or not) in
 * the forks' JVM arguments make {@code 2, 1} appear (docs/stress.md).
 */
@JCStressTest
@State
@Description("a backlogged post vs the drop of its idle ring: no completion lost")
@Outcome(id = "3, 1", expect = ACCEPTABLE, desc = "X, Y, then C from the backlog")
@Outcome(id = "2, 1", expect = FORBIDDEN, desc = "lost completion: C stayed in the backlog of a dropped ring")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public class PostVsDrop {
    static final SysletKernel K = Kernels.droppingIdleRings();
    static final NativePool RINGS = new NativePool(16384), OTHERS = new NativePool(16384);

    static {
        Kernels.plantIfAsked();
    }

    final int a = RINGS.acquire(), b = OTHERS.acquire();
    final long ahuA = RINGS.resetAhu(a, 2), ahuB = OTHERS.resetAhu(b, 2);
    final long x = RINGS.atom(a, 0), y = RINGS.atom(a, 1), c = RINGS.atom(a, 2);

    public PostVsDrop() {
        K.asyncThread(x, ahuA);                      // slot 0
        K.asyncThread(y, ahuA);                      // slot 1, K wraps to 0: the ring is full
    }

    @Actor
    public void poster() {
        K.asyncThread(c, ahuA);                      // slot 0 is taken: C goes to A's backlog
    }

    @Actor
    public void dropper() {
        K.asyncWait(0, 0, ahuB);                     // a kernel entry on B: its new ring drops A's if idle
    }

    @Arbiter
    public void arbiter(II_Result r) {
        RingReaper reaper = new RingReaper(ahuA);
        long[] got = new long[3];
        int n = 0;
        for (int i = 0; i < 2; i++) {
            long e = reaper.reap();
            if (e != 0) got[n++] = e;
        }
        K.asyncWait(0, reaper.userIndex(), ahuA);    // a kernel entry on A flushes its backlog
        long e;
        while (n < 3 && (e = reaper.reap()) != 0) got[n++] = e;
        while (reaper.reap() != 0) n++;              // anything more is counted, not kept
        r.r1 = n;
        r.r2 = got[0] == x && got[1] == y && (n < 3 || got[2] == c) ? 1 : 0;
        RINGS.release(a);
        OTHERS.release(b);
    }
}
