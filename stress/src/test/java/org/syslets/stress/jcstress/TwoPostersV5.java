package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.syslets.stress.NativePool;

/** {@link TwoPosters} on v5: one completion is dropped and counted (MM16); which one is the race. */
@JCStressTest
@State
@Description("v5: two background posts, one free slot: Milton (MM16) the loser's completion is dropped (counted)")
@Outcome(id = "3, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "MM16: B dropped (A won the slot), counted in dropped")
@Outcome(id = "5, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "MM16: A dropped (B won the slot), counted in dropped")
@Outcome(id = "7, 0, 1", expect = FORBIDDEN, desc = "v5 kept both: the drop is gone (v5 has no backlog)")
@Outcome(expect = FORBIDDEN, desc = "overwrite of X, an uncounted loss, or a wrong order")
public class TwoPostersV5 extends TwoPosters {
    static final NativePool POOL = new NativePool(16384);

    public TwoPostersV5() {
        super(Kernels.V5, POOL);
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
