package org.syslets.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.syslets.design.Design;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.kernel.UserEntry;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;

/**
 * Measures, for both block detectors of the watcher in ONE run (rounds alternate "poll" and "perf",
 * so both see the same load): (1) blocking-detection latency: from just before a head calls
 * async_exec on a read of an empty pipe to the moment the new head re-enters the entry; (2) the
 * watcher's CPU cost (its thread's on-CPU time from /proc/self/task/<tid>/schedstat over wall time)
 * while the head runs cached syscalls continuously, and while the head is idle in user code.
 * Run: {@code java -cp bench/target/benchmarks.jar org.syslets.bench.DetectionLatency [blocks per
 * detector] [rounds]}.
 */
public final class DetectionLatency {
    static final String[] DETECTORS = {"poll", "perf"};

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int per = Math.max(1, n / rounds);
        Map<String, List<Long>> lat = new LinkedHashMap<>();
        Map<String, List<double[]>> cpu = new LinkedHashMap<>();
        for (String d : DETECTORS) {
            lat.put(d, new ArrayList<>());
            cpu.put(d, new ArrayList<>());
        }
        System.out.printf("load before: %s%n", load());
        for (int r = 0; r < rounds; r++) {
            for (String d : DETECTORS) {
                for (long l : latency(d, per)) lat.get(d).add(l);
                cpu.get(d).add(watcherCpu(d, 1000, 1000));
            }
        }
        System.out.printf("load after: %s%n", load());
        System.out.println("| detector | blocks | p50 µs | p90 µs | p99 µs | max µs | watcher CPU, head in cached syscalls | watcher CPU, head idle |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        Map<String, Double> p50 = new LinkedHashMap<>();
        for (String d : DETECTORS) {
            long[] s = lat.get(d).stream().mapToLong(Long::longValue).sorted().toArray();
            int m = s.length;
            double busy = cpu.get(d).stream().mapToDouble(c -> c[0]).average().orElse(Double.NaN);
            double idle = cpu.get(d).stream().mapToDouble(c -> c[1]).average().orElse(Double.NaN);
            p50.put(d, s[m / 2] / 1e3);
            System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f | %.2f %% | %.3f %% |%n", d, m, s[m / 2] / 1e3,
                    s[m * 9 / 10] / 1e3, s[Math.min(m - 1, m * 99 / 100)] / 1e3, s[m - 1] / 1e3, busy, idle);
        }
        System.out.printf("ratio p50 perf/poll = %.2f%n", p50.get("perf") / p50.get("poll"));
        System.exit(0);
    }

    /** The head's detector is chosen at its creation from -Dsyslets.detector. */
    private static SysletKernel kernel(String detector) {
        System.setProperty("syslets.detector", detector);
        return new SysletKernel(Design.FIXED);
    }

    private static void check(SysletKernel k, String detector) {
        for (KernelSnapshot.HeadState h : k.snapshot().heads()) {
            if (h.registered() && !h.detector().equals(detector)) {
                throw new IllegalStateException("asked for " + detector + ", the head has " + h.detector());
            }
        }
    }

    /** n real blocks, each after the head idled in user code; nanoseconds from async_exec to the new head's entry. */
    static long[] latency(String detector, int n) throws Exception {
        SysletKernel k = kernel(detector);
        UserArena a = UserArena.map(1 << 20);
        long ahu = a.ahu(1024);
        long fds = a.alloc(8, 8);
        Sys.call(Sys.NR_PIPE2, fds, 0);
        int rfd = UserMemory.getInt(fds), wfd = UserMemory.getInt(fds + 4);
        long buf = a.alloc(8, 8), one = a.word(1);
        long readAtom = a.atom(0, Sys.NR_READ, a.word(0), 0, a.word(rfd), a.word(buf), one);
        long[] lat = new long[n];
        AtomicLong before = new AtomicLong();
        AtomicInteger iter = new AtomicInteger();
        CountDownLatch switched = new CountDownLatch(n);
        java.util.concurrent.Semaphore switchedSem = new java.util.concurrent.Semaphore(0);
        java.util.concurrent.Semaphore releasedSem = new java.util.concurrent.Semaphore(0);
        k.startHead(new UserEntry() {
            @Override
            public void enter(long ret) {
                if (ret == 0) {
                    int i = iter.getAndIncrement();
                    lat[i] = System.nanoTime() - before.get();
                    switched.countDown();
                    switchedSem.release();
                    if (i + 1 >= n) return;
                    // wait (blocking, not spinning: 2 cores) until the previous read was released
                    try {
                        releasedSem.acquire();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                for (;;) {
                    org.syslets.user.SpareStacks.refillStack(ahu, 0x1234);
                    before.set(System.nanoTime());
                    k.asyncExec(readAtom, ahu);   // never returns cached: the pipe is empty
                }
            }
        });
        check(k, detector);
        for (int i = 0; i < n; i++) {
            switchedSem.acquire();
            Sys.call(Sys.NR_WRITE, wfd, one, 1);   // release the blocked read
            // let the old head complete and park before the next block (steady state: a spare is ready)
            while (k.ringStats(ahu).posted() <= i) Thread.sleep(0, 100_000);
            Thread.sleep(1);
            releasedSem.release();
        }
        switched.await(60, TimeUnit.SECONDS);
        k.close();
        Sys.call(Sys.NR_CLOSE, rfd);
        Sys.call(Sys.NR_CLOSE, wfd);
        return lat;
    }

    /** The watcher's share of one core while the head runs cached getpid back to back, then while it idles in user code. */
    static double[] watcherCpu(String detector, long busyMs, long idleMs) throws Exception {
        SysletKernel k2 = kernel(detector);
        UserArena a = UserArena.map(1 << 16);
        long atom = a.atom(0, Sys.NR_GETPID, 0, 0);
        long ahu2 = a.ahu(8);
        AtomicInteger phase = new AtomicInteger();
        k2.startHead(ret -> {
            while (phase.get() == 0) k2.asyncExec(atom, ahu2);      // busy: cached syscalls
            while (phase.get() == 1) Thread.onSpinWait();          // idle in user code
        });
        check(k2, detector);
        Thread.sleep(300);
        int watcherTid = watcherTid(k2);
        long c0 = cpuNs(watcherTid), t0 = System.nanoTime();
        Thread.sleep(busyMs);
        long c1 = cpuNs(watcherTid), t1 = System.nanoTime();
        phase.set(1);
        Thread.sleep(300);
        long c2 = cpuNs(watcherTid), t2 = System.nanoTime();
        Thread.sleep(idleMs);
        long c3 = cpuNs(watcherTid), t3 = System.nanoTime();
        phase.set(2);
        k2.close();
        return new double[] {100.0 * (c1 - c0) / (t1 - t0), 100.0 * (c3 - c2) / (t3 - t2)};
    }

    private static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    private static int watcherTid(SysletKernel k) {
        for (KernelSnapshot.HeadState h : k.snapshot().heads()) {
            if (h.registered() && !h.spares().isEmpty()) return h.spares().get(0).tid();
        }
        throw new IllegalStateException("no spare");
    }

    private static long cpuNs(int tid) throws Exception {
        String s = Files.readString(Path.of("/proc/self/task/" + tid + "/schedstat")).trim();
        return Long.parseLong(s.split(" ")[0]);
    }
}
