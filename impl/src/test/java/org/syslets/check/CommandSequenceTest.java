package org.syslets.check;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.kernel.CompletionRing;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.kernel.UserEntry;
import org.syslets.linux.UserMemory;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;
import org.syslets.user.Await;

/**
 * Model-based command sequences on the real runtime: one registered head (its user context runs a
 * command loop and moves between threads on every head switch), real blocking reads on real pipes,
 * background threads, a real native ring. After every step the Java mirrors of the spec's
 * invariants ({@link Inv}, names from docs/invariants.md) are checked against the runtime's real
 * state: ring memory and indices, ring counters, who is head, at/async_ready of every thread.
 * Every wait is for an event (a response of the user context, a counter, a thread state).
 */
class CommandSequenceTest {

    /** The invariant mirrors, named as in the spec. */
    enum Inv {
        RingTypeOK, SlotOwnership, NoOverwrite, ExactlyOnceReap, Accounting, NoCompletionLost, WaitNeverStarves,
        ExactlyOneHead, OnlyHeadAsyncReady, AtShape, AtMeansAsyncThread, ForbiddenRefused, NoForbiddenInBackground,
        ResumedAtMostOnce, OneCompletionPerSyslet, SignalStopsChain
    }

    enum Kind { SUBMIT_CACHED, SUBMIT_FORBIDDEN_SYNC, SUBMIT_BLOCKING, SUBMIT_BLOCKING_FORBIDDEN, UNBLOCK, SIGNAL_BLOCKED,
        REAP, WAIT, REFILL, SUBMIT_ENDLESS, CANCEL_ENDLESS }

    record Cmd(Kind kind, int arg) {
        @Override
        public String toString() {
            switch (kind) {
                case SUBMIT_BLOCKING: case SUBMIT_BLOCKING_FORBIDDEN: case UNBLOCK: case SIGNAL_BLOCKED:
                    return kind + "(pipe" + arg + ")";
                case WAIT: return "WAIT(min=" + arg + ")";
                default: return kind.toString();
            }
        }
    }

    record Scenario(int n, List<Cmd> cmds) {
        @Override
        public String toString() {
            return "ring N=" + n + ", commands " + cmds;
        }
    }

    static final int PIPES = 2;

    static Gen<Cmd> cmds() {
        Gen<Integer> pipe = SourceDSL.integers().between(0, PIPES - 1);
        return Generate.frequency(
                Pair.of(2, Generate.constant(new Cmd(Kind.SUBMIT_CACHED, 0))),
                Pair.of(1, Generate.constant(new Cmd(Kind.SUBMIT_FORBIDDEN_SYNC, 0))),
                Pair.of(4, pipe.map(p -> new Cmd(Kind.SUBMIT_BLOCKING, p))),
                Pair.of(1, pipe.map(p -> new Cmd(Kind.SUBMIT_BLOCKING_FORBIDDEN, p))),
                Pair.of(4, pipe.map(p -> new Cmd(Kind.UNBLOCK, p))),
                Pair.of(1, pipe.map(p -> new Cmd(Kind.SIGNAL_BLOCKED, p))),
                Pair.of(3, Generate.constant(new Cmd(Kind.REAP, 0))),
                Pair.of(2, SourceDSL.integers().between(0, 3).map(m -> new Cmd(Kind.WAIT, m))),
                Pair.of(2, Generate.constant(new Cmd(Kind.REFILL, 0))),
                Pair.of(1, Generate.constant(new Cmd(Kind.SUBMIT_ENDLESS, 0))),
                Pair.of(1, Generate.constant(new Cmd(Kind.CANCEL_ENDLESS, 0))));
    }

    static Gen<Scenario> scenarios() {
        return SourceDSL.integers().between(1, 3).zip(SourceDSL.lists().of(cmds()).ofSizeBetween(1, 14), Scenario::new);
    }

    // ------------------------------------------------------------------ the user context

    /** What the user context reports back to the test: how it was (re-)entered, or a call's result. */
    record Response(String what, long value, int tid) {
    }

    /** The head's user program: a command loop whose state lives here, not on any Java stack. */
    static final class Driver implements UserEntry {
        final LinkedBlockingQueue<LongSupplier> todo = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<Response> done = new LinkedBlockingQueue<>();
        static final LongSupplier STOP = () -> 0;

        @Override
        public void enter(long ret) {
            done.add(new Response(ret == STARTED ? "started" : "entered", ret, Sys.gettid()));
            for (;;) {
                LongSupplier c;
                try {
                    c = todo.take();
                } catch (InterruptedException e) {
                    return;
                }
                if (c == STOP) return;
                long r = c.getAsLong();
                done.add(new Response("result", r, Sys.gettid()));
            }
        }

        Response next(String what) {
            try {
                Response r = done.poll(Await.GUARD_MS, TimeUnit.MILLISECONDS);
                if (r == null) throw new AssertionError("the user context never answered (hang guard): " + what);
                return r;
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    // ------------------------------------------------------------------ one run

    /** The model's bookkeeping of one run, and the runtime handles. */
    static final class Run implements AutoCloseable {
        final Design d;
        final Scenario sc;
        final Set<Inv> checked;
        final SysletKernel k;
        final UserArena a;
        final long ahu, ring;
        final Driver drv = new Driver();
        final SysletKernel.HeadHandle h;
        final RingReaper reaper;
        final int[][] pipes = new int[PIPES][];
        final long buf;
        // model state
        int headTid, spares, asyncSubmitted, step = -1;
        boolean token = true;
        final Map<Integer, long[]> blocked = new HashMap<>();      // pipe -> {tid, readAtom, secondAtom, signalled, forbidden, retSlot2}
        long[] endless;                                            // {tid, atom}
        final Set<Long> seenInRing = new HashSet<>(), reaped = new HashSet<>(), cachedAtoms = new HashSet<>();
        final Map<Long, Long> expectedFinal = new HashMap<>();     // async submission's atoms -> the final atom the spec predicts
        final List<String> log = new ArrayList<>();

        Run(Design d, Scenario sc, Set<Inv> checked) {
            this.d = d;
            this.sc = sc;
            this.checked = checked;
            k = new SysletKernel(d);
            a = UserArena.map(1 << 18);
            ahu = a.ahu(sc.n());
            ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
            reaper = new RingReaper(ahu);
            buf = a.alloc(64, 8);
            for (int i = 0; i < PIPES; i++) {
                long fds = a.alloc(8, 8);
                if (Sys.call(Sys.NR_PIPE2, fds, 0) != 0) throw new IllegalStateException("pipe2");
                pipes[i] = new int[] {UserMemory.getInt(fds), UserMemory.getInt(fds + 4)};
            }
            h = k.startHead(drv);
            headTid = drv.next("head started").tid();
        }

        /** Runs {@code c} in the user context and returns its response (the result, or a re-entry after a switch). */
        Response inUser(String what, LongSupplier c) {
            drv.todo.add(c);
            return drv.next(what);
        }

        KernelSnapshot.HeadState head() {
            return k.snapshot().head(h.id());
        }

        CompletionRing.RingStats stats() {
            return k.ringStats(ahu);
        }

        long accounted() {
            CompletionRing.RingStats s = stats();
            return s.posted() + s.dropped() + s.backlog();
        }

        boolean canSwitch() {
            return spares > 0 || token;
        }

        /** async_exec entry: the runtime creates a spare from the token when it has none (CreateSpare). */
        void enterExec() {
            if (spares == 0 && token) {
                spares = 1;
                token = false;
            }
        }

        void step(Cmd c) {
            switch (c.kind()) {
                case SUBMIT_CACHED: {
                    long r2 = a.word(-1);
                    long second = a.atom(0, Sys.NR_GETPID, r2, 0);
                    long first = a.atom(0, Sys.NR_GETPID, a.word(-1), second);
                    enterExec();
                    Response r = inUser("cached submit", () -> k.asyncExec(first, ahu));
                    assertThat(r.what()).as("a cached syslet returns in the same user context").isEqualTo("result");
                    assertThat(r.value()).as("cached: the final atom").isEqualTo(second);
                    cachedAtoms.add(first);
                    cachedAtoms.add(second);
                    break;
                }
                case SUBMIT_FORBIDDEN_SYNC: {
                    // MM21: a SYNC atom clears async_ready while it runs; v5's test then misses the head.
                    long rs = a.word(-1);
                    long atom = a.atom(Flags.SYNC, Sys.NR_CLONE3, rs, 0, a.word(0), a.word(0));
                    enterExec();
                    Response r = inUser("forbidden submit", () -> k.asyncExec(atom, ahu));
                    assertThat(r.what()).isEqualTo("result");
                    cachedAtoms.add(atom);
                    if (checked.contains(Inv.ForbiddenRefused)) {
                        assertThat(UserMemory.getLong(rs)).as("ForbiddenRefused: clone3 in the head (SYNC atom) must be -ENOSYS")
                                .isEqualTo(-Errno.ENOSYS);
                    }
                    break;
                }
                case SUBMIT_BLOCKING:
                case SUBMIT_BLOCKING_FORBIDDEN: {
                    int p = c.arg();
                    if (blocked.containsKey(p) || !canSwitch()) {
                        log.add("  (skipped: " + (blocked.containsKey(p) ? "pipe busy" : "no spare and no token") + ")");
                        return;
                    }
                    boolean forbidden = c.kind() == Kind.SUBMIT_BLOCKING_FORBIDDEN;
                    long r2 = a.word(-1);
                    long second = forbidden ? a.atom(0, Sys.NR_CLONE3, r2, 0, a.word(0), a.word(0))
                            : a.atom(0, Sys.NR_GETPID, r2, 0);
                    long read = a.atom(0, Sys.NR_READ, a.word(-1), second, a.word(pipes[p][0]), a.word(buf), a.word(1));
                    enterExec();
                    int oldHead = headTid;
                    Response r = inUser("blocking submit", () -> k.asyncExec(read, ahu));
                    // The head switch: a spare re-enters the user context with 0 ("went async").
                    assertThat(r.what()).as("head switch: the user context re-entered").isEqualTo("entered");
                    assertThat(r.value()).isZero();
                    assertThat(r.tid()).as("on another thread").isNotEqualTo(oldHead);
                    headTid = r.tid();
                    spares--;
                    asyncSubmitted++;
                    blocked.put(p, new long[] {oldHead, read, second, 0, forbidden ? 1 : 0, r2});
                    break;
                }
                case SIGNAL_BLOCKED: {
                    long[] b = blocked.get(c.arg());
                    if (b == null || b[3] == 1) {
                        log.add("  (skipped: nothing blocked)");
                        return;
                    }
                    long before = accounted();
                    assertThat(k.signal((int) b[0])).isZero();
                    // As Linux delivers it: the signal interrupts the sleeping read (-EINTR), and,
                    // pending when it returns, ends the chain after it (SignalStopsChain): the chain
                    // completes now, with the read as its final atom, and its spare is back.
                    Await.until("the signalled chain completed", () -> accounted() == before + 1
                            && head().busy().stream().noneMatch(t -> t.tid() == (int) b[0]));
                    blocked.remove(c.arg());
                    spares++;
                    expectedFinal.put(b[1], b[1]);
                    expectedFinal.put(b[2], b[1]);
                    break;
                }
                case UNBLOCK: {
                    long[] b = blocked.remove(c.arg());
                    if (b == null) {
                        log.add("  (skipped: nothing blocked)");
                        return;
                    }
                    long before = accounted();
                    long one = a.word(0x21);
                    Sys.call(Sys.NR_WRITE, pipes[c.arg()][1], one, 1);
                    Await.until("the unblocked chain completed", () -> accounted() == before + 1
                            && head().busy().stream().noneMatch(t -> t.tid() == (int) b[0]));
                    spares++;
                    // SignalStopsChain: a signal pending when the read returns ends the chain after it.
                    expectedFinal.put(b[1], b[3] == 1 ? b[1] : b[2]);
                    expectedFinal.put(b[2], b[3] == 1 ? b[1] : b[2]);
                    if (b[4] == 1 && b[3] == 0 && checked.contains(Inv.NoForbiddenInBackground)) {
                        assertThat(UserMemory.getLong(b[5])).as("NoForbiddenInBackground: clone3 in a background thread must be -ENOSYS")
                                .isEqualTo(-Errno.ENOSYS);
                    }
                    break;
                }
                case REAP: {
                    long atom = reaper.reap();
                    if (atom == 0) {
                        log.add("  (ring empty)");
                        return;
                    }
                    log.add("  reaped 0x" + Long.toHexString(atom));
                    if (checked.contains(Inv.ExactlyOnceReap)) {
                        assertThat(reaped.add(atom)).as("ExactlyOnceReap: 0x%x reaped twice", atom).isTrue();
                        assertThat(seenInRing).as("ExactlyOnceReap: 0x%x reaped but never posted", atom).contains(atom);
                    }
                    if (checked.contains(Inv.SignalStopsChain) && expectedFinal.containsKey(atom)) {
                        assertThat(atom).as("SignalStopsChain / final atom of the syslet")
                                .isEqualTo(expectedFinal.get(atom));
                    }
                    reaped.add(atom);
                    break;
                }
                case WAIT: {
                    int min = Math.min(c.arg(), sc.n());
                    int count = ringCount();
                    long u = reaper.userIndex();
                    drv.todo.add(() -> k.asyncWait(min, u, ahu));
                    Await.until("async_wait returned or asleep", () -> !drv.done.isEmpty() || stats().sleepers() == 1);
                    boolean slept = drv.done.isEmpty();
                    if (slept) k.signal(headTid);         // the escape: the sleeping user context gets -EINTR
                    Response r = drv.next("async_wait");
                    log.add("  async_wait(" + min + ") with " + count + " in the ring: " + (slept ? "slept" : "returned " + r.value()));
                    if (checked.contains(Inv.WaitNeverStarves) && slept) {
                        assertThat(count).as("WaitNeverStarves: async_wait(min=%d) slept with %d completions in the ring", min, count)
                                .isLessThan(min);
                    }
                    break;
                }
                case REFILL:
                    SpareStacks.refillStack(ahu, 0x5eed_1000L + step);
                    token = true;
                    break;
                case SUBMIT_ENDLESS: {
                    if (endless != null || !canSwitch()) {
                        log.add("  (skipped)");
                        return;
                    }
                    long ctr = a.word(0), r = a.word(0);
                    long loop = a.alloc(80, 8);
                    UserArena.writeAtom(loop, Flags.ASYNC, SysletKernel.NR_UMEM_ADD, r, loop, a.word(ctr), a.word(1));
                    enterExec();
                    int oldHead = headTid;
                    Response resp = inUser("endless submit", () -> k.asyncExec(loop, ahu));
                    assertThat(resp.what()).as("SYSLET_ASYNC switches before the first atom").isEqualTo("entered");
                    headTid = resp.tid();
                    spares--;
                    asyncSubmitted++;
                    endless = new long[] {oldHead, loop, ctr};
                    long[] e = endless;
                    Await.until("the endless chain runs", () -> UserMemory.getLong(e[2]) > 0);
                    break;
                }
                case CANCEL_ENDLESS: {
                    if (endless == null) {
                        log.add("  (skipped)");
                        return;
                    }
                    long[] e = endless;
                    endless = null;
                    long before = accounted();
                    assertThat(k.signal((int) e[0])).isZero();
                    Await.until("the endless chain stopped and completed", () -> accounted() == before + 1
                            && head().busy().stream().noneMatch(t -> t.tid() == (int) e[0]));
                    Await.until("back in the pool", () -> head().spares().stream().anyMatch(t -> t.tid() == (int) e[0]));
                    spares++;
                    expectedFinal.put(e[1], e[1]);
                    break;
                }
                default:
                    throw new AssertionError(c);
            }
        }

        int ringCount() {
            int n = 0;
            for (int i = 0; i < sc.n(); i++) if (UserMemory.getLong(ring + 8L * i) != 0) n++;
            return n;
        }

        /** The state, as printed when an invariant breaks. */
        String state() {
            StringBuilder sb = new StringBuilder();
            long kIdx = UserMemory.getLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX);
            sb.append("ring K=").append(kIdx).append(" U=").append(reaper.userIndex()).append(" slots=[");
            for (int i = 0; i < sc.n(); i++) sb.append(i == 0 ? "" : ", ").append("0x").append(Long.toHexString(UserMemory.getLong(ring + 8L * i)));
            CompletionRing.RingStats s = stats();
            sb.append("] posted=").append(s.posted()).append(" dropped=").append(s.dropped()).append(" backlog=").append(s.backlog())
                    .append(" sleepers=").append(s.sleepers());
            KernelSnapshot.HeadState hs = head();
            sb.append("\n  head tid=").append(hs.head() == null ? "none" : hs.head().tid()).append(" (user context on ").append(headTid)
                    .append(")\n  spares=").append(tasks(hs.spares())).append("\n  busy=").append(tasks(hs.busy()))
                    .append("\n  model: asyncSubmitted=").append(asyncSubmitted).append(" spares=").append(spares).append(" token=").append(token)
                    .append(" blocked pipes=").append(blocked.keySet()).append(" endless=").append(endless != null)
                    .append(" reaped=").append(reaped.size());
            KernelSnapshot snap = k.snapshot();
            sb.append("\n  forbidden refused=").append(snap.forbiddenRefused()).append(" let through=").append(snap.forbiddenLetThrough());
            return sb.toString();
        }

        static String tasks(List<KernelSnapshot.TaskState> ts) {
            StringBuilder sb = new StringBuilder("[");
            for (KernelSnapshot.TaskState t : ts) {
                sb.append(" tid=").append(t.tid()).append(" at=").append(t.at() == 0 ? "NULL" : t.at() == t.atAddr() ? "&__at" : "0x" + Long.toHexString(t.at()))
                        .append(" async_ready=").append(t.asyncReady() == 0 ? "NULL" : t.asyncReady() == t.at() ? "at" : "0x" + Long.toHexString(t.asyncReady()));
            }
            return sb.append(" ]").toString();
        }

        /** The invariant mirrors, against the runtime's real state at a quiescent point. */
        void checkInvariants() {
            long n = sc.n();
            long kIdx = UserMemory.getLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX);
            long u = reaper.userIndex();
            int count = ringCount();
            for (int i = 0; i < n; i++) {
                long v = UserMemory.getLong(ring + 8L * i);
                if (v != 0) seenInRing.add(v);
            }
            CompletionRing.RingStats s = stats();
            KernelSnapshot.HeadState hs = head();
            if (checked.contains(Inv.RingTypeOK)) {
                assertThat(kIdx).as("RingTypeOK: K < N").isBetween(0L, n - 1);
                assertThat(u).as("RingTypeOK: U < N").isBetween(0L, n - 1);
            }
            if (checked.contains(Inv.SlotOwnership)) {
                for (int i = 0; i < n; i++) {
                    boolean owned = Math.floorMod(i - u, n) < count;
                    assertThat(UserMemory.getLong(ring + 8L * i) != 0).as("SlotOwnership: slot %d non-NULL iff within the run of %d from U", i, count)
                            .isEqualTo(owned);
                }
                assertThat(kIdx).as("SlotOwnership: K just past the run").isEqualTo((u + count) % n);
            }
            if (checked.contains(Inv.NoOverwrite)) {
                Set<Long> inRing = new HashSet<>();
                for (int i = 0; i < n; i++) inRing.add(UserMemory.getLong(ring + 8L * i));
                for (long x : seenInRing) {
                    assertThat(inRing.contains(x) || reaped.contains(x)).as("NoOverwrite: posted 0x%x vanished", x).isTrue();
                }
            }
            if (checked.contains(Inv.Accounting)) {
                long busy = hs.busy().size();
                assertThat(busy + s.backlog() + count + reaped.size() + s.dropped())
                        .as("Accounting: busy %d + backlog %d + in ring %d + reaped %d + dropped %d = async submissions",
                                busy, s.backlog(), count, reaped.size(), s.dropped())
                        .isEqualTo(asyncSubmitted);
            }
            if (checked.contains(Inv.NoCompletionLost)) {
                assertThat(s.dropped()).as("NoCompletionLost: completions dropped").isZero();
            }
            if (checked.contains(Inv.ExactlyOneHead)) {
                assertThat(hs.head()).as("ExactlyOneHead: a head exists").isNotNull();
                assertThat(hs.head().tid()).as("ExactlyOneHead: the kernel's head is the thread running the user context").isEqualTo(headTid);
                assertThat(hs.spares()).as("ExactlyOneHead: the head is no spare").noneMatch(t -> t.tid() == headTid);
                assertThat(hs.busy()).as("ExactlyOneHead: the head is not busy").noneMatch(t -> t.tid() == headTid);
            }
            List<KernelSnapshot.TaskState> all = new ArrayList<>(hs.spares());
            all.addAll(hs.busy());
            all.add(hs.head());
            if (checked.contains(Inv.OnlyHeadAsyncReady)) {
                // Quiescent: the head runs user code (phase "user"), so nobody is async-ready.
                for (KernelSnapshot.TaskState t : all) assertThat(t.asyncReady()).as("OnlyHeadAsyncReady: tid %d", t.tid()).isZero();
            }
            if (checked.contains(Inv.AtShape)) {
                for (KernelSnapshot.TaskState t : all) {
                    assertThat(t.at()).as("AtShape: at of tid %d", t.tid()).isIn(0L, t.atAddr());
                    assertThat(t.asyncReady()).as("AtShape: async_ready of tid %d", t.tid()).isIn(0L, t.at());
                }
            }
            if (checked.contains(Inv.AtMeansAsyncThread)) {
                for (KernelSnapshot.TaskState t : hs.spares()) assertThat(t.at()).as("AtMeansAsyncThread: spare %d", t.tid()).isNotZero();
                for (KernelSnapshot.TaskState t : hs.busy()) assertThat(t.at()).as("AtMeansAsyncThread: busy %d", t.tid()).isNotZero();
                assertThat(hs.head().at()).as("AtMeansAsyncThread: the head in user code").isZero();
            }
            if (checked.contains(Inv.ForbiddenRefused)) {
                assertThat(k.snapshot().forbiddenLetThrough()).as("ForbiddenRefused: forbidden syscalls let through").isZero();
            }
            if (checked.contains(Inv.ResumedAtMostOnce)) {
                assertThat(drv.done).as("ResumedAtMostOnce: no extra entry of the user context").isEmpty();
            }
            if (checked.contains(Inv.OneCompletionPerSyslet)) {
                for (long x : cachedAtoms) assertThat(seenInRing).as("OneCompletionPerSyslet: cached 0x%x queued", x).doesNotContain(x);
                assertThat(s.posted() + s.dropped() + s.backlog()).as("OneCompletionPerSyslet: completions <= async submissions")
                        .isLessThanOrEqualTo(asyncSubmitted);
            }
        }

        @Override
        public void close() {
            try {
                for (Map.Entry<Integer, long[]> e : blocked.entrySet()) Sys.call(Sys.NR_WRITE, pipes[e.getKey()][1], buf, 1);
                if (endless != null) k.signal((int) endless[0]);
                drv.todo.add(Driver.STOP);
                Await.until("the user context ended", () -> {
                    try {
                        return h.await(1, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException x) {
                        throw new AssertionError(x);
                    }
                });
            } finally {
                k.close();
                for (int[] p : pipes) {
                    Sys.call(Sys.NR_CLOSE, p[0]);
                    Sys.call(Sys.NR_CLOSE, p[1]);
                }
            }
        }
    }

    /** Runs the scenario, checking {@code checked} after every step; a failure names the step and prints the state. */
    static void run(Design d, Scenario sc, Set<Inv> checked) {
        try (Run r = new Run(d, sc, checked)) {
            r.checkInvariants();
            for (int i = 0; i < sc.cmds().size(); i++) {
                r.step = i;
                Cmd c = sc.cmds().get(i);
                r.log.add("step " + i + ": " + c);
                try {
                    r.step(c);
                    r.checkInvariants();
                } catch (AssertionError e) {
                    throw new AssertionError(d + ", " + sc + "\nbroke at step " + i + " (" + c + "): " + e.getMessage()
                            + "\nsteps:\n  " + String.join("\n  ", r.log) + "\nstate after the step:\n  " + r.state(), e);
                }
            }
        }
    }

    static void sequences(Design d, Set<Inv> checked, long seed, int examples) {
        qt().withFixedSeed(seed).withExamples(examples).withShrinkCycles(Tries.scaled(4, 40))
                .forAll(scenarios()).checkAssert(sc -> run(d, sc, checked));
    }

    static final Set<Inv> ALL = EnumSet.allOf(Inv.class);

    @Test
    @Verdict(finding = "", design = "fixed", expect = "holds", checker = "sequences")
    void everyInvariantHoldsAfterEveryStep_fixed() {
        sequences(Design.FIXED, ALL, Tries.holdSeed(), Tries.scaled(1, 150));
    }

    /** v5 keeps every invariant its findings do not touch. */
    @Test
    @Verdict(finding = "", design = "v5", expect = "holds", checker = "sequences")
    void theInvariantsNoFindingTouchesHoldOnV5() {
        sequences(Design.V5, EnumSet.complementOf(EnumSet.of(Inv.NoCompletionLost, Inv.WaitNeverStarves, Inv.ForbiddenRefused,
                Inv.NoForbiddenInBackground, Inv.Accounting)), Tries.holdSeed(), Tries.scaled(2, 80));
    }

    static void findingCheck(Design d, Inv inv) {
        sequences(d, EnumSet.of(inv, Inv.ExactlyOneHead), Tries.FALSIFY_SEED, Tries.scaled(1, 200));
    }

    @Test
    @Verdict(finding = "MM16", checker = "sequences")
    void mm16_noCompletionLost_v5ViolatedFixedHolds() {   // Milton: "how does userspace actually find out about the error"
        Verdicts.opposite("MM16/NoCompletionLost", d -> findingCheck(d, Inv.NoCompletionLost));
    }

    @Test
    @Verdict(finding = "MM21", checker = "sequences")
    void mm21_forbiddenRefused_v5ViolatedFixedHolds() {   // Milton: "Is testing t->async_ready what we want to exclude system calls on?"
        Verdicts.opposite("MM21/ForbiddenRefused", d -> findingCheck(d, Inv.ForbiddenRefused));
    }

    @Test
    @Verdict(finding = "MM21", checker = "sequences")
    void mm21_noForbiddenInBackground_v5ViolatedFixedHolds() {
        Verdicts.opposite("MM21/NoForbiddenInBackground", d -> findingCheck(d, Inv.NoForbiddenInBackground));
    }

    @Test
    @Verdict(finding = "MM1", checker = "sequences")
    void mm1_waitNeverStarvesThroughHeadSwitches_v5ViolatedFixedHolds() {   // MCSysletV5Ring on the runtime
        Verdicts.opposite("MM1/WaitNeverStarves/sequences", d -> findingCheck(d, Inv.WaitNeverStarves));
    }

    /** Breaking one fix at a time: FIXED without it must fail the sequences' invariant again. */
    @Test
    void revertingOneFixIsCaught() {
        for (Map.Entry<Finding, Inv> e : new LinkedHashMap<>(Map.of(Finding.MM1_WRAPAROUND, Inv.WaitNeverStarves,
                Finding.MM16_OVERFLOW, Inv.NoCompletionLost, Finding.MM21_EXCLUSION, Inv.ForbiddenRefused)).entrySet()) {
            Verdicts.Verdict v = Verdicts.run(Design.FIXED.without(e.getKey()), d -> findingCheck(d, e.getValue()));
            assertThat(v.holds()).as("FIXED without %s must violate %s", e.getKey(), e.getValue()).isFalse();
            System.out.println("FIXED without " + e.getKey().id() + " caught by " + e.getValue());
        }
    }
}
