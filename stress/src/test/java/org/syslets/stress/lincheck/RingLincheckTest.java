package org.syslets.stress.lincheck;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.junit.jupiter.api.extension.ExtendWith;
import org.syslets.kernel.SysletKernel;
import org.syslets.stress.NativePool;
import org.syslets.user.RingReaper;

/**
 * Lincheck (model checking) of the completion ring in the real runtime, over a real 2-slot ring in
 * registered native memory: background posts ({@code SysletKernel.asyncThread(event, ahu)}, i.e.
 * {@code CompletionRing.post}) from any thread against one user reaper ({@link RingReaper}) and, in
 * the fixed design, kernel entries ({@code asyncWait(0, U, ahu)}, which flush the backlog). Reaper and
 * kernel entries are one user context: nonParallelGroup "user".
 *
 * <p>The sequential models are SysletRing.tla's ring: fixed = never overwrite, backlog kept in order
 * and flushed on post and kernel entry; v5 = never overwrite, drop when slot K is taken (MM16 is a
 * loss by design, not a race). Each design is linearizable against its own model; each fails against
 * the other's model (the teeth: the drop is visible).
 *
 * <p>Determinism: every invocation builds a fresh {@link SysletKernel} (Lincheck creates one test
 * instance per invocation), so the runtime's first-use paths (the per-thread KTask in the kernel's
 * ThreadLocal, the per-ahu CompletionRing object) run in every invocation and replays see the same
 * events. A kernel shared across invocations made Lincheck report "Non-determinism found".
 *
 * <p>v5 has no kernel entry here: {@code asyncWait(0, U)} in v5 computes {@code 0 - (K - U)}, which is
 * positive when K has wrapped below U, and sleeps forever (MM1, JCStress WaitVsPostV5). That is a
 * different finding; the v5 ring is checked with posts and reaps only.
 */
@ExtendWith(LincheckGaveUp.class)
class RingLincheckTest {
    /** One block: Lincheck runs one invocation at a time, each resets it to an empty 2-slot ring. */
    static final NativePool POOL = new NativePool(1);
    static final int N = 2;

    /** Posts (any thread) and the user reaper (one, nonParallelGroup "user") on a fresh ring. */
    abstract static class RingOps {
        final SysletKernel k;
        final long ahu;
        final RingReaper reaper;

        RingOps(Design d) {
            this.k = new SysletKernel(d);
            this.ahu = POOL.resetAhu(0, N);
            this.reaper = new RingReaper(ahu);
        }

        @Operation
        public void post(@Param(gen = IntGen.class, conf = "1:4") int id) {
            k.asyncThread(atom(id), ahu);
        }

        @Operation(nonParallelGroup = "user")
        public long reap() {
            return reaper.reap();
        }
    }

    /** The event posted for {@code id} (never NULL; an opaque non-zero u64 is all the ring needs). */
    static long atom(int id) {
        return 0x1000L * id;
    }

    /** Sequential model of the ring (SysletRing.tla, N = 2, K and U wrap at N). */
    abstract static class RingModel {
        final long[] slot = new long[N];
        int kIdx, u;
        final ArrayDeque<Long> backlog = new ArrayDeque<>();
        final boolean keepBacklog;

        RingModel(boolean keepBacklog) {
            this.keepBacklog = keepBacklog;
        }

        void flush() {
            while (!backlog.isEmpty() && slot[kIdx] == 0) {
                slot[kIdx] = backlog.removeFirst();
                kIdx = (kIdx + 1) % N;
            }
        }

        public void post(int id) {
            long a = atom(id);
            if (keepBacklog) {
                flush();
                if (!backlog.isEmpty()) {
                    backlog.addLast(a);    // behind the backlog: completion order kept
                    return;
                }
            }
            if (slot[kIdx] == 0) {
                slot[kIdx] = a;
                kIdx = (kIdx + 1) % N;
            } else if (keepBacklog) {
                backlog.addLast(a);
            }   // else v5: dropped (MM16)
        }

        public long reap() {
            long a = slot[u];
            if (a == 0) return 0;
            slot[u] = 0;
            u = (u + 1) % N;
            return a;
        }

        /** Kernel entry: the fixed design flushes; async_wait(0, U) returns 0. */
        public long enter() {
            if (keepBacklog) flush();
            return 0;
        }
    }

    public static final class FixedModel extends RingModel {
        public FixedModel() {
            super(true);
        }
    }

    public static final class V5Model extends RingModel {
        public V5Model() {
            super(false);
        }
    }

    /** Fixed design (or one fix broken by -Dsyslets.stress.break): posts, reaps and kernel entries. */
    public static final class FixedRing extends RingOps {
        public FixedRing() {
            super(LincheckSupport.fixedOrBroken());
        }

        @Operation(nonParallelGroup = "user")
        public long enter() {
            return k.asyncWait(0, reaper.userIndex(), ahu);
        }
    }

    /** v5: posts and reaps (no kernel entry, see the class comment). */
    public static final class V5Ring extends RingOps {
        public V5Ring() {
            super(Design.V5);
        }
    }

    static ModelCheckingOptions options(Class<?> model) {
        return withHangTimeout(LincheckSupport.options(model)).iterations(2).invocationsPerIteration(100);
    }

    /**
     * Lincheck's hang detector is a wall-clock bound (30 s per invocation by default) that the first
     * invocation of a JVM, which retransforms the loaded classes, exceeded on the loaded 2-core machine
     * ("The execution has hung" at post(1)); it is raised so that load alone does not trip it. No
     * operation here blocks.
     */
    static ModelCheckingOptions withHangTimeout(ModelCheckingOptions o) {
        return o.invocationTimeout$lincheck(120_000);
    }

    @Test
    @Verdict(finding = "MM16", design = "fixed", checker = "lincheck")
    void fixedRingIsLinearizableAgainstTheBacklogModel() {
        options(FixedModel.class).check(FixedRing.class);
    }

    @Test
    @Verdict(finding = "", design = "v5", expect = "holds", checker = "lincheck")
    void v5RingIsLinearizableAgainstTheDropModel() {   // MM16 is a loss by design, not a race
        options(V5Model.class).check(V5Ring.class);
    }

    // ------------------------------------------------------------------ teeth: the drop is visible

    /** One actor: the public method {@code name} of the ops class with {@code args}. */
    static Actor actor(Class<?> ops, String name, Object... args) throws NoSuchMethodException {
        Class<?>[] types = new Class<?>[args.length];
        Arrays.fill(types, int.class);
        return new Actor(ops.getMethod(name, types), List.of(args));
    }

    /**
     * The ring is full (posts 1, 2); then post(3) ∥ reap(); then reap, reap, post(4), reap. If post(3)
     * runs first it finds slot 0 taken: v5 drops it, the fixed design backlogs it and post(4) flushes
     * it into slot 0, so the last reap is 3 in the fixed design and 4 in v5. If the reap runs first,
     * both designs store 3 and agree. Only model checking's choice of the first interleaving tells them
     * apart, and only a model of the other design calls it non-linearizable.
     */
    static ModelCheckingOptions fullRing(Class<?> ops, Class<?> model) throws Exception {
        ExecutionScenario s = new ExecutionScenario(
                List.of(actor(ops, "post", 1), actor(ops, "post", 2)),
                List.of(List.of(actor(ops, "post", 3)), List.of(actor(ops, "reap"))),
                List.of(actor(ops, "reap"), actor(ops, "reap"), actor(ops, "post", 4), actor(ops, "reap")),
                null);
        return withHangTimeout(LincheckSupport.withOpaqueNativeMemory(new ModelCheckingOptions()))
                .iterations(0)
                .invocationsPerIteration(100)
                .sequentialSpecification(model)
                .addCustomScenario(s);
    }

    @Test
    void fullRingPassesAgainstItsOwnModel() throws Exception {   // the teeth below are not the scenario's fault
        fullRing(FixedRing.class, FixedModel.class).check(FixedRing.class);
        fullRing(V5Ring.class, V5Model.class).check(V5Ring.class);
    }

    @Test
    @Verdict(finding = "MM16", design = "v5", checker = "lincheck")
    void v5RingIsNotLinearizableAgainstTheBacklogModel() throws Exception {   // MM16: v5 drops
        Throwable t = catchThrowable(() -> fullRing(V5Ring.class, FixedModel.class).check(V5Ring.class));
        assertThat(t).as("Lincheck must see v5 drop post(3) where the fixed model keeps it").isNotNull();
        String msg = t.getMessage();
        System.out.println("v5 ring against the fixed model, Lincheck's counterexample:\n" + msg);
        assertThat(msg).contains("Invalid execution results").contains("reap(): " + atom(4));
        assertThat(msg).contains("dropped = 1");   // the trace shows v5 counting the drop
    }

    @Test
    @Verdict(finding = "", design = "fixed", expect = "violated", checker = "lincheck")
    void fixedRingIsNotLinearizableAgainstTheDropModel() throws Exception {   // MM16 fixed: the backlog
        Throwable t = catchThrowable(() -> fullRing(FixedRing.class, V5Model.class).check(FixedRing.class));
        assertThat(t).as("Lincheck must see the fixed ring keep post(3) where the v5 model drops it").isNotNull();
        String msg = t.getMessage();
        System.out.println("fixed ring against the v5 model, Lincheck's counterexample:\n" + msg);
        assertThat(msg).contains("Invalid execution results").contains("reap(): " + atom(3));
        assertThat(msg).contains("backlog.addLast(" + atom(3) + ")");   // the trace shows the backlog
    }
}
