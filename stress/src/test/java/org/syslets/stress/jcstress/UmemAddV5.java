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
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.syslets.stress.NativePool;

/** {@link UmemAdd} on v5: the lost update (UMEM-ATOMIC) is the interesting outcome. */
@JCStressTest
@State
@Description("v5 umem_add vs umem_add: UMEM-ATOMIC, get_user/add/put_user loses updates")
@Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "the adds did not overlap")
@Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "UMEM-ATOMIC: both read 0, one update lost")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public class UmemAddV5 extends UmemAdd {
    static final NativePool POOL = new NativePool(16384);

    public UmemAddV5() {
        super(Kernels.V5, POOL);
    }

    @Actor
    public void actor1(JJJ_Result r) {
        add1(r);
    }

    @Actor
    public void actor2(JJJ_Result r) {
        add2(r);
    }

    @Arbiter
    public void arbiterActor(JJJ_Result r) {
        arbiter(r);
    }
}
