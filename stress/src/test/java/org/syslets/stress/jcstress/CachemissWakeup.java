package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.syslets.kernel.StressAccess;
import org.syslets.kernel.SysletKernel;

/**
 * AM3 (Morton on v1, fixed in v2: schedule() moved to the tail of cachemiss_loop): no lost wake-up
 * of a parked spare. The actor is a spare in the runtime's cachemiss loop; the signal is the head
 * handing it work (the head's exit: work := W_EXIT, then unpark, as every hand-off does). The spare
 * must leave its loop. Spec: SysletCachemiss, NoLostWakeup / HandedWorkIsTaken (MCCachemissFixed
 * passes, MCCachemissV1 fails).
 *
 * <p>Teeth: with {@code -Dsyslets.trace=true -Dsyslets.stress.plant=LOST_WAKEUP} in the forks'
 * JVM arguments the runtime's loop consumes the park permit after its work check (v1's order) and
 * STALE appears (docs/stress.md).
 */
@JCStressTest(Mode.Termination)
@Description("cachemiss_loop: a spare handed work while it parks always wakes up")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the parked spare took the work handed to it")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the spare sleeps with work handed to it (AM3)")
@State
public class CachemissWakeup {
    static final SysletKernel K = Kernels.FIXED;

    static {
        Kernels.plantIfAsked();
    }

    final StressAccess.ParkedSpare spare = new StressAccess.ParkedSpare(K);

    @Actor
    public void spare() {
        spare.loop();
    }

    @Signal
    public void handOff() {
        spare.handOff();
    }
}
