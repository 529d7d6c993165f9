package org.syslets.workload;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.kernel.CompletionRing;
import org.syslets.kernel.Design;
import org.syslets.kernel.KernelSnapshot;
import org.syslets.kernel.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.kernel.UserEntry;
import org.syslets.kernel.UserMemory;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * An fio-style reader/writer on the syslet runtime (issue 6, "a real workload"). One registered head
 * keeps up to {@code iodepth} syslets in flight over real files and pipes, reaps them through the
 * completion ring ({@link RingReaper}, fio's loop: slot U non-NULL, take, clear, advance) and
 * {@code asyncWait}, and accounts for every syslet: cached (asyncExec returned the final atom
 * inline), cachemiss (the head switched: the entry was re-entered with 0, the syslet finishes in the
 * background and posts into the ring), reaped, lost (went async, never reaped) and duplicated (an
 * atom reaped twice, or reaped after it completed cached).
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
 *
 * <p>Scenarios:
 * <ul>
 *   <li>{@code steady} — fio's discipline: ring = iodepth, all four kinds, reap whatever is there,
 *       {@code asyncWait(1)} only when the queue is full or nothing is left to submit. Both designs
 *       must lose nothing (v5's MM1 can still bite if a post crosses the ring end between the reap
 *       and the wait: then the waiter is counted as starved and released by the escape).</li>
 *   <li>{@code overflow} — fio's discipline broken on purpose (MM16): ring smaller than iodepth and
 *       a slow reaper (it lets the whole in-flight batch land before reaping). v5 drops the
 *       completions that find their slot taken (counted by the runtime, never reaped: lost); fixed
 *       keeps them in the kernel backlog and flushes them into freed slots: nothing lost.</li>
 *   <li>{@code wrap} — MM1: ring = iodepth + 1 (never full, so RING-FULL is out of the way), batches
 *       of iodepth blocking reads; the reaper lets the batch land, then calls
 *       {@code asyncWait(min = batch, U)} (fio's iodepth_batch_complete) before reaping. Whenever the
 *       batch crossed the ring's end K &lt; U, and v5's {@code min - (K - U)} asks for N more events:
 *       the waiter sleeps with every event it asked for already in the ring.</li>
 * </ul>
 *
 * <p><b>Bounded escape.</b> A monitor thread watches the waiter. If it has been asleep in
 * {@code asyncWait} for {@code escapeMs} while the ring holds at least {@code min} events from U,
 * it is <em>starved</em> (MM1/RING-FULL): the monitor {@code signal}s it (-EINTR) and counts it.
 * If it is asleep while the kernel has finished every syslet that went async
 * ({@code posted + dropped + backlog}) and the ring holds fewer than {@code min}, nothing can ever
 * wake it (MM16: its completions were dropped): the monitor signals it and the workload writes the
 * remaining in-flight syslets off as lost. Any other sleep longer than {@code hungMs} is released
 * and counted as hung. The escapes only read the ring's user memory and the runtime's counters;
 * they never change what the kernel decides.
 */
public final class Workload {

    public enum Scenario {
        STEADY, OVERFLOW, WRAP;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    enum Kind { PIPE_BLOCK, WRITE_SYNC, FILE_READ, PIPE_READY }

    /** Parameters of one run. {@code ring} 0 = the scenario's default; {@code outDir} null = no file. */
    public record Config(Design design, Scenario scenario, int iodepth, int ring, int syslets, long progressMs,
            long escapeMs, long hungMs, Path outDir, PrintStream out) {

        public Config {
            if (iodepth < 1) throw new IllegalArgumentException("iodepth must be >= 1");
            if (syslets < 1) throw new IllegalArgumentException("syslets must be >= 1");
            if (ring < 0) throw new IllegalArgumentException("ring must be >= 0");
        }

        public static Config of(Design design, Scenario scenario, int iodepth, int ring, int syslets) {
            return new Config(design, scenario, iodepth, ring, syslets, 3000, 250, 60_000, null, System.out);
        }

        /** The ring size actually used: the given one, or the scenario's default. */
        public int ringSlots() {
            if (ring > 0) return ring;
            return switch (scenario) {
                case STEADY -> iodepth;                          // fio: ring size = iodepth (§2.7 bug 3)
                case OVERFLOW -> Math.max(1, iodepth / 4);       // MM16: ring smaller than in flight
                case WRAP -> iodepth + 1;                        // MM1: never full, K can wrap below U
            };
        }

        public Config withOut(Path dir, PrintStream ps) {
            return new Config(design, scenario, iodepth, ring, syslets, progressMs, escapeMs, hungMs, dir, ps);
        }
    }

    /**
     * What the workload saw. {@code dropped}/{@code backlogged} are the runtime's ring counters
     * (v5's MM16 drops; fixed's backlog entries flushed later); the rest is the user's accounting.
     */
    public record Summary(String design, String scenario, int iodepth, int ring, long submitted, long cached,
            long cachemiss, long reaped, long dropped, long lost, long duplicated, long starved, long backlogged,
            long hung, long errors, long switches, double seconds) {

        /** The one-line summary: {@code workload: design=… submitted=… … starved=…} then extras. */
        public String line() {
            return String.format(Locale.ROOT,
                    "workload: design=%s submitted=%d cached=%d cachemiss=%d reaped=%d dropped=%d lost=%d duplicated=%d"
                            + " starved=%d scenario=%s iodepth=%d ring=%d backlogged=%d hung=%d errors=%d switches=%d"
                            + " seconds=%.1f",
                    design, submitted, cached, cachemiss, reaped, dropped, lost, duplicated, starved, scenario, iodepth,
                    ring, backlogged, hung, errors, switches, seconds);
        }

        /** Reads back a {@link #line()} (the summary file), so that a stage can judge a run of another JVM. */
        public static Summary parse(String line) {
            Map<String, String> kv = new HashMap<>();
            for (String tok : line.trim().split("\\s+")) {
                int eq = tok.indexOf('=');
                if (eq > 0) kv.put(tok.substring(0, eq), tok.substring(eq + 1));
            }
            java.util.function.ToLongFunction<String> n = k -> Long.parseLong(kv.getOrDefault(k, "0"));
            return new Summary(kv.get("design"), kv.get("scenario"), (int) n.applyAsLong("iodepth"), (int) n.applyAsLong("ring"),
                    n.applyAsLong("submitted"), n.applyAsLong("cached"), n.applyAsLong("cachemiss"), n.applyAsLong("reaped"),
                    n.applyAsLong("dropped"), n.applyAsLong("lost"), n.applyAsLong("duplicated"), n.applyAsLong("starved"),
                    n.applyAsLong("backlogged"), n.applyAsLong("hung"), n.applyAsLong("errors"), n.applyAsLong("switches"),
                    Double.parseDouble(kv.getOrDefault("seconds", "0")));
        }

        /**
         * What this run must show, and whether it did: fixed is {@link #clean()} in every scenario;
         * v5 steady (fio's discipline, ring = iodepth) loses nothing (a starved waiter, MM1 by a
         * race, is reported, not judged); v5 overflow (ring &lt; iodepth) drops and loses exactly
         * what it dropped (MM16); v5 wrap (ring &gt; iodepth, enough syslets for K to wrap) starves
         * the waiter at least once (MM1) and loses nothing. Returns null when as expected, else why not.
         */
        public String unexpected() {
            if (!design.equals("v5")) return clean() ? null : design + " must lose, duplicate, starve and fail nothing";
            if (duplicated != 0 || errors != 0 || hung != 0) return "v5 must not duplicate, fail a result or hang";
            if (reaped + cached + lost != submitted) return "v5 accounting: reaped + cached + lost != submitted";
            switch (scenario) {
                case "overflow":
                    if (ring < iodepth && (dropped == 0 || lost != dropped))
                        return "v5 overflow: expected dropped > 0 and lost = dropped (MM16)";
                    return null;
                case "wrap":
                    if (ring > iodepth && submitted >= 2L * ring && (starved == 0 || lost != 0))
                        return "v5 wrap: expected the waiter starved > 0 and nothing lost (MM1)";
                    return null;
                default:
                    return lost == 0 && dropped == 0 ? null : "v5 steady (ring = iodepth) must not lose";
            }
        }

        /** Fixed design: nothing lost, nothing duplicated, no waiter starved or hung, every result right. */
        public boolean clean() {
            return lost == 0 && duplicated == 0 && dropped == 0 && starved == 0 && hung == 0 && errors == 0
                    && reaped + cached == submitted;
        }
    }

    // ------------------------------------------------------------------ syscall numbers (x86-64)
    static final int NR_READ = 0, NR_PREAD64 = 17, NR_PWRITE64 = 18, NR_FDATASYNC = 75;
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
    private final long[] first, last, ret1, ret2, buf, fdWord, pipeFds;
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

    // the waiter, as the monitor sees it
    private final Object escapeLock = new Object();
    private boolean waiting;
    private int waiterTid;
    private long waitMin, waitU;
    private Escape escape;

    enum Escape { STARVED, DRAINED, HUNG }

    private Workload(Config c) throws IOException {
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
        pipeFds = new long[s];
        rfd = new int[s];
        wfd = new int[s];
        wentAsync = new CountDownLatch[s];
        for (int i = 0; i < s; i++) {
            kind[i] = c.scenario() == Scenario.STEADY ? Kind.values()[i % 4] : Kind.PIPE_BLOCK;
            rfd[i] = wfd[i] = -1;
            wentAsync[i] = new CountDownLatch(1);
        }
    }

    /** Runs one workload to its end and returns its summary (also printed, and written if outDir set). */
    public static Summary run(Config c) throws Exception {
        Workload w = new Workload(c);
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
            long r = Sys.call(NR_PWRITE64, dataFd, scratch, BS, (long) i * BS);
            if (r != BS) throw new IllegalStateException("pwrite data block " + i + ": " + r);
        }
        for (int i = 0; i < c.syslets(); i++) build(i);
    }

    private int open(Path p) {
        long path = cstring(p.toString());
        long fd = Sys.call(Sys.NR_OPEN, path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (fd < 0) throw new IllegalStateException("open " + p + ": " + fd);
        return (int) fd;
    }

    private long cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        long p = arena.alloc(b.length + 8L, 8);
        for (int i = 0; i < b.length; i += 8) {
            long v = 0;
            for (int j = 0; j < 8 && i + j < b.length; j++) v |= (b[i + j] & 0xffL) << (8 * j);
            UserMemory.putLong(p + i, v);
        }
        return p;   // the arena is zeroed: the NUL is there
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
                pipeFds[id] = arena.alloc(8, 8);
                first[id] = last[id] = arena.atom(0, NR_READ, ret1[id], 0, fdWord[id], bufP, len);
            }
            case FILE_READ -> first[id] = last[id] =
                    arena.atom(0, NR_PREAD64, ret1[id], 0, arena.word(dataFd), bufP, len, off);
            case WRITE_SYNC -> {
                fill(buf[id], id);
                long fdW = arena.word(outFd);
                // JA4: two I/Os chained through next; a failed pwrite stops the chain.
                last[id] = arena.atom(0, NR_FDATASYNC, ret2[id], 0, fdW);
                first[id] = arena.atom(Flags.STOP_ON_NEGATIVE, NR_PWRITE64, ret1[id], last[id], fdW, bufP, len, off);
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
        Thread monitor = new Thread(this::monitorLoop, "workload-monitor");
        monitor.setDaemon(true);
        monitor.start();
        SysletKernel.HeadHandle h = k.startHead(this::entry);
        // Bounded: the monitor releases every stuck wait; this bound only guards the harness itself.
        boolean ended = h.await(30, TimeUnit.MINUTES);
        finished = true;
        monitor.interrupt();
        writer.interrupt();
        monitor.join(5000);
        writer.join(5000);
        if (!ended) throw new IllegalStateException("workload head did not end within 30 minutes: " + progress(t0));
        Throwable f = failure != null ? failure : h.failure();
        if (f != null) throw new IllegalStateException("workload failed", f);
        CompletionRing.RingStats rs = k.ringStats(ahu);
        long switches = 0;
        for (KernelSnapshot.HeadState hs : k.snapshot().heads()) switches += hs.switches();
        Summary s = new Summary(designName(c.design()), c.scenario().id(), c.iodepth(), n,
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
        long fds = pipeFds[id];
        long r = Sys.call(Sys.NR_PIPE2, fds, O_CLOEXEC);
        if (r != 0) throw new IllegalStateException("pipe2: " + r);
        rfd[id] = UserMemory.getInt(fds);
        wfd[id] = UserMemory.getInt(fds + 4);
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
                ok &= Sys.call(NR_PREAD64, outFd, back, BS, (long) id * BS) == BS && holds(back, id);
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
        while (kernelFinished() < cachemiss && System.nanoTime() < end && failure == null) sleepMs(1);
    }

    private long kernelFinished() {
        CompletionRing.RingStats s = k.ringStats(ahu);
        return s.posted() + s.dropped() + s.backlog();
    }

    private void waitForEvents() {
        long min = switch (c.scenario()) {
            case WRAP -> Math.min(inflight, n);   // fio iodepth_batch_complete: the whole batch
            default -> 1;
        };
        long u = reaper.userIndex();
        synchronized (escapeLock) {
            waiting = true;
            waiterTid = Sys.gettid();
            waitMin = min;
            waitU = u;
            escape = null;
        }
        long r = k.asyncWait(min, u, ahu);
        Escape why;
        synchronized (escapeLock) {
            waiting = false;
            why = escape;
            escape = null;
        }
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

    // ================================================================== the monitor (escape, progress)

    private void monitorLoop() {
        long t0 = System.nanoTime(), lastProgress = t0, starvedSince = 0, drainedSince = 0, asleepSince = 0;
        try {
            while (!finished) {
                Thread.sleep(10);
                long now = System.nanoTime();
                if (c.progressMs() > 0 && now - lastProgress >= c.progressMs() * 1_000_000) {
                    lastProgress = now;
                    c.out().println(progress(t0));
                }
                synchronized (escapeLock) {
                    boolean asleep = waiting && escape == null && k.ringStats(ahu).sleepers() > 0;
                    if (!asleep) {
                        starvedSince = drainedSince = asleepSince = 0;
                        continue;
                    }
                    if (asleepSince == 0) asleepSince = now;
                    long avail = available(waitU);
                    boolean starving = avail >= waitMin;
                    boolean drained = !starving && kernelFinished() >= cachemiss;
                    starvedSince = starving ? (starvedSince == 0 ? now : starvedSince) : 0;
                    drainedSince = drained ? (drainedSince == 0 ? now : drainedSince) : 0;
                    long esc = c.escapeMs() * 1_000_000;
                    if (starvedSince != 0 && now - starvedSince >= esc) escape = Escape.STARVED;
                    else if (drainedSince != 0 && now - drainedSince >= esc) escape = Escape.DRAINED;
                    else if (now - asleepSince >= c.hungMs() * 1_000_000) escape = Escape.HUNG;
                    if (escape != null) {
                        k.signal(waiterTid);    // bounded escape: the waiter returns -EINTR
                        starvedSince = drainedSince = asleepSince = 0;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Events in the ring from slot U on, as the user sees them (non-NULL slots, never trusting K). */
    private long available(long u) {
        long ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
        long cnt = 0;
        for (long i = 0, s = u; i < n; i++, s = s + 1 == n ? 0 : s + 1) {
            if (UserMemory.getLong(ring + 8 * s) == 0) break;
            cnt++;
        }
        return cnt;
    }

    private String progress(long t0) {
        return String.format(Locale.ROOT,
                "workload: [%s %s] %.0fs submitted=%d/%d cached=%d cachemiss=%d reaped=%d inflight=%d lost=%d"
                        + " starved=%d",
                designName(c.design()), c.scenario().id(), (System.nanoTime() - t0) / 1e9,
                submitted, c.syslets(), cached, cachemiss, reaped, inflight, lost, starved);
    }

    /** "v5", "fixed", or "fixed-without-MM16+…" for a fixed design with fixes reverted on purpose. */
    static String designName(Design d) {
        if (d.equals(Design.V5)) return "v5";
        if (d.equals(Design.FIXED)) return "fixed";
        StringBuilder sb = new StringBuilder("fixed-without-");
        for (org.syslets.kernel.Finding f : org.syslets.kernel.Finding.values()) {
            if (!d.isFixed(f)) sb.append(sb.charAt(sb.length() - 1) == '-' ? "" : "+").append(f.id());
        }
        return sb.toString();
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

    // ================================================================== command line

    public static void main(String[] args) throws Exception {
        try {
            System.exit(cli(args));
        } catch (IllegalArgumentException e) {
            System.err.println("workload: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The command line; returns the exit status (0 as the findings predict, 1 otherwise). */
    static int cli(String[] args) throws Exception {
        Design design = Design.FIXED;
        Scenario scenario = Scenario.STEADY;
        int iodepth = 8, ring = 0, syslets = 400;
        long progressMs = 3000;
        Path out = defaultOutDir();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--design" -> {
                    design = switch (req(a, v)) {
                        case "v5" -> Design.V5;
                        case "fixed" -> Design.FIXED;
                        default -> throw usage("--design v5|fixed, got " + v);
                    };
                    i++;
                }
                case "--scenario" -> {
                    try {
                        scenario = Scenario.valueOf(req(a, v).toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw usage("--scenario steady|overflow|wrap, got " + v);
                    }
                    i++;
                }
                case "--iodepth" -> { iodepth = num(a, v); i++; }
                case "--ring" -> { ring = num(a, v); i++; }
                case "--syslets" -> { syslets = num(a, v); i++; }
                case "--progress-ms" -> { progressMs = num(a, v); i++; }
                case "--out" -> { out = Paths.get(req(a, v)); i++; }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw usage("unknown argument " + a);
            }
        }
        Config c = new Config(design, scenario, iodepth, ring, syslets, progressMs, 250, 60_000, out, System.out);
        System.out.printf(Locale.ROOT, "workload: design=%s scenario=%s iodepth=%d ring=%d syslets=%d%n",
                design.toString().toLowerCase(Locale.ROOT), scenario.id(), iodepth, c.ringSlots(), syslets);
        Summary s = run(c);
        System.out.println("workload: summary written to " + out.resolve(s.design() + "-" + s.scenario() + ".txt"));
        String why = s.unexpected();
        System.out.println(why == null ? "workload: verdict: as expected" : "workload: verdict: UNEXPECTED - " + why);
        System.out.flush();
        return why == null ? 0 : 1;   // main exits: parked runtime threads are daemons, but be explicit
    }

    static final String USAGE = """
            usage: Workload [--design v5|fixed] [--scenario steady|overflow|wrap] [--iodepth N] [--ring N]
                            [--syslets N] [--progress-ms MS] [--out DIR]
              defaults: fixed, steady, iodepth 8, ring = scenario default (steady: iodepth,
              overflow: iodepth/4, wrap: iodepth+1), 400 syslets, progress every 3000 ms,
              out = impl/target/workload (summary file <design>-<scenario>.txt)""";

    private static Path defaultOutDir() {
        String root = System.getProperty("syslets.root");
        if (root != null) return Paths.get(root, "impl", "target", "workload");
        if (Files.isDirectory(Paths.get("impl", "src"))) return Paths.get("impl", "target", "workload");
        return Paths.get("target", "workload");
    }

    private static String req(String a, String v) {
        if (v == null) throw usage(a + " needs a value");
        return v;
    }

    private static int num(String a, String v) {
        try {
            return Integer.parseInt(req(a, v));
        } catch (NumberFormatException e) {
            throw usage(a + " needs a number, got " + v);
        }
    }

    private static IllegalArgumentException usage(String msg) {
        return new IllegalArgumentException(msg + "\n" + USAGE);
    }
}
