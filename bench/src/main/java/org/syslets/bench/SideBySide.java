package org.syslets.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.results.Results;
import org.syslets.results.StageResult;
import org.syslets.uring.IoUring;
import org.syslets.uring.Mem;
import org.syslets.uring.Pipes;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * The same blocking-read workload through the syslet runtime, through this kernel's io_uring and through
 * a {@link ThreadPoolExecutor}, measured in one run (docs/io_uring.md, "Side by side"). A harness rather
 * than JMH: the numbers wanted are per-operation latency percentiles of a closed loop, and JMH's modes
 * measure calls, not completions arriving through a ring.
 *
 * <p>The operation: a read(2) of 8 bytes from a pipe that is empty when the read is submitted; a writer
 * thread writes the 8 bytes once the submission returned. iodepth such reads are kept in flight on
 * iodepth pipes (closed loop: each completion resubmits on its pipe). Latency = submission to the moment
 * the application has the completion; throughput = completions per second. Every runtime uses the same
 * pipes, writer and loop. Ratios are against the thread pool measured at the same iodepth, in the same
 * run, interleaved round by round so that a noisy neighbour hits all three alike.
 *
 * <pre>java ... org.syslets.bench.SideBySide [--seconds S] [--rounds R] [--depths 1,8,64]</pre>
 * Writes target/results/sidebyside.json (metrics: the table, the machine's load).
 */
public final class SideBySide {

    /** One way to run the reads. */
    interface Runtime extends AutoCloseable {
        /** Prepares a read on pipe p (some runtimes start it right away). Returns true if it completed at once. */
        boolean submit(int p);

        /** Makes prepared reads visible to the kernel (io_uring's submit); a no-op for the others. */
        default void flush() {
        }

        /** Completed pipes into {@code done}; blocks for at least one if {@code block}. Returns how many. */
        int reap(int[] done, boolean block) throws Exception;

        @Override
        void close();
    }

    /** The runtimes, in table order. The baseline is the thread pool. */
    enum Kind {
        SYSLET_RING("syslet (ring of atom pointers)"),
        // Davide's copy-out completions (another issue) will add: SYSLET_COPYOUT("syslet (copy-out CQEs)"),
        IO_URING("io_uring"),
        THREAD_POOL("ThreadPoolExecutor");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        Runtime open(int depth, Pipes pipes) throws Exception {
            return switch (this) {
                case SYSLET_RING -> new SysletRing(depth, pipes);
                case IO_URING -> new Uring(depth, pipes);
                case THREAD_POOL -> new Pool(depth, pipes);
            };
        }
    }

    // ================================================================ the three runtimes

    /** SYSLET_ASYNC read atoms on the fixed design: a spare runs each read, the ring gets the atom, fio's reaper takes it. */
    static final class SysletRing implements Runtime {
        final SysletKernel k = new SysletKernel(Design.FIXED);
        final UserArena a;
        final long ahu;
        final long[] atom;
        final java.util.Map<Long, Integer> pipeOf = new java.util.HashMap<>();
        final RingReaper reaper;
        final List<Integer> inline = new ArrayList<>();
        long token = 0x5eed_5000L;

        SysletRing(int depth, Pipes p) {
            a = UserArena.map(1 << 20);
            ahu = a.ahu(Math.max(depth, 1));
            atom = new long[depth];
            for (int i = 0; i < depth; i++) {
                long buf = a.alloc(64, 64);
                atom[i] = a.atom(Flags.ASYNC, Sys.NR_READ, a.word(0), 0, a.word(p.rfd[i]), a.word(buf), a.word(8));
                pipeOf.put(atom[i], i);
            }
            reaper = new RingReaper(ahu);
        }

        @Override
        public boolean submit(int p) {
            SpareStacks.refillStack(ahu, token++);                // fio refills new_thread_stack before every async_exec
            long r = k.asyncExec(atom[p], ahu);
            if (r == atom[p]) return true;                        // ran cached (the data was already there)
            if (r != 0) throw new IllegalStateException("async_exec: " + r);
            return false;
        }

        @Override
        public int reap(int[] done, boolean block) {
            int n = 0;
            for (long at; n < done.length && (at = reaper.reap()) != 0; ) done[n++] = pipeOf.get(at);
            if (n == 0 && block) {
                long w = k.asyncWait(1, reaper.userIndex(), ahu);
                if (w < 0 && w != -4) throw new IllegalStateException("async_wait: " + w);
                for (long at; n < done.length && (at = reaper.reap()) != 0; ) done[n++] = pipeOf.get(at);
            }
            return n;
        }

        @Override
        public void close() {
            k.close();
            // The arena stays mapped: parked spares may still hold pointers into it (docs/runtime.md).
        }
    }

    /** IORING_OP_READ on each pipe, submitted in one io_uring_enter per loop turn, reaped from the CQ. */
    static final class Uring implements Runtime {
        final IoUring r;
        final Mem.Buffer bufs;
        final int[] rfd;
        int[] out;
        int got;

        Uring(int depth, Pipes p) throws IoUring.SetupException {
            int sq = Integer.highestOneBit(Math.max(1, depth - 1)) << 1;
            r = IoUring.open(Math.max(sq, 1), 2 * Math.max(sq, 1));
            bufs = new Mem.Buffer(64L * depth);
            rfd = p.rfd;
        }

        @Override
        public boolean submit(int p) {
            if (!r.read(p, 0, rfd[p], bufs.addr + 64L * p, 8, -1)) throw new IllegalStateException("SQ full");
            return false;
        }

        @Override
        public void flush() {
            if (r.unsubmitted() > 0 && r.submit() < 0) throw new IllegalStateException("io_uring_enter failed");
        }

        @Override
        public int reap(int[] done, boolean block) {
            out = done;
            got = 0;
            r.reap(this::take, done.length);
            if (got == 0 && block) {
                r.waitCqes(1);
                r.reap(this::take, done.length);
            }
            return got;
        }

        private void take(long ud, int res, int flags) {
            if (res != 8) throw new IllegalStateException("read: " + res);
            out[got++] = (int) ud;
        }

        @Override
        public void close() {
            r.close();
            bufs.close();
        }
    }

    /** depth threads, each read(2) blocking in its own thread; completions through a queue. */
    static final class Pool implements Runtime {
        final ThreadPoolExecutor pool;
        final LinkedBlockingQueue<Integer> completed = new LinkedBlockingQueue<>();
        final Mem.Buffer bufs;
        final int[] rfd;

        Pool(int depth, Pipes p) {
            pool = new ThreadPoolExecutor(depth, depth, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(depth));
            pool.prestartAllCoreThreads();
            bufs = new Mem.Buffer(64L * depth);
            rfd = p.rfd;
        }

        @Override
        public boolean submit(int p) {
            pool.execute(() -> {
                long r = Sys.call(Sys.NR_READ, rfd[p], bufs.addr + 64L * p, 8);
                if (r != 8) throw new IllegalStateException("read: " + r);
                completed.add(p);
            });
            return false;
        }

        @Override
        public int reap(int[] done, boolean block) throws InterruptedException {
            int n = 0;
            if (block) done[n++] = completed.take();
            for (Integer p; n < done.length && (p = completed.poll()) != null; ) done[n++] = p;
            return n;
        }

        @Override
        public void close() {
            pool.shutdownNow();
            bufs.close();
        }
    }

    // ================================================================ the loop

    record Point(Kind kind, int depth, long ops, double opsPerSec, double p50us, double p99us) {
    }

    static Point measure(Kind kind, int depth, long warmupNs, long measureNs) throws Exception {
        try (Pipes pipes = new Pipes(depth); Pipes.Filler w = new Pipes.Filler(pipes, 8, "sidebyside-writer");
             Runtime rt = kind.open(depth, pipes)) {
            long[] t0 = new long[depth];
            long[] lat = new long[1 << 21];
            int nl = 0;
            int[] done = new int[depth];
            List<Integer> fresh = new ArrayList<>(), immediate = new ArrayList<>();
            for (int p = 0; p < depth; p++) {
                t0[p] = System.nanoTime();
                if (rt.submit(p)) immediate.add(p); else fresh.add(p);
            }
            rt.flush();
            w.fillAll(fresh);
            long start = System.nanoTime(), mStart = start + warmupNs, end = mStart + measureNs, ops = 0;
            int outstanding = depth - immediate.size();
            while (true) {
                long now = System.nanoTime();
                boolean stopping = now >= end;
                if (stopping && outstanding == 0 && immediate.isEmpty()) break;
                int n = immediate.isEmpty() ? rt.reap(done, true) : 0;
                now = System.nanoTime();
                List<Integer> finished = new ArrayList<>(immediate);
                immediate.clear();
                for (int j = 0; j < n; j++) {
                    finished.add(done[j]);
                    outstanding--;
                }
                fresh.clear();
                for (int p : finished) {
                    if (now >= mStart && now < end) {
                        if (nl < lat.length) lat[nl++] = now - t0[p];
                        ops++;
                    }
                    if (stopping) continue;
                    t0[p] = System.nanoTime();
                    if (rt.submit(p)) immediate.add(p);
                    else {
                        fresh.add(p);
                        outstanding++;
                    }
                }
                rt.flush();
                w.fillAll(fresh);                          // the pipes are written after the reads were submitted
            }
            long[] l = Arrays.copyOf(lat, nl);
            Arrays.sort(l);
            double p50 = nl == 0 ? Double.NaN : l[(int) (0.50 * (nl - 1))] / 1e3;
            double p99 = nl == 0 ? Double.NaN : l[(int) (0.99 * (nl - 1))] / 1e3;
            return new Point(kind, depth, ops, ops / (measureNs / 1e9), p50, p99);
        }
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "?";
        }
    }

    public static void main(String[] args) throws Exception {
        double seconds = 1.0;
        int rounds = 2;
        int[] depths = {1, 8, 64};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--depths" -> depths = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> {
                    System.err.println("usage: SideBySide [--seconds S] [--rounds R] [--depths 1,8,64]");
                    System.exit(2);
                }
            }
        }
        Instant started = Instant.now();
        String why = IoUring.unavailable();
        List<Kind> kinds = new ArrayList<>(Arrays.asList(Kind.values()));
        List<String> skipped = new ArrayList<>(List.of("syslet (copy-out completions): not in this build yet"));
        if (why != null) {
            kinds.remove(Kind.IO_URING);
            skipped.add("io_uring: " + why);
        }
        String loadBefore = loadavg();
        System.out.printf(Locale.ROOT, "sidebyside: blocking 8-byte pipe reads, closed loop; %.1f s per point, %d rounds, "
                + "iodepth %s; load before: %s%n", seconds, rounds, Arrays.toString(depths), loadBefore);
        long warm = (long) (0.3e9 * Math.min(1, seconds)), meas = (long) (seconds * 1e9);
        Map<String, List<Point>> by = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (int d : depths) {
                List<Kind> order = new ArrayList<>(kinds);
                if (round % 2 == 1) java.util.Collections.reverse(order);   // ABC, CBA: drift hits everyone
                for (Kind k : order) {
                    Point pt = measure(k, d, warm, meas);
                    by.computeIfAbsent(k + "/" + d, x -> new ArrayList<>()).add(pt);
                }
            }
        }
        String loadAfter = loadavg();
        // per point, the round with the best throughput (and its latencies): the least disturbed one
        List<Map<String, Object>> table = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%n%-32s %7s %12s %10s %10s   %s%n", "runtime", "iodepth", "ops/s", "p50 us", "p99 us",
                "ratio vs ThreadPoolExecutor (ops/s, p50, p99)");
        for (int d : depths) {
            Point base = pick(by.get(Kind.THREAD_POOL + "/" + d));
            for (Kind k : kinds) {
                Point pt = pick(by.get(k + "/" + d));
                double rt = pt.opsPerSec() / base.opsPerSec(), r50 = pt.p50us() / base.p50us(), r99 = pt.p99us() / base.p99us();
                System.out.printf(Locale.ROOT, "%-32s %7d %12.0f %10.1f %10.1f   %.2fx  %.2fx  %.2fx%n", k.label, d, pt.opsPerSec(),
                        pt.p50us(), pt.p99us(), rt, r50, r99);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("runtime", k.label);
                row.put("iodepth", d);
                row.put("opsPerSec", Math.round(pt.opsPerSec()));
                row.put("p50us", round1(pt.p50us()));
                row.put("p99us", round1(pt.p99us()));
                row.put("opsRatioVsThreadPool", round2(rt));
                row.put("p50RatioVsThreadPool", round2(r50));
                row.put("p99RatioVsThreadPool", round2(r99));
                row.put("completions", pt.ops());
                table.add(row);
            }
        }
        System.out.println("load after: " + loadAfter + "; " + java.lang.Runtime.getRuntime().availableProcessors() + " cores");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("table", table);
        metrics.put("baseline", "ThreadPoolExecutor at the same iodepth, same run");
        metrics.put("loadavgBefore", loadBefore);
        metrics.put("loadavgAfter", loadAfter);
        metrics.put("cores", java.lang.Runtime.getRuntime().availableProcessors());
        Path root = Path.of(System.getProperty("syslets.root", "."));
        Results.write(root, StageResult.of("sidebyside", started, Map.of("secondsPerPoint", seconds, "rounds", rounds,
                "depths", Arrays.toString(depths)), skipped, List.of(), metrics, false));
        System.out.println("sidebyside: written to " + Results.dir(root).resolve("sidebyside.json"));
        System.exit(0);   // parked spare threads of the syslet runtime are daemons; be explicit
    }

    private static Point pick(List<Point> pts) {
        return pts.stream().max(java.util.Comparator.comparingDouble(Point::opsPerSec)).orElseThrow();
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static double round2(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
