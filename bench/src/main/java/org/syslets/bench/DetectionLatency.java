package org.syslets.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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
 * Measures (1) blocking-detection latency: from just before a head calls async_exec on a read of an
 * empty pipe to the moment the new head re-enters the entry; (2) the watcher's CPU cost while the
 * head runs cached syscalls continuously, and while the head is idle in user code.
 * Run: {@code java -cp bench/target/benchmarks.jar org.syslets.bench.DetectionLatency [n]}.
 */
public final class DetectionLatency {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        SysletKernel k = new SysletKernel(Design.FIXED);
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
        for (int i = 0; i < n; i++) {
            switchedSem.acquire();
            Sys.call(Sys.NR_WRITE, wfd, one, 1);   // release the blocked read
            // let the old head complete and park before the next block (steady state: a spare is ready)
            long ring = UserMemory.getLong(ahu + 16);
            while (k.ringStats(ahu).posted() <= i) Thread.sleep(0, 100_000);
            Thread.sleep(1);
            releasedSem.release();
        }
        switched.await(60, TimeUnit.SECONDS);
        long[] s = Arrays.stream(lat).sorted().toArray();
        System.out.printf("detection latency over %d real blocks: p50 = %.1f us, p90 = %.1f us, p99 = %.1f us, max = %.1f us%n",
                n, s[n / 2] / 1e3, s[n * 9 / 10] / 1e3, s[Math.min(n - 1, n * 99 / 100)] / 1e3, s[n - 1] / 1e3);

        // ---- watcher CPU cost
        SysletKernel k2 = new SysletKernel(Design.FIXED);
        long atom = a.atom(0, Sys.NR_GETPID, 0, 0);
        long ahu2 = a.ahu(8);
        AtomicInteger phase = new AtomicInteger();
        k2.startHead(ret -> {
            while (phase.get() == 0) k2.asyncExec(atom, ahu2);      // busy: cached syscalls
            while (phase.get() == 1) Thread.onSpinWait();          // idle in user code
        });
        Thread.sleep(500);
        int watcherTid = watcherTid(k2);
        long c0 = cpuNs(watcherTid), t0 = System.nanoTime();
        Thread.sleep(2000);
        long c1 = cpuNs(watcherTid), t1 = System.nanoTime();
        System.out.printf("watcher CPU while the head runs cached syscalls: %.2f%% of one core%n", 100.0 * (c1 - c0) / (t1 - t0));
        phase.set(1);
        Thread.sleep(1000);
        long c2 = cpuNs(watcherTid), t2 = System.nanoTime();
        Thread.sleep(2000);
        long c3 = cpuNs(watcherTid), t3 = System.nanoTime();
        System.out.printf("watcher CPU while the head is idle in user code: %.3f%% of one core%n", 100.0 * (c3 - c2) / (t3 - t2));
        phase.set(2);
        System.exit(0);
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
