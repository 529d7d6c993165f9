package org.syslets.uring;

import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.syslets.linux.Sys;

/**
 * Not part of any budget (8 to 30 minutes of one core here, by the load): drives one ring's CQ tail and head through
 * a real u32 wrap (2^32 completions) and checks, across it, what free-running indices promise: ready =
 * tail - head in u32 arithmetic, each CQE at cqes[index &amp; mask], and a min_complete wait that straddles
 * the wrap returning exactly when its completions are there. {@code ./syslets uring u32-wrap}.
 */
public final class UringU32Wrap {
    private UringU32Wrap() {
    }

    public static UringFindings.Verdict run(java.io.PrintStream out) throws Exception {
        StringBuilder d = new StringBuilder();
        boolean ok = true;
        long t0 = System.nanoTime();
        try (IoUring r = IoUring.open(4096, 4096); Pipes p = new Pipes(2); Mem.Buffer buf = new Mem.Buffer(8192)) {
            int n = r.sqEntries();
            long stopBefore = (1L << 32) - 3L * n;             // bulk NOPs up to here (tail as unsigned)
            long lastReport = System.nanoTime();
            while (Integer.toUnsignedLong(r.cqTailLoadAcquire()) < stopBefore) {
                for (int j = 0; j < n; j++) r.nop(0, 0);
                if (r.submit() != n) throw new IllegalStateException("short submit");
                r.cqHeadStoreRelease(r.cqTailLoadAcquire());
                if (System.nanoTime() - lastReport > TimeUnit.SECONDS.toNanos(30)) {
                    lastReport = System.nanoTime();
                    out.printf(Locale.ROOT, "u32-wrap: tail 0x%08x after %.0f s%n", r.cqTailLoadAcquire(), (lastReport - t0) / 1e9);
                }
            }
            // close to the wrap: one NOP at a time, user_data = the index it must land on, up to 2^32 - 1
            boolean indexOk = true, readyOk = true;
            while (r.cqTailLoadAcquire() != -1) {
                int tail = r.cqTailLoadAcquire();
                r.nop(Integer.toUnsignedLong(tail), 0);
                r.submit();
                readyOk &= r.ready() == 1;
                indexOk &= r.cqeUserData(tail) == Integer.toUnsignedLong(tail);
                r.cqHeadStoreRelease(tail + 1);
            }
            // head = 0xffffffff: a wait for 2 pipe reads whose CQEs land at 0xffffffff and 0x00000000
            boolean straddle = straddlingWait(r, p, buf);
            // and on: batches of 3 past the wrap
            for (int k = 0; k < 2 * n; k += 3) {
                int tail = r.cqTailLoadAcquire(), head = r.cqHead();
                for (int j = 0; j < 3; j++) r.nop(Integer.toUnsignedLong(tail + j), 0);
                r.submit();
                int t2 = r.cqTailLoadAcquire();
                readyOk &= r.ready() == 3 && t2 - head == 3;
                for (int h = head; h != t2; h++) indexOk &= r.cqeUserData(h) == Integer.toUnsignedLong(h);
                r.cqHeadStoreRelease(t2);
            }
            boolean wrapped = Integer.compareUnsigned(r.cqTailLoadAcquire(), (int) stopBefore) < 0;   // small again
            ok &= indexOk && readyOk && straddle && wrapped;
            d.append(String.format(Locale.ROOT, "CQ tail went from 0 through 0x%08x, 0xffffffff and 2^32 to 0x%08x: ready = tail - head "
                    + "right across the wrap: %s, every CQE at its index & mask: %s, a wait(min 2) with head 0xffffffff returned "
                    + "with its 2 CQEs at 0xffffffff and 0x00000000: %s; ", (int) stopBefore, r.cqTailLoadAcquire(), readyOk, indexOk, straddle));
        }
        double s = (System.nanoTime() - t0) / 1e9;
        d.append(String.format(Locale.ROOT, "%.0f s", s));
        return new UringFindings.Verdict("MM1", "realU32WrapOfTheCqIndices", "FreeRunningIndices", true, ok, d.toString());
    }

    /** A min_complete wait whose head is below 2^32 and whose completions land above it. */
    static boolean straddlingWait(IoUring r, Pipes p, Mem.Buffer buf) throws InterruptedException {
        int head = r.cqHead();
        r.read(1, 0, p.rfd[0], buf.addr, 8, -1);
        r.read(2, 0, p.rfd[1], buf.addr + 4096, 8, -1);
        r.submit();
        int tid = Sys.gettid();
        Thread helper = new Thread(() -> {
            long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);       // a hang guard only
            for (int i = 0; i < 2; i++) {
                while (!ThreadState.sleepingIn(tid, Sys.NR_IO_URING_ENTER) && System.nanoTime() < guard) LockSupport.parkNanos(50_000);
                p.write(i, 8, i);
                while (r.cqTailLoadAcquire() - head < i + 1 && System.nanoTime() < guard) LockSupport.parkNanos(50_000);
            }
        });
        helper.setDaemon(true);
        helper.start();
        long ret = r.waitCqes(2);
        int ready = r.ready(), tail = r.cqTailLoadAcquire();
        helper.join(TimeUnit.SECONDS.toMillis(30));
        r.reapAll((u, res, f) -> { });
        return ret == 0 && ready == 2 && head == -1 && tail == 1;           // CQEs at 0xffffffff and 0x00000000
    }
}
