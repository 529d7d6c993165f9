package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;
import org.syslets.stress.NativePool;

/** {@link UmemAdd} on the fixed design: a lost update is FORBIDDEN. */
@JCStressTest
@State
@Description("fixed umem_add vs umem_add: atomic (CAS), no update lost")
@Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "both adds counted")
@Outcome(id = "1, 1, 1", expect = FORBIDDEN, desc = "UMEM-ATOMIC: one update lost")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public class UmemAddFixed extends UmemAdd {
    static final NativePool POOL = new NativePool(16384);

    public UmemAddFixed() {
        super(Kernels.fixedOrBroken(), POOL);
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
