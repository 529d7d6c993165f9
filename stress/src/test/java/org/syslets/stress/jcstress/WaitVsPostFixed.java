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
import org.syslets.stress.NativePool;

/** {@link WaitVsPost} on the fixed design (Milton's +N when K < U): the lost wake-up is FORBIDDEN. */
@JCStressTest
@State
@Description("fixed async_wait vs a post that wraps K: no lost wake-up")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "woken by the post, or the post came first and was counted")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "woken; the rescue interrupt came after the wake-up and was ignored")
@Outcome(id = "-4, 1", expect = FORBIDDEN, desc = "lost wake-up (MM1): slept although the event was in the ring (rescued by an interrupt)")
@Outcome(expect = FORBIDDEN, desc = "anything else")
public class WaitVsPostFixed extends WaitVsPost {
    static final NativePool POOL = new NativePool(16384);

    public WaitVsPostFixed() {
        super(Kernels.fixedOrBroken(), POOL);
    }

    @Actor
    public void waiterActor(II_Result r) {
        waiter(r);
    }

    @Actor
    public void posterActor(II_Result r) {
        poster(r);
    }

    @Arbiter
    public void arbiterActor() {
        arbiter();
    }
}
