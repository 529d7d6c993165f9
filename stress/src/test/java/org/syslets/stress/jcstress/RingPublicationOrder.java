package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * Publication order of slot and kernel index (reference §2.7, "Concurrency": the kernel must write
 * the slot before it publishes kernel_ring_idx). The kernel posts one atom into an empty 2-slot
 * ring; the user reads K first, then slot 0. r1 = K seen, r2 = slot 0 non-NULL, r3 = arbiter reaps.
 * Invariant SlotOwnership ("K points just past the owned run").
 */
@JCStressTest
@State
@Description("Slot store before kernel_ring_idx store: a user that sees K advanced must see the slot")
@Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "user read before the post")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE, desc = "user read after the post")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "slot visible, K not yet: why the user trusts the slot, never K")
@Outcome(id = "1, 0, .*", expect = FORBIDDEN, desc = "K published before its slot")
@Outcome(expect = FORBIDDEN, desc = "lost or duplicated completion")
public class RingPublicationOrder {
    static final NativePool POOL = new NativePool(16384);
    static final SysletKernel K = Kernels.fixedOrBroken();

    final int blk = POOL.acquire();
    final long ahu = POOL.resetAhu(blk, 2);
    final long atom = POOL.atom(blk, 0);
    final RingReaper reaper = new RingReaper(ahu);

    @Actor
    public void kernel() {
        K.asyncThread(atom, ahu);
    }

    @Actor
    public void user(III_Result r) {
        r.r1 = (int) UserMemory.getLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX);
        r.r2 = UserMemory.getLong(POOL.slot(blk, 0)) != 0 ? 1 : 0;
    }

    @Arbiter
    public void arbiter(III_Result r) {
        int n = 0;
        while (reaper.reap() != 0) n++;
        r.r3 = n;
        POOL.release(blk);
    }
}
