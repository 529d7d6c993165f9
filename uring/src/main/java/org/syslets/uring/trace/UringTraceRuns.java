package org.syslets.uring.trace;

import static org.syslets.uring.UringAbi.*;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.syslets.linux.Sys;
import org.syslets.uring.Completions;
import org.syslets.uring.IoUring;
import org.syslets.uring.Mem;
import org.syslets.uring.Pipes;
import org.syslets.uring.ThreadState;

/**
 * Real io_uring runs, recorded for trace validation (docs/io_uring.md, "Trace validation"). Each is a
 * single owner thread driving one ring (the trace spec has one user thread); writer threads only write
 * pipes, they never touch the ring. Sizes scale the number of requests; {@code seed} varies the batch
 * sizes and wait minimums of nop-batches. A run ends by reaping everything and recording End.
 */
public final class UringTraceRuns {
    private UringTraceRuns() {
    }

    /** A recorded workload. */
    public record TraceRun(String name, String what, Body body) {
        public UringTrace run(int size, long seed) throws Exception {
            return run(size, seed, IoUring.Fault.NONE, 0);
        }

        public UringTrace run(int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
            return body.run(name, size, seed, fault, plantAt);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @FunctionalInterface
    public interface Body {
        UringTrace run(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception;
    }

    public static final TraceRun NOP_BATCHES = new TraceRun("nop-batches",
            "batches of 1..4 NOPs (inline completions) into a 4-entry CQ, submit-and-wait(min) or submit then reap; "
                    + "overflows whenever a batch outruns the reaper", UringTraceRuns::nopBatches);
    public static final TraceRun PIPE_READS = new TraceRun("pipe-reads",
            "4 reads on empty pipes always in flight, a writer thread fills each after its submission; wait(1|2), reap",
            UringTraceRuns::pipeReads);
    public static final TraceRun OVERFLOW = new TraceRun("overflow",
            "8 requests (NOPs, then pipe reads completed by the owner's own writes) into a 2-entry CQ before any reap: "
                    + "6 on the overflow list, flag set, counter 0, flushed by later enters", UringTraceRuns::overflow);
    public static final TraceRun WAIT_MIN = new TraceRun("wait-min",
            "4 reads, 1 completed at once, wait(min 4) sleeps; a helper writes the rest only once the waiter is "
                    + "asleep in io_uring_enter with that one CQE posted", UringTraceRuns::waitMin);
    public static final TraceRun LINKS = new TraceRun("links",
            "LINK and HARDLINK chains with a failing read (bad fd) in the middle: -ECANCELED after it, or not",
            UringTraceRuns::links);
    public static final TraceRun WRAP_LIKE = new TraceRun("wrap-like",
            "16 pipe reads in flight against a 4-entry CQ, nobody reaping until all 16 completed; rounds wrap the CQ "
                    + "indices around the ring and the spec's 2^W", UringTraceRuns::wrapLike);

    public static List<TraceRun> all() {
        return List.of(NOP_BATCHES, PIPE_READS, OVERFLOW, WAIT_MIN, LINKS, WRAP_LIKE);
    }

    public static TraceRun byName(String n) {
        return all().stream().filter(w -> w.name().equals(n)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown io_uring trace workload " + n + "; one of " + all()));
    }

    // ================================================================ the session: one ring, one recorder

    /** Waits longer than this only if something is badly wrong: the trace then shows it. */
    static final long ESCAPE_NS = TimeUnit.SECONDS.toNanos(10);

    static final class Session implements AutoCloseable {
        final IoUring ring;
        final CqRecorder rec = new CqRecorder();
        final Completions app = new Completions();
        private final int head0;
        private long nextUd = 1;

        Session(int sq, int cq, IoUring.Fault fault, long plantAt) throws IoUring.SetupException {
            ring = IoUring.open(sq, cq);
            ring.observe(rec);
            ring.plant(fault, plantAt);
            head0 = ring.cqHead();
        }

        long ud() {
            long u = nextUd++;
            app.submitted(u);
            return u;
        }

        /** Submitted and not yet passed by the head (what the kernel still owes the ring). */
        int owed() {
            return (int) (app.submitted() - (ring.cqHead() - head0));
        }

        /** Prepares a request with a fresh user_data (returned); if the SQ ring is full, submits what is there first. */
        long put(int opcode, int flags, int fd, long addr, int len, long off) {
            long u = ud();
            if (ring.prepare(u, opcode, flags, fd, addr, len, off)) return u;
            submit();
            check(ring.prepare(u, opcode, flags, fd, addr, len, off), "SQ ring still full after a submit");
            return u;
        }

        /**
         * The ring's calls, each followed by a look at the CQ tail and the SQ flags: user space may look
         * whenever it likes, and every look narrows what the kernel can have done unobserved.
         */
        long submit() {
            return look(ring.submit());
        }

        long submitAndWait(int min) {
            return look(ring.submitAndWait(min));
        }

        long waitCqes(int min) {
            return look(ring.waitCqes(min));
        }

        long waitCqes(int min, long timeoutNs) {
            return look(ring.waitCqes(min, timeoutNs));
        }

        private long look(long ret) {
            ring.cqTailLoadAcquire();
            ring.sqFlagsLoadAcquire();
            return ret;
        }

        void reapAll() {
            ring.reapAll(app);
            ring.sqFlagsLoadAcquire();
            ring.cqOverflowLoadAcquire();
        }

        /** Reaps until the kernel owes nothing, waiting when the ring is empty. */
        void drain() {
            reapAll();
            while (owed() > 0) {
                long r = waitCqes(1, ESCAPE_NS);
                reapAll();
                if (r < 0 && r != -org.syslets.abi.Errno.EINTR) break;   // -ETIME after 10 s: give up, End says what is missing
            }
        }

        UringTrace finish(String name) {
            rec.end(app.missing());
            return new UringTrace(name, ring.cqEntries(), (int) (nextUd - 1), List.copyOf(rec.events()));
        }

        @Override
        public void close() {
            ring.close();
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) throw new IllegalStateException(what);
    }

    // ================================================================ the workloads

    static UringTrace nopBatches(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        SplittableRandom rnd = new SplittableRandom(seed);
        try (Session s = new Session(4, 4, fault, plantAt)) {
            int total = 60 * size;
            boolean skipped = false;
            for (int done = 0; done < total; ) {
                int b = Math.min(1 + rnd.nextInt(4), total - done);
                for (int k = 0; k < b; k++) s.put(OP_NOP, 0, -1, 0, 0, 0);
                done += b;
                switch (rnd.nextInt(3)) {
                    case 0 -> s.submitAndWait(1 + rnd.nextInt(b));
                    case 1 -> s.submit();
                    default -> {
                        s.submit();
                        s.waitCqes(0);                       // GETEVENTS, min 0: flushes the overflow list
                    }
                }
                boolean reap = skipped || rnd.nextInt(4) != 0;      // now and then let completions pile up, once
                if (reap) s.reapAll();
                skipped = !reap;
            }
            s.drain();
            return s.finish(name);
        }
    }

    static UringTrace pipeReads(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        int d = 4;
        try (Pipes p = new Pipes(d); Mem.Buffer buf = new Mem.Buffer(4096L * d); Session s = new Session(d, d, fault, plantAt);
             Pipes.Filler w = new Pipes.Filler(p, 8, "uring-trace-writer")) {
            int total = 30 * size, submitted = 0, waits = 0;
            long[] udOf = new long[d];
            boolean[] busy = new boolean[d];
            java.util.List<Integer> fresh = new java.util.ArrayList<>();
            while (submitted < total || s.owed() > 0) {
                fresh.clear();
                for (int i = 0; i < d && submitted < total; i++) {
                    if (busy[i]) continue;
                    udOf[i] = s.put(OP_READ, 0, p.rfd[i], buf.addr + 4096L * i, 8, -1);
                    busy[i] = true;
                    fresh.add(i);
                    submitted++;
                }
                if (!fresh.isEmpty()) {
                    s.submit();
                    for (int i : fresh) w.fill(i);           // each pipe is filled after its read was submitted
                }
                s.waitCqes(Math.min(s.owed(), ++waits % 3 == 0 ? 2 : 1));
                s.reapAll();
                for (int i = 0; i < d; i++) if (busy[i] && s.app.has(udOf[i])) busy[i] = false;
                check(w.failure() == null, "writer failed: " + w.failure());
            }
            s.drain();
            return s.finish(name);
        }
    }

    static UringTrace overflow(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        int n = 8;
        try (Pipes p = new Pipes(n); Mem.Buffer buf = new Mem.Buffer(4096L * n); Session s = new Session(2, 2, fault, plantAt)) {
            for (int round = 0; round < 2 * size; round++) {
                if (round % 2 == 0) {
                    for (int k = 0; k < n; k++) s.put(OP_NOP, 0, -1, 0, 0, 0);
                    s.submit();                       // NOPs complete inline: 2 in the ring, 6 overflowed
                } else {
                    for (int k = 0; k < n; k++) s.put(OP_READ, 0, p.rfd[k], buf.addr + 4096L * k, 8, -1);
                    s.submit();
                    for (int k = 0; k < n; k++) check(p.write(k, 8, k) == 8, "pipe write");
                    s.waitCqes(0);                    // runs the completions' task work: the ring fills, the rest overflows
                }
                s.ring.sqFlagsLoadAcquire();
                s.ring.cqOverflowLoadAcquire();
                s.drain();                                 // each wait flushes what fits
            }
            return s.finish(name);
        }
    }

    static UringTrace waitMin(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        int k = 4;
        try (Pipes p = new Pipes(k); Mem.Buffer buf = new Mem.Buffer(4096L * k); Session s = new Session(k, 8, fault, plantAt)) {
            int tid = Sys.gettid();
            for (int round = 0; round < 3 * size; round++) {
                for (int i = 0; i < k; i++) s.put(OP_READ, 0, p.rfd[i], buf.addr + 4096L * i, 8, -1);
                s.submit();
                check(p.write(0, 8, 0) == 8, "pipe write");      // one completion now, three later
                int head = s.ring.cqHead();
                IoUring ring = s.ring;
                Thread helper = new Thread(() -> {
                    // the rest only once the waiter sleeps in io_uring_enter with the first CQE posted
                    long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);   // a hang guard only
                    while (!(ThreadState.sleepingIn(tid, Sys.NR_IO_URING_ENTER) && readyFrom(ring, head) >= 1)
                            && System.nanoTime() < guard) {
                        java.util.concurrent.locks.LockSupport.parkNanos(50_000);
                    }
                    for (int i = 1; i < k; i++) p.write(i, 8, i);
                }, "uring-trace-helper");
                helper.setDaemon(true);
                helper.start();
                while (s.owed() > 0) {
                    s.waitCqes(Math.min(k, s.owed()));
                    s.reapAll();
                }
                helper.join(TimeUnit.SECONDS.toMillis(30));
                check(!helper.isAlive(), "helper never saw the waiter asleep");
            }
            s.drain();
            return s.finish(name);
        }
    }

    /** tail - head as another thread sees it (not recorded: only the owner's observations are). */
    static int readyFrom(IoUring ring, int head) {
        return ring.cqTailLoadAcquire() - head;
    }

    static UringTrace links(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        try (Mem.Buffer buf = new Mem.Buffer(4096); Session s = new Session(8, 8, fault, plantAt)) {
            for (int round = 0; round < 3 * size; round++) {
                int link = round % 2 == 0 ? IOSQE_IO_LINK : IOSQE_IO_HARDLINK;
                s.put(OP_NOP, link, -1, 0, 0, 0);
                s.put(OP_READ, link, 1 << 20 /* not an open fd */, buf.addr, 8, 0);
                s.put(OP_NOP, link, -1, 0, 0, 0);
                s.put(OP_NOP, 0, -1, 0, 0, 0);
                s.submitAndWait(4);
                s.reapAll();
            }
            s.drain();
            return s.finish(name);
        }
    }

    static UringTrace wrapLike(String name, int size, long seed, IoUring.Fault fault, long plantAt) throws Exception {
        int n = 16;
        try (Pipes p = new Pipes(n); Mem.Buffer buf = new Mem.Buffer(4096L * n); Session s = new Session(4, 4, fault, plantAt)) {
            for (int round = 0; round < 4 * size; round++) {
                for (int i = 0; i < n; i++) s.put(OP_READ, 0, p.rfd[i], buf.addr + 4096L * i, 8, -1);
                s.submit();
                Thread w = new Thread(() -> {
                    for (int i = 0; i < n; i++) p.write(i, 8, i);
                }, "uring-trace-writer");
                w.start();
                w.join();
                s.waitCqes(0);                        // nobody reaped: 4 in the ring, 12 on the overflow list
                s.ring.sqFlagsLoadAcquire();
                s.ring.cqOverflowLoadAcquire();
                s.drain();
            }
            return s.finish(name);
        }
    }
}
