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
 * AM3 (Morton: no lost wake-up) for the watcher of the perf detector, which sleeps in ppoll rather
 * than on a park permit. The actor is the watcher in the runtime's cachemiss loop (check its work,
 * set "waiting", re-check, ppoll on the head's switch-out event and its eventfd); the signal is the
 * head's exit handing it W_EXIT (store, then wake: unpark and, when it is waiting, an eventfd write).
 * The head never runs, so nothing but that write ends the ppoll. Spec: SysletCachemiss, NoLostWakeup.
 *
 * <p>Teeth: with {@code -Dsyslets.trace=true -Dsyslets.stress.plant=WATCHER_UNWOKEN} in the forks'
 * JVM arguments the wake only unparks, and STALE appears (docs/stress.md).
 */
@JCStressTest(Mode.Termination)
@Description("the perf watcher asleep in ppoll always wakes for work handed to it")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "the watcher took the work handed to it")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "lost wake-up: the watcher sleeps in ppoll with work handed to it (AM3)")
@State
public class WatcherWakeup {
    static final SysletKernel K = Kernels.FIXED;

    static {
        Kernels.plantIfAsked();
    }

    final StressAccess.WatchingSpare watcher = new StressAccess.WatchingSpare(K);

    @Actor
    public void watcher() {
        watcher.loop();
    }

    @Signal
    public void handOff() {
        watcher.handOff();
    }
}
