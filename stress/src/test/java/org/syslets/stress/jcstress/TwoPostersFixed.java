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
import org.syslets.stress.NativePool;

/** {@link TwoPosters} on the fixed design: nothing overwritten, nothing lost (kernel backlog). */
@JCStressTest
@State
@Description("fixed: two background posts, one free slot: the loser waits in the backlog; all three reaped, X first")
@Outcome(id = "7, 0, 1", expect = ACCEPTABLE, desc = "X, A and B all reaped, nothing dropped, X first")
@Outcome(id = "[35], 1, .*", expect = FORBIDDEN, desc = "MM16: a completion was dropped")
@Outcome(expect = FORBIDDEN, desc = "overwrite of X, a lost completion, a stuck backlog or a wrong order")
public class TwoPostersFixed extends TwoPosters {
    static final NativePool POOL = new NativePool(16384);

    public TwoPostersFixed() {
        super(Kernels.fixedOrBroken(), POOL);
    }

    @Actor
    public void backgroundA() {
        posterA();
    }

    @Actor
    public void backgroundB() {
        posterB();
    }

    @Arbiter
    public void user(III_Result r) {
        arbiter(r);
    }
}
