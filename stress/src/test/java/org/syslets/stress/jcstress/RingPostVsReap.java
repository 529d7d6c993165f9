package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.syslets.abi.AtomLayout;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * Post vs reap of one slot. The kernel side runs a real one-atom syslet (getpid; the executor stores
 * the result through ret_ptr) and posts its final atom as a background completion does
 * (async_thread's post); the user side reaps with {@link RingReaper} and reads the result through
 * the reaped atom's ret_ptr. Invariants SlotOwnership and ExactlyOnceReap (docs/invariants.md).
 * r1 = reaps by the user actor (it tries twice), r2 = the result it read (1 = the pid, 0 = the
 * unpublished 0, -1 = nothing reaped), r3 = reaps left for the arbiter.
 */
@JCStressTest
@State
@Description("Post vs reap of one slot on the real ring: never a non-NULL slot with unpublished content, never two reaps")
@Outcome(id = "1, 1, 0", expect = ACCEPTABLE, desc = "user reaped after the post and saw the atom's result")
@Outcome(id = "0, -1, 1", expect = ACCEPTABLE, desc = "user looked before the post; the arbiter reaps it")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "slot seen before its content (ret through ret_ptr unpublished)")
@Outcome(id = "2, .*", expect = FORBIDDEN, desc = "one completion reaped twice")
@Outcome(expect = FORBIDDEN, desc = "lost, duplicated or corrupted completion")
public class RingPostVsReap {
    static final NativePool POOL = new NativePool(16384);
    static final SysletKernel K = Kernels.fixedOrBroken();

    final int blk = POOL.acquire();
    final long ahu = POOL.resetAhu(blk, 2);
    final long ret = POOL.word(blk, 0);
    final long atom = Kernels.getpidAtom(POOL, blk, ret);
    final RingReaper reaper = new RingReaper(ahu);

    @Actor
    public void kernel() {
        long fin = K.asyncExec(atom, ahu);   // cached: runs getpid, stores ret, returns the final atom
        K.asyncThread(fin, ahu);             // the completion post, as a background thread does
    }

    @Actor
    public void user(III_Result r) {
        int reaps = 0, seen = -1;
        for (int i = 0; i < 2; i++) {       // a second look must find the slot empty again
            long a = reaper.reap();
            if (a == 0) continue;
            if (reaps++ == 0) {
                long v = UserMemory.getLong(UserMemory.getLong(a + AtomLayout.RET_PTR));
                seen = v == Sys.PID ? 1 : v == 0 ? 0 : 2;
            }
        }
        r.r1 = reaps;
        r.r2 = seen;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int left = 0;
        while (reaper.reap() != 0) left++;
        r.r3 = left;
        POOL.release(blk);
    }
}
