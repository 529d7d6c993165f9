package org.syslets.workload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.kernel.CompletionRing;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.kernel.UserEntry;
import org.syslets.linux.UserMemory;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * The fio-style workload's engine: a reader/writer on the syslet runtime. One registered head keeps
 * up to {@code iodepth} syslets in flight over real files and pipes, reaps them through the
 * completion ring ({@link RingReaper}, fio's loop: slot U non-NULL, take, clear, advance) and
 * {@code asyncWait}, and accounts for every syslet: cached (asyncExec returned the final atom
 * inline), cachemiss (the head switched: the entry was re-entered with 0, the syslet finishes in the
 * background and posts into the ring), reaped, lost (went async, never reaped) and duplicated (an
 * atom reaped twice, or reaped after it completed cached). The waiter's escape is
 * {@link EscapeMonitor}'s, the verdict {@link Summary}'s, the command line {@link WorkloadMain}'s.
 *
 * <p>Syslets (4 KiB each, results verified):
 * <ul>
 *   <li>PIPE_BLOCK — read(2) on an empty pipe; a writer thread fills it only after the syslet went
 *       async (or, if the head never switched, after a bounded fallback): a real block, a cachemiss;</li>
 *   <li>WRITE_SYNC — pwrite64 then fdatasync on a temp file, chained through {@code next} (JA4
 *       "smart batching": one submission, one ring event for the chain's final atom); fdatasync
 *       really sleeps on the disk, so it is a cachemiss or cached depending on the device;</li>
 *   <li>FILE_READ — pread64 of a block written before the run (page cache: cached);</li>
 *   <li>PIPE_READY — read(2) on a pipe filled before submission (cached).</li>
 * </ul>
 */
public final class WorkloadEngine {

    enum Kind { PIPE_BLOCK, WRITE_SYNC, FILE_READ, PIPE_READY }

    static final int BS = 4096;
    static final int O_RDWR = 2, O_CREAT = 0x40, O_TRUNC = 0x200, O_CLOEXEC = 0x80000;

    // syslet states
    static final byte NEW = 0, SUBMITTING = 1, INFLIGHT = 2, DONE = 3, LOST = 4;

    private final Config c;
    private final int n;                     // ring slots
    private final SysletKernel k;
    private final UserArena arena;
    private final Path dir;
    private final long ahu;
    private RingReaper reaper;

    private final Kind[] kind;
    private final byte[] state;
    private final long[] first, last, ret1, ret2, buf, fdWord;
    private final int[] rfd, wfd;
    private final CountDownLatch[] wentAsync;
    private final Map<Long, Integer> atomToId = new HashMap<>();
    private final BlockingQueue<Integer> toFill = new LinkedBlockingQueue<>();
    private int dataFd = -1, outFd = -1;
    private long prefill, writerSrc;     // pattern buffers of the head (PIPE_READY) and of the writer
    private long token = 0x5eed_1000L;

    // user-side accounting (written by whichever thread is head; read by the monitor for progress)
    private volatile int next;
    private volatile int submitting = -1;
    private volatile long submitted, cached, cachemiss, reaped, duplicated, lost, errors, inflight;
    private volatile long starved, hung, drainedEscapes, spuriousIntr;
    private volatile Throwable failure;
    private final java.util.concurrent.atomic.AtomicLong writeErrors = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean finished;

    private final EscapeMonitor monitor;

    private WorkloadEngine(Config c) throws IOException {
        this.c = c;
        this.n = c.ringSlots();
        this.k = new SysletKernel(c.design());
        int s = c.syslets();
        long bytes = (long) s * (BS + 1024) + 8L * n + 64 * 1024 + 4L * BS;
        this.arena = UserArena.map((bytes + 4095) & -4096L);
        this.ahu = arena.ahu(n);
        this.dir = Files.createTempDirectory("syslets-workload-");
        kind = new Kind[s];
        state = new byte[s];
        first = new long[s];
        last = new long[s];
        ret1 = new long[s];
        ret2 = new long[s];
        buf = new long[s];
        fdWord = new long[s];
        rfd = new int[s];
        wfd = new int[s];
        wentAsync = new CountDownLatch[s];
        monitor = new EscapeMonitor(k, ahu, n, c, () -> cachemiss);
        for (int i = 0; i < s; i++) {
            kind[i] = c.scenario() == Scenario.STEADY ? Kind.values()[i % 4] : Kind.PIPE_BLOCK;
            rfd[i] = wfd[i] = -1;
            wentAsync[i] = new CountDownLatch(1);
        }
    }

    /** Runs one workload to its end and returns its summary (also printed, and written if outDir set). */
    public static Summary run(Config c) throws Exception {
        WorkloadEngine w = new WorkloadEngine(c);
        try {
            return w.go();
        } finally {
            w.cleanup();
        }
    }

    // ================================================================== setup

    private void setup() {
        dataFd = open(dir.resolve("data"));
        outFd = open(dir.resolve("out"));
        long scratch = arena.alloc(BS, 64);
        prefill = arena.alloc(BS, 64);
        writerSrc = arena.alloc(BS, 64);
        for (int i = 0; i < c.syslets(); i++) {
            if (kind[i] != Kind.FILE_READ) continue;
            fill(scratch, i);
            long r = Sys.call(Sys.NR_PWRITE64, dataFd, scratch, BS, (long) i * BS);
            if (r != BS) throw new IllegalStateException("pwrite data block " + i + ": " + r);
        }
        for (int i = 0; i < c.syslets(); i++) build(i);
    }

    private int open(Path p) {
        long path = arena.cstring(p.toString());
        long fd = Sys.call(Sys.NR_OPEN, path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) throw new IllegalStateException("open " + p + ": " + fd);
        return (int) fd;
    }

    /** The 4 KiB pattern of syslet {@code id}: word w = id << 20 | w, plus a marker. */
    static long pattern(int id, int w) {
        return 0x5A00_0000_0000_0000L | ((long) id << 20) | w;
    }

    private static void fill(long p, int id) {
        for (int w = 0; w < BS / 8; w++) UserMemory.putLong(p + 8L * w, pattern(id, w));
    }

    private static boolean holds(long p, int id) {
        for (int w : new int[] {0, 1, BS / 16, BS / 8 - 1}) {
            if (UserMemory.getLong(p + 8L * w) != pattern(id, w)) return false;
        }
        return true;
    }

    /** Builds syslet {@code id}'s atoms and argument words in user memory (arg_ptr: by pointer). */
    private void build(int id) {
        buf[id] = arena.alloc(BS, 64);
        ret1[id] = arena.word(Long.MIN_VALUE);
        ret2[id] = arena.word(Long.MIN_VALUE);
        long bufP = arena.word(buf[id]), len = arena.word(BS), off = arena.word((long) id * BS);
        switch (kind[id]) {
            case PIPE_BLOCK, PIPE_READY -> {
                fdWord[id] = arena.word(-1);   // the pipe is made at submission
                first[id] = last[id] = arena.atom(0, Sys.NR_READ, ret1[id], 0, fdWord[id], bufP, len);
            }
            case FILE_READ -> first[id] = last[id] =
                    arena.atom(0, Sys.NR_PREAD64, ret1[id], 0, arena.word(dataFd), bufP, len, off);
            case WRITE_SYNC -> {
                fill(buf[id], id);
                long fdW = arena.word(outFd);
                // JA4: two I/Os chained through next; a failed pwrite stops the chain.
                last[id] = arena.atom(0, Sys.NR_FDATASYNC, ret2[id], 0, fdW);
                first[id] = arena.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_PWRITE64, ret1[id], last[id], fdW, bufP, len, off);
                atomToId.put(last[id], id);
            }
        }
        atomToId.put(first[id], id);
    }

    // ================================================================== the run

    private Summary go() throws Exception {
        setup();
        long t0 = System.nanoTime();
        Thread writer = new Thread(this::writerLoop, "workload-writer");
        writer.setDaemon(true);
        writer.start();
        Thread watcher = new Thread(() -> monitor.loop(() -> finished, () -> progress(t0), t -> failure = t),
                "workload-monitor");
        watcher.setDaemon(true);
        watcher.start();
        SysletKernel.HeadHandle h = k.startHead(this::entry);
        // Bounded: the monitor releases every stuck wait; this bound only guards the harness itself.
        boolean ended = h.await(30, TimeUnit.MINUTES);
        finished = true;
        watcher.interrupt();
        writer.interrupt();
        watcher.join(5000);
        writer.join(5000);
        if (!ended) throw new IllegalStateException("workload head did not end within 30 minutes: " + progress(t0));
        Throwable f = failure != null ? failure : h.failure();
        if (f != null) throw new IllegalStateException("workload failed", f);
        CompletionRing.RingStats rs = k.ringStats(ahu);
        long switches = 0;
        for (KernelSnapshot.HeadState hs : k.snapshot().heads()) switches += hs.switches();
        Summary s = new Summary(Summary.designName(c.design()), c.scenario().id(), c.iodepth(), n,
                submitted, cached, cachemiss, reaped, rs.dropped(), lost, duplicated, starved, rs.flushed(), hung,
                errors + writeErrors.get(), switches, (System.nanoTime() - t0) / 1e9);
        c.out().println(s.line());
        if (starved > 0) c.out().println("workload: " + s.design() + " waiter starved " + starved + " times (MM1/RING-FULL)");
        if (s.dropped() > 0) {
            c.out().println("workload: " + s.design() + " dropped " + s.dropped() + " completions (MM16), lost " + s.lost());
        }
        if (c.outDir() != null) {
            Files.createDirectories(c.outDir());
            Files.writeString(c.outDir().resolve(s.design() + "-" + s.scenario() + ".txt"), s.line() + "\n");
        }
        return s;
    }

    /** The head's user entry: STARTED first, 0 after every head switch (the submission went async). */
    private void entry(long ret) {
        try {
            if (ret == 0) {
                int id = submitting;
                submitting = -1;
                if (id >= 0) wentAsync(id);
            } else if (ret != UserEntry.STARTED) {
                return;   // a signalled background thread leaving to user space: nothing to do here
            }
            if (reaper == null) reaper = new RingReaper(ahu);
            loop();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void loop() {
        int total = c.syslets();
        for (;;) {
            while (next < total && inflight < c.iodepth()) submit();
            if (c.scenario() != Scenario.STEADY && inflight > 0) letTheBatchLand();
            if (c.scenario() != Scenario.WRAP) reapAll();
            if (next >= total && inflight == 0) {
                drainAtEnd();
                return;
            }
            if (inflight == 0) continue;
            if (c.scenario() == Scenario.STEADY && inflight < c.iodepth() && next < total) continue;
            waitForEvents();
            if (c.scenario() == Scenario.WRAP) reapAll();
        }
    }

    /** One submission, as fio does it: refill new_thread_stack, then async_exec (JA5). */
    private void submit() {
        int id = next;
        next = id + 1;
        prepare(id);
        state[id] = SUBMITTING;
        submitted++;
        SpareStacks.refillStack(ahu, token++);
        submitting = id;
        long r = k.asyncExec(first[id], ahu);   // on a head switch this frame is abandoned: see entry()
        submitting = -1;
        if (r == first[id] || r == last[id]) {
            cached++;
            complete(id, r);
        } else if (r == 0) {
            wentAsync(id);                        // SYSLET_ASYNC hand-off (not used here)
        } else {
            errors++;
            state[id] = DONE;
            closePipe(id);
        }
    }

    private void prepare(int id) {
        if (kind[id] != Kind.PIPE_BLOCK && kind[id] != Kind.PIPE_READY) return;
        int[] p = arena.pipe(O_CLOEXEC);
        rfd[id] = p[0];
        wfd[id] = p[1];
        UserMemory.putLong(fdWord[id], rfd[id]);       // the read atom's fd argument (arg_ptr target)
        if (kind[id] == Kind.PIPE_READY) writePipe(id, prefill);
        else toFill.add(id);
    }

    private void writePipe(int id, long src) {
        fill(src, id);
        int fd = wfd[id];
        long r = fd < 0 ? -Errno.EBADF : Sys.call(Sys.NR_WRITE, fd, src, BS);
        if (r != BS) writeErrors.incrementAndGet();       // e.g. a pipe written off (closed) as lost
    }

    private void wentAsync(int id) {
        cachemiss++;
        inflight++;
        state[id] = INFLIGHT;
        wentAsync[id].countDown();
    }

    /** The writer: fills each blocking pipe once its read went async (or after a bounded fallback). */
    private void writerLoop() {
        long src = writerSrc;
        try {
            while (!finished) {
                Integer id = toFill.poll(100, TimeUnit.MILLISECONDS);
                if (id == null) continue;
                // Fallback: a head that never switched (no spare) just blocks; the write releases it.
                wentAsync[id].await(200, TimeUnit.MILLISECONDS);
                writePipe(id, src);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    private void reapAll() {
        long atom;
        while ((atom = reaper.reap()) != 0) onReap(atom);
    }

    private void onReap(long atom) {
        Integer id = atomToId.get(atom);
        if (id == null) {
            errors++;                                   // not an atom we submitted
            return;
        }
        if (state[id] == INFLIGHT) {
            reaped++;
            inflight--;
            complete(id, atom);
        } else {
            duplicated++;                               // reaped twice, or posted although cached/lost
        }
    }

    /** Verifies the syslet's results through its ret_ptrs and buffers (JA4: results are in ret_ptr). */
    private void complete(int id, long finalAtom) {
        state[id] = DONE;
        boolean ok;
        switch (kind[id]) {
            case WRITE_SYNC -> {
                ok = finalAtom == last[id] && UserMemory.getLong(ret1[id]) == BS && UserMemory.getLong(ret2[id]) == 0;
                long back = buf[id];                  // read the block back from the file
                for (int w = 0; w < BS / 8; w++) UserMemory.putLong(back + 8L * w, 0);
                ok &= Sys.call(Sys.NR_PREAD64, outFd, back, BS, (long) id * BS) == BS && holds(back, id);
            }
            default -> ok = UserMemory.getLong(ret1[id]) == BS && holds(buf[id], id);
        }
        if (!ok) errors++;
        closePipe(id);
    }

    private void closePipe(int id) {
        if (rfd[id] >= 0) Sys.call(Sys.NR_CLOSE, rfd[id]);
        if (wfd[id] >= 0) Sys.call(Sys.NR_CLOSE, wfd[id]);
        rfd[id] = wfd[id] = -1;
    }

    /**
     * overflow/wrap: the reaper is slow on purpose — it does other work while the in-flight batch
     * completes in the kernel (every syslet that went async is posted, dropped or backlogged).
     * Bounded; the runtime's counters are the harness's view, the user never sees them.
     */
    private void letTheBatchLand() {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(c.hungMs());
        while (monitor.kernelFinished() < cachemiss && System.nanoTime() < end && failure == null) sleepMs(1);
    }

    private void waitForEvents() {
        long min = switch (c.scenario()) {
            case WRAP -> Math.min(inflight, n);   // fio iodepth_batch_complete: the whole batch
            default -> 1;
        };
        long u = reaper.userIndex();
        monitor.enter(Sys.gettid(), min, u);
        long r = k.asyncWait(min, u, ahu);
        EscapeMonitor.Escape why = monitor.leave();
        if (r == 0) return;              // (an escape that raced a real wake-up leaves a pending signal:
                                         //  the next sleeping wait returns -EINTR at once: spuriousIntr)
        if (r != -Errno.EINTR) {
            errors++;
            sleepMs(1);
            return;
        }
        if (why == null) {
            spuriousIntr++;
            return;
        }
        switch (why) {
            case STARVED -> starved++;   // MM1 (K < U) or RING-FULL: asleep with >= min events in the ring
            case DRAINED -> {
                drainedEscapes++;
                writeOffInflight();      // MM16: v5 dropped them; nothing will ever post them
            }
            case HUNG -> {
                hung++;
                writeOffInflight();
            }
        }
    }

    /** Everything the kernel finished is in the ring (fixed: flushed by a kernel entry); the rest is lost. */
    private void writeOffInflight() {
        k.asyncWait(0, reaper.userIndex(), ahu);   // kernel entry: fixed flushes its backlog
        reapAll();
        for (int i = 0; i < c.syslets(); i++) {
            if (state[i] == INFLIGHT) {
                state[i] = LOST;
                lost++;
                inflight--;
                closePipe(i);
            }
        }
    }

    private void drainAtEnd() {
        k.asyncWait(0, reaper.userIndex(), ahu);   // a last kernel entry: fixed flushes, late posts show up
        reapAll();
    }

    private String progress(long t0) {
        return String.format(Locale.ROOT,
                "workload: [%s %s] %.0fs submitted=%d/%d cached=%d cachemiss=%d reaped=%d inflight=%d lost=%d"
                        + " starved=%d",
                Summary.designName(c.design()), c.scenario().id(), (System.nanoTime() - t0) / 1e9,
                submitted, c.syslets(), cached, cachemiss, reaped, inflight, lost, starved);
    }

    private static void sleepMs(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void cleanup() {
        for (int i = 0; i < c.syslets(); i++) closePipe(i);
        if (dataFd >= 0) Sys.call(Sys.NR_CLOSE, dataFd);
        if (outFd >= 0) Sys.call(Sys.NR_CLOSE, outFd);
        k.close();
        try {
            Files.deleteIfExists(dir.resolve("data"));
            Files.deleteIfExists(dir.resolve("out"));
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        // The arena is not unmapped: threads nested in user frames stay parked for the JVM's life
        // (docs/runtime.md, "Missing / known limits") and the memory is small.
    }
}
