package org.syslets.uring;

import static org.syslets.uring.UringAbi.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.syslets.abi.Errno;
import org.syslets.linux.Sys;

/**
 * The 2007 review findings, asked of this kernel's io_uring (docs/io_uring.md, "Findings"). Each check
 * drives the real kernel and returns what it did; it is a check of io_uring, so it has no v5/fixed
 * design. {@code expected} is what the io_uring design promises (or, for a documented exception, what it
 * is known to do), {@code holds} whether this kernel did it. Nothing here bounds time: waits that must
 * not sleep are judged by the watcher reading the waiter's thread state, and hang guards are only guards.
 */
public final class UringFindings {
    private UringFindings() {
    }

    /**
     * One verdict. {@code property} holds or is violated on this kernel; {@code expectHolds} says which
     * the design (or the kernel's documented exception) leads us to expect.
     */
    public record Verdict(String finding, String name, String property, boolean expectHolds, boolean holds, String detail) {
        public boolean asExpected() {
            return expectHolds == holds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %-9s %s: %s (%s)%n    %s", asExpected() ? "✓" : "✗", finding, name,
                    holds ? "holds" : "violated", expectHolds ? "expected to hold" : "expected violated", detail);
        }
    }

    /** A named check of one finding. */
    public record Check(String finding, String name, Body body) {
    }

    @FunctionalInterface
    public interface Body {
        Verdict run() throws Exception;
    }

    public static List<Check> all() {
        return List.of(
                new Check("MM8", "unknownSqeFlagsFailTheRequestWithEinval", UringFindings::mm8UnknownSqeFlags),
                new Check("MM8", "unknownEnterAndSetupFlagsAreEinval", UringFindings::mm8UnknownEnterAndSetupFlags),
                new Check("MM15", "opcodePastTheLastIsEinvalInTheCqe", UringFindings::mm15OpcodePastTheLast),
                new Check("MM7", "linkStopsOnFailureHardlinkDoesNot", UringFindings::mm7LinkAndHardlink),
                new Check("MM16", "nodropLosesNothingUnderOverflow", UringFindings::mm16Nodrop),
                new Check("MM1", "minCompleteNeitherEarlyNorLate", UringFindings::mm1NeitherEarlyNorLate),
                new Check("RING-FULL", "fullRingIsNotEmptyAndMinIsClamped", UringFindings::ringFullAndClamp),
                new Check("MM1", "timedOutWaitReturnsZeroWithFewerThanMin", UringFindings::mm1TimeoutReturnsEarly),
                new Check("MM1", "indicesAreFreeRunningU32", UringFindings::mm1FreeRunning));
    }

    // ================================================================ MM8

    /**
     * Milton (MM8): "There is no check for flags being set that are not recognized." io_uring checks:
     * io_init_req fails a request whose sqe->flags has a bit outside SQE_VALID_FLAGS with -EINVAL, which
     * reaches user space as the CQE's res (the SQE still counts as consumed).
     */
    static Verdict mm8UnknownSqeFlags() throws Exception {
        try (IoUring r = IoUring.open(4, 4)) {
            Completions c = new Completions();
            int wrong = 0, tried = 0;
            String firstWrong = null;
            for (int flags = 0x80; flags <= 0xff; flags++) {             // every u8 with an unknown bit (bit 7)
                long ud = flags;
                c.submitted(ud);
                r.nop(ud, flags);
                long sub = r.submitAndWait(1);
                r.reapAll(c);
                tried++;
                Integer res = c.res(ud);
                if (sub != 1 || res == null || res != -Errno.EINVAL) {
                    wrong++;
                    if (firstWrong == null) firstWrong = String.format("flags 0x%x: enter %d, res %s", flags, sub, res);
                }
            }
            // control: the same NOP with known flags only completes
            c.submitted(1);
            r.nop(1, 0);
            r.submitAndWait(1);
            r.reapAll(c);
            boolean control = c.res(1) != null && c.res(1) == 0;
            return new Verdict("MM8", "unknownSqeFlagsFailTheRequestWithEinval", "UnknownRejected", true,
                    wrong == 0 && control, tried + " NOPs with sqe->flags 0x80..0xff: " + (tried - wrong)
                    + " completed with res -EINVAL (each SQE consumed: enter returned 1)" + (firstWrong == null ? "" : "; first other: " + firstWrong)
                    + "; control NOP with flags 0: res " + c.res(1));
        }
    }

    /** Unknown io_uring_enter flags: -EINVAL from the call itself (IORING_ENTER_FLAGS); unknown setup flags and non-zero resv too. */
    static Verdict mm8UnknownEnterAndSetupFlags() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (IoUring r = IoUring.open(2, 2)) {
            for (int b = ENTER_LAST_KNOWN_BIT + 1; b < 32; b++) {
                long ret = r.enter(0, 0, 1 << b);
                if (ret != -Errno.EINVAL) wrong.add("enter flag bit " + b + " -> " + ret);
            }
            long ok = r.enter(0, 0, ENTER_GETEVENTS);
            if (ok != 0) wrong.add("control enter(GETEVENTS) -> " + ok);
        }
        int setupTried = 0;
        try (Mem.Buffer p = new Mem.Buffer(PARAMS_SIZE)) {
            for (int b = 24; b < 32; b++) {                              // the uapi header's last setup flag is bit 20
                Mem.zero(p.addr, PARAMS_SIZE);
                Mem.storePlain(p.addr + P_FLAGS, 1 << b);
                long ret = IoUring.rawSetup(2, p.addr);
                setupTried++;
                if (ret != -Errno.EINVAL) wrong.add("setup flag bit " + b + " -> " + ret);
            }
            for (int w = 0; w < 3; w++) {
                Mem.zero(p.addr, PARAMS_SIZE);
                Mem.storePlain(p.addr + P_RESV + 4L * w, 1);
                long ret = IoUring.rawSetup(2, p.addr);
                setupTried++;
                if (ret != -Errno.EINVAL) wrong.add("setup resv[" + w + "] = 1 -> " + ret);
            }
            Mem.zero(p.addr, PARAMS_SIZE);
            long ok = IoUring.rawSetup(2, p.addr);
            if (ok < 0) wrong.add("control setup -> " + ok);
        }
        return new Verdict("MM8", "unknownEnterAndSetupFlagsAreEinval", "UnknownRejected", true, wrong.isEmpty(),
                (31 - ENTER_LAST_KNOWN_BIT) + " io_uring_enter calls with one flag bit above bit " + ENTER_LAST_KNOWN_BIT
                        + " (IORING_ENTER_NO_IOWAIT) and " + setupTried + " io_uring_setup calls with a flag bit 24..31 or a non-zero"
                        + " resv word: " + (wrong.isEmpty() ? "every one -EINVAL, the controls succeed" : "not -EINVAL: " + wrong));
    }

    // ================================================================ MM15

    /**
     * MM15 asked whether a 32-bit syscall number is needed; io_uring's opcode is a u8, and io_init_req
     * fails an opcode at or past IORING_OP_LAST with -EINVAL in the CQE. IORING_REGISTER_PROBE tells
     * user space the last one (probe.last_op = IORING_OP_LAST - 1).
     */
    static Verdict mm15OpcodePastTheLast() throws Exception {
        try (IoUring r = IoUring.open(4, 4)) {
            int last = r.probeLastOp();
            if (last < 0) return new Verdict("MM15", "opcodePastTheLastIsEinvalInTheCqe", "OpcodeRangeChecked", true, false,
                    "IORING_REGISTER_PROBE failed: " + last);
            Completions c = new Completions();
            List<String> wrong = new ArrayList<>();
            for (int op = last + 1; op <= 255; op++) {
                long ud = 1000 + op;
                c.submitted(ud);
                r.prepare(ud, op, 0, -1, 0, 0, 0);
                r.submitAndWait(1);
                r.reapAll(c);
                Integer res = c.res(ud);
                if (res == null || res != -Errno.EINVAL) wrong.add("opcode " + op + " -> " + res);
            }
            c.submitted(1);
            r.prepare(1, OP_NOP, 0, -1, 0, 0, 0);
            r.submitAndWait(1);
            r.reapAll(c);
            boolean control = c.res(1) != null && c.res(1) == 0;
            return new Verdict("MM15", "opcodePastTheLastIsEinvalInTheCqe", "OpcodeRangeChecked", true,
                    wrong.isEmpty() && control, "probe: last_op = " + last + "; opcodes " + (last + 1) + "..255 ("
                    + (255 - last) + " SQEs): " + (wrong.isEmpty() ? "each CQE res -EINVAL" : "not -EINVAL: " + wrong)
                    + "; control NOP: res " + c.res(1) + " (the syslet runtime answers nr >= NR_syscalls with -ENOSYS instead)");
        }
    }

    // ================================================================ MM7

    /**
     * MM7 was about stop conditions (one-hot bits decoded by a switch). io_uring fixes them: IOSQE_IO_LINK
     * stops the chain at any failure (error, or a short read) and completes the rest with -ECANCELED;
     * IOSQE_IO_HARDLINK does not stop; both bits at once behave as HARDLINK (REQ_F_HARDLINK decides).
     */
    static Verdict mm7LinkAndHardlink() throws Exception {
        StringBuilder d = new StringBuilder();
        boolean ok = true;
        try (IoUring r = IoUring.open(8, 8); Mem.Buffer buf = new Mem.Buffer(4096)) {
            int badFd = 1 << 20;
            int[][] want = {
                    {0, -Errno.EBADF, -Errno.ECANCELED, -Errno.ECANCELED},   // LINK
                    {0, -Errno.EBADF, 0, 0},                                // HARDLINK
                    {0, -Errno.EBADF, 0, 0}};                               // LINK|HARDLINK = HARDLINK
            int[] link = {IOSQE_IO_LINK, IOSQE_IO_HARDLINK, IOSQE_IO_LINK | IOSQE_IO_HARDLINK};
            String[] label = {"LINK", "HARDLINK", "LINK|HARDLINK"};
            for (int k = 0; k < 3; k++) {
                Completions c = new Completions();
                long base = 10L * (k + 1);
                for (long u = base; u < base + 4; u++) c.submitted(u);
                r.nop(base, link[k]);
                r.read(base + 1, link[k], badFd, buf.addr, 8, 0);
                r.nop(base + 2, link[k]);
                r.nop(base + 3, 0);
                r.submitAndWait(4);
                r.reapAll(c);
                int[] got = new int[4];
                for (int j = 0; j < 4; j++) got[j] = c.res(base + j) == null ? Integer.MIN_VALUE : c.res(base + j);
                boolean same = java.util.Arrays.equals(got, want[k]);
                ok &= same;
                d.append(label[k]).append(" NOP, read(bad fd), NOP, NOP: res ").append(java.util.Arrays.toString(got))
                        .append(same ? "" : " (expected " + java.util.Arrays.toString(want[k]) + ")").append("; ");
            }
            // a short read is a failure for LINK: a file of 5 bytes, read 10 (linked), then a NOP
            Path f = Files.createTempFile("syslets-uring-", ".dat");
            try {
                Files.write(f, "12345".getBytes(StandardCharsets.US_ASCII));
                byte[] path = (f.toString() + "\0").getBytes(StandardCharsets.UTF_8);
                for (int j = 0; j < path.length; j++) Mem.storePlainByte(buf.addr + 1024 + j, path[j]);
                long fd = Sys.call(Sys.NR_OPEN, buf.addr + 1024, 0 /* O_RDONLY */);
                if (fd < 0) throw new IllegalStateException("open " + f + ": " + fd);
                try {
                    Completions c = new Completions();
                    c.submitted(50);
                    c.submitted(51);
                    r.read(50, IOSQE_IO_LINK, (int) fd, buf.addr, 10, 0);
                    r.nop(51, 0);
                    r.submitAndWait(2);
                    r.reapAll(c);
                    boolean same = c.res(50) != null && c.res(50) == 5 && c.res(51) != null && c.res(51) == -Errno.ECANCELED;
                    ok &= same;
                    d.append("LINK short read (10 of a 5-byte file), NOP: res [").append(c.res(50)).append(", ").append(c.res(51))
                            .append("]").append(same ? "" : " (expected [5, -125])");
                } finally {
                    Sys.call(Sys.NR_CLOSE, fd);
                }
            } finally {
                Files.deleteIfExists(f);
            }
        }
        return new Verdict("MM7", "linkStopsOnFailureHardlinkDoesNot", "StopConditionsDeterministic", true, ok, d.toString());
    }

    // ================================================================ MM16

    /**
     * Milton (MM16): "how does userspace actually find out about the error doing the completion?"
     * io_uring: IORING_FEAT_NODROP keeps a CQE that finds the ring full on an overflow list, signals it with
     * IORING_SQ_CQ_OVERFLOW, and counts in cq.overflow only what it really dropped (no memory for the list).
     * 64 NOPs into a 2-entry CQ before any reap; every one must come out once, in submission order.
     */
    static Verdict mm16Nodrop() throws Exception {
        try (IoUring r = IoUring.open(2, 2)) {
            int n = 64;
            Completions c = new Completions();
            List<Long> order = new ArrayList<>();
            long busy = 0;
            for (long u = 1; u <= n; u++) {
                c.submitted(u);
                if (!r.nop(u, 0)) {
                    long s = r.submit();
                    if (s < 0) busy++;
                    r.nop(u, 0);
                }
            }
            long s = r.submit();
            if (s < 0) busy++;
            int readyFull = r.ready();
            boolean flagWhileFull = (r.sqFlagsLoadAcquire() & SQ_CQ_OVERFLOW) != 0;
            int counterWhileFull = r.cqOverflowLoadAcquire();
            int enters = 0;
            while (c.reaped() + c.duplicated() < n && enters < 10 * n) {
                r.reap((ud, res, fl) -> {
                    order.add(ud);
                    c.cqe(ud, res, fl);
                }, Integer.MAX_VALUE);
                if (c.reaped() < n) {
                    r.waitCqes(1);                                     // the kernel flushes the overflow list first
                    enters++;
                }
            }
            boolean flagAfter = (r.sqFlagsLoadAcquire() & SQ_CQ_OVERFLOW) != 0;
            int counterAfter = r.cqOverflowLoadAcquire();
            boolean inOrder = true;
            for (int j = 0; j < order.size(); j++) inOrder &= order.get(j) == j + 1;
            boolean ok = r.hasFeature(FEAT_NODROP) && readyFull == 2 && flagWhileFull && counterWhileFull == 0
                    && c.missing() == 0 && c.duplicated() == 0 && inOrder && !flagAfter && counterAfter == 0;
            return new Verdict("MM16", "nodropLosesNothingUnderOverflow", "NoCompletionLost", true, ok, String.format(Locale.ROOT,
                    "IORING_FEAT_NODROP %s; %d NOPs into cq_entries %d before any reap: ready %d, IORING_SQ_CQ_OVERFLOW %s, "
                            + "cq.overflow %d; submissions refused while overflowed: %d; reaped %d of %d (missing %d, duplicated %d) "
                            + "in submission order: %s, over %d waits; afterwards flag %s, cq.overflow %d",
                    r.hasFeature(FEAT_NODROP) ? "set" : "NOT set", n, r.cqEntries(), readyFull, flagWhileFull ? "set" : "clear",
                    counterWhileFull, busy, c.reaped(), n, c.missing(), c.duplicated(), inOrder, enters,
                    flagAfter ? "still set" : "clear", counterAfter));
        }
    }

    // ================================================================ MM1

    /**
     * MM1's property, both ways: io_uring_enter(min_complete = k, GETEVENTS) returns only when k CQEs are
     * ready (never early), and never stays asleep once they are (never late). k reads on empty pipes;
     * a helper completes them one at a time, each time waiting until the CQE is posted and the waiter is
     * back asleep in io_uring_enter (/proc/self/task/TID state 'S' in syscall 426) -- the moment a buggy
     * wait would have returned. A watcher samples the waiter throughout: asleep in 426 while k are
     * ready is "late". Rounds with k = 2..4 and the ring wrapped to different positions.
     */
    static Verdict mm1NeitherEarlyNorLate() throws Exception {
        StringBuilder d = new StringBuilder();
        boolean ok = true;
        int rounds = 0, samples = 0, decisions = 0;
        try (IoUring r = IoUring.open(4, 4); Pipes p = new Pipes(4); Mem.Buffer buf = new Mem.Buffer(4096 * 4)) {
            long ud = 1;
            for (int k = 2; k <= 4; k++) {
                for (int rep = 0; rep < 3; rep++, rounds++) {
                    int head = r.cqHead();
                    for (int i = 0; i < k; i++) r.read(ud++, 0, p.rfd[i], buf.addr + 4096L * i, 8, -1);
                    r.submit();
                    int tid = Sys.gettid();
                    AtomicBoolean returned = new AtomicBoolean();
                    AtomicReference<String> early = new AtomicReference<>(), late = new AtomicReference<>();
                    final int kk = k;
                    int[] sampled = {0}, decided = {0};
                    Thread helper = new Thread(() -> {
                        for (int i = 0; i < kk; i++) {
                            p.write(i, 8, i);
                            // wait until CQE i is posted (by the waiter's own task work) and the waiter has decided
                            long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                            while (System.nanoTime() < guard) {
                                boolean posted = r.cqTailLoadAcquire() - head >= i + 1;
                                if (returned.get()) break;
                                if (posted && ThreadState.sleepingIn(tid, Sys.NR_IO_URING_ENTER)) {
                                    if (i + 1 < kk) decided[0]++;     // asleep again with i + 1 < min ready: it did not return
                                    break;
                                }
                                LockSupport.parkNanos(20_000);
                            }
                            if (i + 1 < kk && returned.get()) early.compareAndSet(null, "returned with " + (r.cqTailLoadAcquire() - head) + " of min " + kk);
                        }
                        // after the k-th: the waiter must not be seen asleep in 426 with k ready
                        long guard = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (!returned.get() && System.nanoTime() < guard) {
                            int ready = r.cqTailLoadAcquire() - head;
                            boolean asleep = ThreadState.sleepingIn(tid, Sys.NR_IO_URING_ENTER);
                            sampled[0]++;
                            if (ready >= kk && asleep && !returned.get()) {
                                // The waiter posts its own CQEs (the reads complete in its task work), so asleep
                                // after the k-th post is already wrong; look once more to rule out a stale /proc read.
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                                if (!returned.get() && ThreadState.sleepingIn(tid, Sys.NR_IO_URING_ENTER)) {
                                    late.compareAndSet(null, "asleep in io_uring_enter with " + ready + " ready, min " + kk);
                                    break;
                                }
                            }
                            LockSupport.parkNanos(20_000);
                        }
                    }, "uring-mm1-helper");
                    helper.setDaemon(true);
                    helper.start();
                    long ret = r.waitCqes(k);
                    int readyAtReturn = r.ready();
                    returned.set(true);
                    helper.join(TimeUnit.SECONDS.toMillis(60));
                    samples += sampled[0];
                    decisions += decided[0];
                    r.reapAll((u, res, f) -> { });
                    // every completion short of min must have been seen as a decision (asleep again), or the
                    // "never early" half was not exercised in this round
                    boolean round = ret == 0 && readyAtReturn >= k && early.get() == null && late.get() == null
                            && decided[0] == k - 1;
                    if (!round) {
                        ok = false;
                        d.append(String.format(Locale.ROOT, "k=%d: ret %d, ready at return %d, early %s, late %s; ", k, ret,
                                readyAtReturn, early.get(), late.get()));
                    }
                }
            }
            // the kernel would also have to return at once when k are already there: it must not sleep at all
            for (int i = 0; i < 3; i++) r.nop(ud++, 0);
            r.submit();
            long ret = r.waitCqes(3, TimeUnit.SECONDS.toNanos(30));
            int ready = r.ready();
            r.reapAll((u, res, f) -> { });
            if (ret != 0 || ready < 3) {
                ok = false;
                d.append("3 ready, wait(3): ret ").append(ret).append(", ready ").append(ready).append("; ");
            }
        }
        return new Verdict("MM1", "minCompleteNeitherEarlyNorLate", "WaitReturnsOnlyWhenReady, WaitNeverStarves", true, ok,
                rounds + " rounds (min_complete 2..4, pipe reads completed one at a time, ring indices at different positions): "
                        + (ok ? "never returned with fewer than min ready (seen back asleep after " + decisions + " of the "
                        + "completions short of min, the moments an early return would happen), never seen asleep with min ready ("
                        + samples + " looks before it returned after the last completion); wait(3) with 3 ready returned at once"
                        : d.toString()));
    }

    /**
     * RING-FULL: with free-running indices tail - head = cq_entries is "full", never "empty". And
     * io_uring_enter clamps min_complete to cq_entries (the fixed syslet kernel answers m &gt; N with
     * EINVAL instead): a full ring satisfies any min.
     */
    static Verdict ringFullAndClamp() throws Exception {
        try (IoUring r = IoUring.open(4, 4)) {
            int n = r.cqEntries();
            for (int i = 0; i < n; i++) r.nop(100 + i, 0);
            r.submit();
            int ready = r.ready();
            long full = r.waitCqes(n);                          // must not sleep: n ready
            long over = r.waitCqes(n + 3);                      // clamped to n: must not sleep either
            long way = r.waitCqes(Integer.MAX_VALUE >>> 1);
            boolean flag = (r.sqFlagsLoadAcquire() & SQ_CQ_OVERFLOW) != 0;
            int reaped = r.reapAll((u, res, f) -> { });
            boolean ok = ready == n && full == 0 && over == 0 && way == 0 && !flag && reaped == n;
            return new Verdict("RING-FULL", "fullRingIsNotEmptyAndMinIsClamped", "WaitNeverStarves", true, ok, String.format(Locale.ROOT,
                    "%d NOPs into cq_entries %d: tail - head = %d (full, not empty); wait(min %d) -> %d, wait(min %d) -> %d, "
                            + "wait(min 2^30) -> %d, all at once (min_complete is clamped to cq_entries); no overflow; reaped %d",
                    n, n, ready, n, full, n + 3, over, way, reaped));
        }
    }

    /**
     * The one way this kernel's wait returns early, by design: a wait with a timeout (IORING_ENTER_EXT_ARG)
     * that expires, or is interrupted, returns 0 -- not -ETIME -- when at least one CQE is ready, even if
     * fewer than min_complete (io_cqring_wait ends with "head == tail ? ret : 0"). The property "returns 0
     * only with min ready" is therefore expected to be violated here, and the check shows it is.
     */
    static Verdict mm1TimeoutReturnsEarly() throws Exception {
        try (IoUring r = IoUring.open(4, 4)) {
            r.nop(1, 0);
            r.submit();
            long ret = r.waitCqes(2, TimeUnit.MILLISECONDS.toNanos(20));
            int ready = r.ready();
            r.reapAll((u, res, f) -> { });
            long empty = r.waitCqes(1, TimeUnit.MILLISECONDS.toNanos(20));
            boolean returnsOnlyWithMin = !(ret == 0 && ready < 2);
            return new Verdict("MM1", "timedOutWaitReturnsZeroWithFewerThanMin", "WaitReturnsOnlyWhenReady", false,
                    returnsOnlyWithMin, "1 CQE ready, wait(min 2, timeout 20 ms) -> " + ret + " with " + ready
                    + " ready (a timeout with CQEs ready reads as success: check tail - head, as liburing does); on an empty CQ"
                    + " the same timeout -> " + empty + (empty == -ETIME ? " (-ETIME)" : ""));
        }
    }

    /**
     * MM1/RING-FULL's fix is free-running indices. The CQ tail and head count every completion (they are
     * not reduced mod cq_entries), cq_entries is rounded up to a power of two and ring_mask = entries - 1.
     * A real u32 wrap needs 2^32 completions: the rate measured here says how long that would take.
     */
    static Verdict mm1FreeRunning() throws Exception {
        StringBuilder d = new StringBuilder();
        boolean ok;
        try (IoUring odd = IoUring.open(4, 5)) {
            ok = odd.cqEntries() == 8 && odd.cqMask() == 7;
            d.append("IORING_SETUP_CQSIZE 5 -> cq_entries ").append(odd.cqEntries()).append(", ring_mask ").append(odd.cqMask()).append("; ");
        }
        try (IoUring r = IoUring.open(4, 4)) {
            int head0 = r.cqHead(), m = 5 * r.cqEntries() + 3;
            long ud = 1;
            boolean indexOk = true;
            for (int done = 0; done < m; ) {
                int b = Math.min(3, m - done);
                for (int j = 0; j < b; j++) r.nop(ud++, 0);
                r.submit();
                int t = r.cqTailLoadAcquire();
                for (int h = r.cqHead(); h != t; h++) indexOk &= r.cqeUserData(h) == h - head0 + 1;   // cqes[h & mask]
                r.cqHeadStoreRelease(t);
                done += b;
            }
            int tail = r.cqTailLoadAcquire();
            ok &= tail - head0 == m && r.cqHead() - head0 == m && indexOk;
            d.append(m).append(" NOPs through cq_entries ").append(r.cqEntries()).append(": tail - tail0 = ").append(tail - head0)
                    .append(" (not ").append(m % r.cqEntries()).append("), each CQE at index & mask: ").append(indexOk).append("; ");
        }
        double rate = nopRate();
        double minutes = Math.pow(2, 32) / rate / 60;
        d.append(String.format(Locale.ROOT, "NOP completions here: %.2g/s, so one u32 wrap of the CQ tail takes %.0f min of a core "
                + "(the test command has seconds for this module, the main job 1.5 min); the wrap itself is checked by TLC at small W: "
                + "real traces are mapped mod 2^%d (spec/UringCq.tla) and the long ones cross it", rate, minutes,
                org.syslets.uring.trace.UringTrace.W));
        return new Verdict("MM1", "indicesAreFreeRunningU32", "FreeRunningIndices", true, ok, d.toString());
    }

    /** NOP completions per second through a 4096-entry ring, batches of 4096, heads advanced in bulk (about 0.3 s). */
    public static double nopRate() throws Exception {
        try (IoUring r = IoUring.open(4096, 4096)) {
            long n = 0, t0 = System.nanoTime(), end = t0 + TimeUnit.MILLISECONDS.toNanos(300);
            while (System.nanoTime() < end) {
                for (int j = 0; j < 4096; j++) r.nop(j, 0);
                long s = r.submit();
                if (s <= 0) break;
                r.cqHeadStoreRelease(r.cqTailLoadAcquire());
                n += s;
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
