package org.syslets.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.kernel.Recording;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * Real workloads on the runtime (real syscalls, real threads, real blocking), recorded. Each run
 * uses one ring; user space (reaps and waits) is one user context at a time, as SysletRing's single
 * user thread — except {@link #CONCURRENT_REAPERS}, whose two reapers share one RingReaper under a
 * lock (each reap is then one atomic Reap step) and never wait.
 */
public final class Workloads {

    /** A recorded run: its events and its ring. */
    public record Recorded(String workload, Design design, long ahu, int n, List<Recording.Event> events) {
    }

    @FunctionalInterface
    interface Body {
        void run(SysletKernel k, UserArena a, long ahu, int size) throws Exception;
    }

    /** A workload: a name, a ring size and its body. */
    public record TraceRun(String name, int n, String what, Body body) {
        public Recorded run(Design d, int size) throws Exception {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 22)) {
                long ahu = a.ahu(n);
                List<Recording.Event> ev;
                Recording.start();
                try {
                    body.run(k, a, ahu, size);
                } finally {
                    ev = Recording.stop();
                }
                return new Recorded(name, d, ahu, n, ev);
            }
        }
    }

    private Workloads() {
    }

    /** The spec constants for a design: Formula from MM1 and RING-FULL, Overflow from MM16. */
    public static TraceWriter.RingConfig config(Design d, int n) {
        String formula = !d.isFixed(Finding.MM1_WRAPAROUND) ? "v5" : d.isFixed(Finding.RING_FULL) ? "full" : "milton";
        return new TraceWriter.RingConfig(n, formula, d.isFixed(Finding.MM16_OVERFLOW) ? "backlog" : "drop");
    }

    // ------------------------------------------------------------------ helpers

    /** An async syslet: getpid (SYSLET_ASYNC: goes to a spare at once) then gettid, the final atom. */
    static long asyncChain(UserArena a) {
        long second = a.atom(0, Sys.NR_GETTID, a.word(0), 0);
        return a.atom(Flags.ASYNC, Sys.NR_GETPID, a.word(0), second);
    }

    /** The final atom of {@link #asyncChain}. */
    static long finalOf(long chain) {
        return UserMemory.getLong(chain + org.syslets.abi.AtomLayout.NEXT);
    }

    /** A cached 3-atom chain (never touches the ring). */
    static long cachedChain(UserArena a) {
        long c = a.atom(0, Sys.NR_GETPID, a.word(0), 0);
        long b = a.atom(0, Sys.NR_GETTID, a.word(0), c);
        return a.atom(0, Sys.NR_GETPID, a.word(0), b);
    }

    static long submitAsync(SysletKernel k, long ahu, long chain, long token) {
        SpareStacks.refillStack(ahu, token);
        long r = k.asyncExec(chain, ahu);
        if (r != 0) throw new IllegalStateException("expected to go async, got " + r);
        return r;
    }

    /**
     * async_wait(min, U) from the calling (user) thread, with an escape: a watchdog signals the
     * caller if it is seen asleep with the ring's completions all delivered (v5's MM1/RING-FULL
     * sleeps never end otherwise). Returns the syscall's result.
     */
    static long waitWithEscape(SysletKernel k, long min, RingReaper r, long ahu, BooleanSupplier allDelivered) {
        int tid = Sys.gettid();
        AtomicLong res = new AtomicLong(Long.MIN_VALUE);
        Thread dog = new Thread(() -> {
            while (res.get() == Long.MIN_VALUE) {
                if (k.ringStats(ahu).sleepers() == 1 && allDelivered.getAsBoolean()) {
                    k.signal(tid);
                    return;
                }
                Thread.yield();
            }
        }, "trace-watchdog");
        dog.setDaemon(true);
        dog.start();
        long v = k.asyncWait(min, r.userIndex(), ahu);
        res.set(v);
        try {
            dog.join(Await.GUARD_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return v;
    }

    static boolean slotFull(long ahu, long u) {
        long ring = UserMemory.getLong(ahu + org.syslets.abi.AsyncHeadUserLayout.COMPLETION_RING);
        return UserMemory.getLong(ring + 8 * u) != 0;
    }

    static boolean delivered(SysletKernel k, long ahu, int total) {
        var s = k.ringStats(ahu);
        return s.posted() + s.dropped() + s.backlog() >= total;
    }

    /** Reaps until {@code count} completions were taken, waiting for one more whenever the ring is empty. */
    static void reapAll(SysletKernel k, RingReaper r, long ahu, int count) {
        int got = 0;
        while (got < count) {
            if (r.reap() != 0) {
                got++;
                continue;
            }
            if (k.design().isFixed(Finding.MM1_WRAPAROUND)) {
                long w = k.asyncWait(1, r.userIndex(), ahu);
                if (w != 0) throw new IllegalStateException("async_wait returned " + w);
            } else {
                // v5: a completion that lands in slot U = N-1 just before the wait wraps K below U,
                // and the wait then sleeps for ever (MM1): escape when slot U is visibly full.
                long u = r.userIndex();
                waitWithEscape(k, 1, r, ahu, () -> slotFull(ahu, u));
            }
        }
    }

    // ------------------------------------------------------------------ the workloads

    /** Cached chains interleaved with SYSLET_ASYNC chains on an implicit head; K wraps many times. */
    public static final TraceRun CACHED_AND_ASYNC = new TraceRun("cached-and-async", 4,
            "cached 3-atom chains and SYSLET_ASYNC chains (spare threads post), at most 2 outstanding, "
                    + "async_wait(1) + reap; K and U wrap", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                int outstanding = 0, total = 0;
                for (int i = 0; i < 4 * size; i++) {
                    long c = cachedChain(a);
                    long fin = k.asyncExec(c, ahu);
                    if (fin <= 0) throw new IllegalStateException("cached chain returned " + fin);
                    submitAsync(k, ahu, asyncChain(a), 0x1000 + i);
                    outstanding++;
                    total++;
                    if (outstanding == 2) {
                        reapAll(k, r, ahu, 1);
                        outstanding--;
                    }
                }
                reapAll(k, r, ahu, outstanding);
            });

    /** Half of the async syslets end with SYSLET_NO_COMPLETE: they retire without a ring entry. */
    public static final TraceRun NO_COMPLETE = new TraceRun("no-complete", 4,
            "SYSLET_ASYNC chains, every other one ending in a SYSLET_NO_COMPLETE atom (Retire, no ring entry); "
                    + "async_wait(1) + reap for the others", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                for (int i = 0; i < 4 * size; i++) {
                    long chain = asyncChain(a);
                    boolean silent = i % 2 == 1;
                    if (silent) UserMemory.putInt(finalOf(chain) + org.syslets.abi.AtomLayout.FLAGS, Flags.NO_COMPLETE);
                    submitAsync(k, ahu, chain, 0x8000 + i);
                    if (!silent) reapAll(k, r, ahu, 1);
                    else Await.until("retired", () -> k.snapshot().heads().stream().allMatch(h -> h.busy().isEmpty()));
                }
            });

    /** More completions than slots and nobody reaping: v5 drops (MM16), fixed backlogs and flushes. */
    public static final TraceRun OVERFLOW = new TraceRun("overflow", 2,
            "N+2 SYSLET_ASYNC syslets into a 2-slot ring before any reap (full ring, MM16), then reaps; "
                    + "a kernel entry (async_wait 1) whenever the kernel holds a backlog", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                for (int round = 0; round < size; round++) {
                    int total = 4;
                    long before = k.ringStats(ahu).posted() + k.ringStats(ahu).dropped();
                    for (int i = 0; i < total; i++) submitAsync(k, ahu, asyncChain(a), 0x2000 + i);
                    Await.until("all completions delivered", () -> {
                        var s = k.ringStats(ahu);
                        return s.posted() + s.dropped() + s.backlog() - before >= total;
                    });
                    for (;;) {
                        if (r.reap() != 0) continue;
                        if (k.ringStats(ahu).backlog() == 0) break;
                        k.asyncWait(1, r.userIndex(), ahu);   // fixed: flushes the backlog first
                    }
                }
            });

    /** Milton's MM1 case: K wrapped below U, and a wait for 1 while 2 completions are in the ring. */
    public static final TraceRun WAIT_WRAPPED = new TraceRun("wait-k-below-u", 4,
            "3 syslets reaped (U=3), 2 more posted (K wraps to 1), async_wait(1, U=3): v5 sleeps (MM1), "
                    + "escaped by a signal", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                int total = 0;
                for (int round = 0; round < size; round++) {
                    for (int i = 0; i < 3; i++) submitAsync(k, ahu, asyncChain(a), 0x3000 + i);
                    reapAll(k, r, ahu, 3);
                    total += 3;
                    for (int i = 0; i < 2; i++) submitAsync(k, ahu, asyncChain(a), 0x3100 + i);
                    total += 2;
                    final int t = total;
                    Await.until("2 posted", () -> delivered(k, ahu, t));
                    waitWithEscape(k, 1, r, ahu, () -> delivered(k, ahu, t));
                    reapAll(k, r, ahu, 2);
                    // back to U = K = 0 for the next round: 3 more
                    for (int i = 0; i < 3; i++) submitAsync(k, ahu, asyncChain(a), 0x3200 + i);
                    reapAll(k, r, ahu, 3);
                    total += 3;
                }
            });

    /** RING-FULL: K = U with N completions in the ring, async_wait(N). */
    public static final TraceRun WAIT_FULL = new TraceRun("wait-full-ring", 2,
            "2 completions fill a 2-slot ring (K = U), async_wait(2): v5 reads it as empty and sleeps "
                    + "(RING-FULL), escaped by a signal", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                int total = 0;
                for (int round = 0; round < size; round++) {
                    for (int i = 0; i < 2; i++) submitAsync(k, ahu, asyncChain(a), 0x4000 + i);
                    total += 2;
                    final int t = total;
                    Await.until("2 posted", () -> delivered(k, ahu, t));
                    waitWithEscape(k, 2, r, ahu, () -> delivered(k, ahu, t));
                    reapAll(k, r, ahu, 2);
                }
            });

    /** Two reaper threads (one RingReaper under a lock) against background posts. */
    public static final TraceRun CONCURRENT_REAPERS = new TraceRun("concurrent-reapers", 4,
            "the user thread submits SYSLET_ASYNC syslets (at most 3 outstanding) while two other threads "
                    + "reap through one RingReaper under a lock; nobody waits", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                int total = 6 * size;
                AtomicInteger reaped = new AtomicInteger();
                Runnable reaper = () -> {
                    while (reaped.get() < total) {
                        long got;
                        synchronized (r) {
                            got = r.reap();
                        }
                        if (got != 0) reaped.incrementAndGet();
                        else Thread.yield();
                    }
                };
                Thread r1 = new Thread(reaper, "reaper-1"), r2 = new Thread(reaper, "reaper-2");
                r1.start();
                r2.start();
                for (int i = 0; i < total; i++) {
                    final int sub = i;
                    Await.until("room in the ring", () -> sub - reaped.get() < 3);
                    submitAsync(k, ahu, asyncChain(a), 0x5000 + i);
                }
                r1.join(Await.GUARD_MS);
                r2.join(Await.GUARD_MS);
                if (reaped.get() != total) throw new IllegalStateException("reaped " + reaped.get() + " of " + total);
            });

    /** An endless background chain stopped by a signal: it posts its last executed atom. */
    public static final TraceRun CANCEL = new TraceRun("cancel", 4,
            "an endless SYSLET_ASYNC loop (umem_add, next = itself) in the background, stopped by a signal: "
                    + "it posts its last atom", (k, a, ahu0, size) -> {
                long ahu = ahu0;
                RingReaper r = new RingReaper(ahu);
                for (int round = 0; round < size; round++) {
                    long counter = a.word(0), one = a.word(1), res = a.word(0);
                    long loop = a.alloc(80, 8);
                    UserArena.writeAtom(loop, Flags.ASYNC, SysletKernel.NR_UMEM_ADD, res, loop, a.word(counter), one);
                    submitAsync(k, ahu, loop, 0x6000 + round);
                    Await.until("loop running", () -> UserMemory.getLong(counter) > 100);
                    KernelSnapshot.TaskState busy = k.snapshot().heads().stream().flatMap(h -> h.busy().stream())
                            .findFirst().orElseThrow();
                    k.signal(busy.tid());
                    reapAll(k, r, ahu, 1);
                    Await.until("back in the pool", () -> k.snapshot().heads().stream().allMatch(h -> h.busy().isEmpty()));
                }
            });

    /**
     * A registered head whose atoms (or threadlets) block on empty pipes: each block switches the
     * head (SubmitAsync at AsyncHead#block), the new head goes on; the driver then writes the pipes
     * in reverse order, the old heads finish in the background and post; the user context
     * collects them with async_wait(1) + reap.
     */
    static TraceRun blockingHead(String name, boolean threadlets) {
        return blockingHead(name, threadlets, false);
    }

    /**
     * {@code forbidden}: each blocking read is followed (next) by clone3(NULL, 0), a forbidden syscall
     * that the real kernel rejects with EINVAL without creating anything (ForbiddenSyscallTest's
     * probe). It runs in the background thread that finishes the chain after the switch: Milton's
     * MM21 case. v5 asks async_ready (NULL there) and lets it through; fixed asks at and refuses it.
     */
    static TraceRun blockingHead(String name, boolean threadlets, boolean forbidden) {
        return new TraceRun(name, 4, forbidden
                ? "atoms reading empty pipes on a registered head, each followed by clone3(NULL, 0) (forbidden, MM21), "
                        + "which the background thread runs after the switch: v5 lets it through, fixed refuses it"
                : (threadlets ? "threadlets (threadletExec)" : "atoms")
                + " reading empty pipes on a registered head: real blocks, head switches, completions out of order",
                (k, a, ahu, size) -> {
                    int perBatch = 3, total = perBatch * size;
                    int[][] pipes = new int[total][];
                    long[] atoms = new long[total], events = new long[total];
                    for (int i = 0; i < total; i++) {
                        pipes[i] = a.pipe(0);
                        long buf = a.alloc(16, 8);
                        long next = forbidden ? a.atom(0, Sys.NR_CLONE3, a.word(-1), 0, a.word(0), a.word(0)) : 0;
                        atoms[i] = a.atom(0, Sys.NR_READ, a.word(-1), next, a.word(pipes[i][0]), a.word(buf), a.word(16));
                        events[i] = a.word(0);
                    }
                    AtomicInteger issued = new AtomicInteger();
                    AtomicInteger collected = new AtomicInteger();
                    AtomicReference<Throwable> failed = new AtomicReference<>();
                    CountDownLatch done = new CountDownLatch(1);
                    RingReaper r = new RingReaper(ahu);
                    SysletKernel.HeadHandle[] h = new SysletKernel.HeadHandle[1];
                    h[0] = k.startHead(ret -> {
                        try {
                            for (;;) {
                                int batchEnd = Math.min(total, (collected.get() / perBatch + 1) * perBatch);
                                if (issued.get() < batchEnd) {
                                    int i = issued.getAndIncrement();
                                    SpareStacks.refillStack(ahu, 0x7000 + i);
                                    if (threadlets) {
                                        int fd = pipes[i][0];
                                        long buf = a.alloc(16, 8), ev = events[i];
                                        k.threadletExec(kk -> {
                                            long n = kk.syscall(Sys.NR_READ, fd, buf, 16);   // blocks: empty pipe
                                            UserMemory.putLong(ev, n);
                                            return ev;
                                        }, ahu);
                                    } else {
                                        k.asyncExec(atoms[i], ahu);
                                    }
                                    // Only reached if it did not switch (never: the driver writes
                                    // after the switch); this thread is no longer the head otherwise.
                                    continue;
                                }
                                reapAll(k, r, ahu, perBatch);
                                if (collected.addAndGet(perBatch) >= total) break;
                            }
                        } catch (Throwable x) {
                            failed.set(x);
                        }
                        done.countDown();
                    });
                    for (int b = 0; b < size; b++) {
                        final int end = (b + 1) * perBatch;
                        Await.until("head switches", () -> k.snapshot().head(headId(h)).switches() >= end);
                        for (int i = end - 1; i >= end - perBatch; i--) {
                            long src = a.word(0x41);
                            Sys.call(Sys.NR_WRITE, pipes[i][1], src, 1);
                        }
                        Await.until("batch collected", () -> collected.get() >= end || done.getCount() == 0);
                    }
                    if (!done.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)) throw new IllegalStateException("head hung");
                    if (failed.get() != null) throw new IllegalStateException("user context failed", failed.get());
                    for (int[] p : pipes) {
                        Sys.call(Sys.NR_CLOSE, p[0]);
                        Sys.call(Sys.NR_CLOSE, p[1]);
                    }
                });
    }

    public static final TraceRun PIPE_BLOCKS = blockingHead("pipe-blocks", false);
    public static final TraceRun THREADLETS = blockingHead("threadlets", true);
    public static final TraceRun FORBIDDEN_BG = blockingHead("forbidden-in-background", false, true);

    /**
     * A registered head's whole life at the task level: cached chains on the head (ExecEnter,
     * ExecAtom, ExecExit; the second atom a SYSLET_SYNC clone3(NULL, 0): v5's exclusion misses the
     * head during a SYNC atom, MM21), then per round an endless SYSLET_ASYNC umem_add loop (the head
     * switches before the first atom; the old head runs the loop in the background) that the new
     * head cancels with a signal: SignalToUser posts the last atom, the thread returns to the pool
     * (AsyncThread). The user context is re-entered on each new head; a stage counter says where.
     */
    public static final TraceRun HEAD_CANCEL = new TraceRun("head-cached-cancel", 4,
            "registered head: cached chains (one SYNC clone3 atom, MM21 in the head), then endless SYSLET_ASYNC "
                    + "loops (umem_add, nanosleep 1 ms) in the background cancelled by a signal (SignalToUser, AsyncThread)", (k, a, ahu, size) -> {
                RingReaper r = new RingReaper(ahu);
                AtomicInteger stage = new AtomicInteger(), round = new AtomicInteger();
                AtomicReference<Throwable> failed = new AtomicReference<>();
                CountDownLatch done = new CountDownLatch(1);
                long[] counter = new long[1];
                SysletKernel.HeadHandle[] h = new SysletKernel.HeadHandle[1];
                h[0] = k.startHead(ret -> {
                    try {
                        if (stage.get() == 0) {
                            for (int i = 0; i < 2; i++) {
                                long c = a.atom(0, Sys.NR_GETTID, a.word(0), 0);
                                long b = a.atom(Flags.SYNC, Sys.NR_CLONE3, a.word(0), c, a.word(0), a.word(0));
                                long fin = k.asyncExec(a.atom(0, Sys.NR_GETPID, a.word(0), b), ahu);
                                if (fin <= 0) throw new IllegalStateException("cached chain returned " + fin);
                            }
                            stage.set(1);
                        }
                        for (;;) {
                            if (stage.get() == 1) {
                                counter[0] = a.word(0);
                                // umem_add, then nanosleep(1 ms), then back: endless, but slow enough that the
                                // trace stays short whenever the signal comes (TLC prints the whole trace).
                                long one = a.word(1), res = a.word(0), loop = a.alloc(80, 8), ts = a.alloc(16, 8);
                                UserMemory.putLong(ts, 0);
                                UserMemory.putLong(ts + 8, 1_000_000);
                                long nap = a.atom(0, Sys.NR_NANOSLEEP, a.word(0), loop, a.word(ts), a.word(0));
                                UserArena.writeAtom(loop, Flags.ASYNC, SysletKernel.NR_UMEM_ADD, res, nap,
                                        a.word(counter[0]), one);
                                stage.set(2);   // the call below switches: this thread never returns here
                                SpareStacks.refillStack(ahu, 0x9000 + round.get());
                                k.asyncExec(loop, ahu);
                                throw new IllegalStateException("SYSLET_ASYNC on a registered head did not switch");
                            }
                            // stage 2, on the new head: cancel the background loop once it ran an atom.
                            // v5 only: reapAll's escape signal can arrive after the wait already returned
                            // and stay pending on the thread, which then stops this loop by itself after
                            // one atom -- still a SignalToUser; so signal only a loop that is still busy.
                            Await.until("loop running", () -> UserMemory.getLong(counter[0]) >= 1);
                            List<KernelSnapshot.TaskState> busy = k.snapshot().head(headId(h)).busy();
                            if (!busy.isEmpty()) k.signal(busy.get(0).tid());
                            reapAll(k, r, ahu, 1);
                            Await.until("back in the pool", () -> k.snapshot().head(headId(h)).busy().isEmpty());
                            if (round.incrementAndGet() >= size) break;
                            stage.set(1);
                        }
                    } catch (Throwable x) {
                        failed.set(x);
                    }
                    done.countDown();
                });
                if (!done.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)) throw new IllegalStateException("head hung");
                if (failed.get() != null) throw new IllegalStateException("user context failed", failed.get());
            });

    private static final java.lang.invoke.VarHandle HANDLE =
            java.lang.invoke.MethodHandles.arrayElementVarHandle(SysletKernel.HeadHandle[].class);

    /**
     * The id of the head started into {@code h[0]}. The head's user context can run before startHead has
     * returned its handle to the starting thread, so it waits for the store (a volatile read, so the
     * wait sees it).
     */
    private static long headId(SysletKernel.HeadHandle[] h) {
        Await.until("head handle published", () -> HANDLE.getVolatile(h, 0) != null);
        return ((SysletKernel.HeadHandle) HANDLE.getVolatile(h, 0)).id();
    }

    public static List<TraceRun> all() {
        return List.of(CACHED_AND_ASYNC, NO_COMPLETE, PIPE_BLOCKS, THREADLETS, OVERFLOW, WAIT_WRAPPED, WAIT_FULL,
                CONCURRENT_REAPERS, CANCEL, FORBIDDEN_BG, HEAD_CANCEL);
    }

    /** The workloads with a registered head, whose task-level events are recorded (SysletTaskTrace). */
    public static List<TraceRun> taskLevel() {
        return List.of(PIPE_BLOCKS, THREADLETS, FORBIDDEN_BG, HEAD_CANCEL);
    }

    /** SysletTasks' Exclusion constant for a design (MM21). */
    public static String exclusion(Design d) {
        return d.isFixed(Finding.MM21_EXCLUSION) ? "at" : "async_ready";
    }

    /** The finding a workload's trace is about (its checks' row in the report), or null for the invariants row. */
    public static String finding(TraceRun w) {
        return switch (w.name()) {
            case "wait-k-below-u" -> "MM1";
            case "wait-full-ring" -> "RING-FULL";
            case "overflow" -> "MM16";
            case "forbidden-in-background", "head-cached-cancel" -> "MM21";
            default -> null;
        };
    }

    public static TraceRun byName(String name) {
        for (TraceRun w : all()) if (w.name().equals(name)) return w;
        throw new IllegalArgumentException("no workload " + name + "; have " + names());
    }

    public static List<String> names() {
        List<String> n = new ArrayList<>();
        for (TraceRun w : all()) n.add(w.name());
        return n;
    }
}
