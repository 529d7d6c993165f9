package org.syslets.stress.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import org.syslets.kernel.StressAccess;
import org.syslets.kernel.SysletKernel;

/**
 * The head-switch decision: the head's syscall returns (KTask.endSyscall CASes its word back to
 * RUNNING; on a lost CAS AsyncHead.unblock) while the watcher, having seen it asleep, CASes the word
 * to SWITCHED and runs AsyncHead.block(old, spare) under the head's lock. Exactly one of them may go
 * on to run user code. Invariants ExactlyOneHead, OnlyHeadAsyncReady, ResumedAtMostOnce.
 * The /proc probe of BlockDetector is not part of the race and is skipped (docs/stress.md).
 * r1 = the former head returns into user frames, r2 = the spare became head (and enters the user
 * entry), r3 = head at the end (1 former, 2 spare), r4 = the former head is still async-ready.
 */
@JCStressTest
@State
@Description("Head switch: never two heads, never a former head running user code")
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "the syscall returned first: no switch")
@Outcome(id = "0, 1, 2, 0", expect = ACCEPTABLE, desc = "the watcher switched: the spare is head, the old head runs in the background")
@Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "two heads: the former head returned into user frames after a switch")
@Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "nobody runs the user context")
@Outcome(expect = FORBIDDEN, desc = "inconsistent head or async_ready")
public class HeadSwitchUniqueness {
    static final SysletKernel K = Kernels.fixedOrBroken();
    /** Tasks are reused (each KTask registers a native accessor for good); see NativePool for the guard. */
    static final int POOL = 16384;   // > JCStress 0.16 live states (40 strides x 256)
    static final StressAccess.HeadPair[] PAIRS = new StressAccess.HeadPair[POOL];
    static final AtomicInteger[] BUSY = new AtomicInteger[POOL];
    static final AtomicInteger NEXT = new AtomicInteger();

    static {
        for (int i = 0; i < POOL; i++) BUSY[i] = new AtomicInteger();
    }

    final int idx;
    final StressAccess.HeadPair h;

    public HeadSwitchUniqueness() {
        idx = Math.floorMod(NEXT.getAndIncrement(), POOL);
        if (!BUSY[idx].compareAndSet(0, 1)) throw new IllegalStateException("head pair " + idx + " reused while live");
        StressAccess.HeadPair p = PAIRS[idx];
        if (p == null) PAIRS[idx] = p = new StressAccess.HeadPair(K);
        p.reset();
        h = p;
    }

    @Actor
    public void head(IIII_Result r) {
        r.r1 = h.headReturnsFromSyscall();
    }

    @Actor
    public void watcher(IIII_Result r) {
        r.r2 = h.watcherSwitches();
    }

    @Arbiter
    public void arbiter(IIII_Result r) {
        r.r3 = h.head();
        r.r4 = h.oldAsyncReady();
        BUSY[idx].set(0);
    }
}
