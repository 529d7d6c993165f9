package org.syslets.uring;

import static org.syslets.uring.UringAbi.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.syslets.abi.Errno;
import org.syslets.linux.Sys;
import org.syslets.workload.Summary;

/**
 * The fio-style workload of the syslet runtime ({@link org.syslets.workload.WorkloadEngine}), on this kernel's io_uring, with the
 * same accounting and the same summary line (design=io_uring). Every request's completion is counted by
 * user_data: reaped once, lost (never reaped), duplicated (reaped again); results are verified.
 *
 * <ul>
 *   <li>{@code steady}: CQ = iodepth, iodepth requests in flight (reads of empty pipes filled after
 *       submission, reads of ready pipes, page-cache preads, pwrite linked to fdatasync), reaped as they
 *       come, wait(1) when the queue is full.</li>
 *   <li>{@code overflow}: CQ = iodepth / 4, batches of iodepth pipe reads, nobody reaping until the whole
 *       batch completed: the kernel keeps what does not fit on its overflow list (IORING_FEAT_NODROP)
 *       and flushes it at later waits. "backlogged" = completions that were on the overflow list.</li>
 *   <li>{@code wrap}: the shape of the syslet wrap scenario (MM1): CQ = iodepth + 1 (rounded up to a
 *       power of two by the kernel), batches of iodepth pipe reads that land before the reaper waits
 *       with min = the batch; the indices go round the ring at a different place every batch. A wait
 *       that times out (250 ms escape) with the batch ready is "starved", without it "hung".</li>
 * </ul>
 */
public final class UringWorkload {
    public enum Scenario { STEADY, OVERFLOW, WRAP;
        public String id() { return name().toLowerCase(Locale.ROOT); } }

    enum Kind { PIPE_BLOCK, FILE_READ, PIPE_READY, WRITE_SYNC }

    static final int BS = 4096;
    static final long ESCAPE_NS = TimeUnit.MILLISECONDS.toNanos(250);
    static final int O_RDWR = 2, O_CREAT = 0x40, O_TRUNC = 0x200, O_CLOEXEC = 0x80000, FSYNC_DATASYNC = 1;

    public record Config(Scenario scenario, int iodepth, int ring, int requests) {
        public int ringEntries() {
            if (ring > 0) return ring;
            return switch (scenario) {
                case STEADY -> iodepth;
                case OVERFLOW -> Math.max(2, iodepth / 4);
                case WRAP -> iodepth + 1;
            };
        }
    }

    private final Config c;
    private IoUring r;
    private Pipes pipes;
    private Mem.Buffer bufs;
    private int dataFd = -1, outFd = -1;
    private final Completions app = new Completions();
    private final Kind[] kind;
    private final int[] slotOf;
    private final boolean[] slotBusy;
    private long errors, starved, hung, backlogged, waitsTimedOut;
    private int inflightRequests;
    private final LinkedBlockingQueue<Integer> toFill = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
    private int handed;

    private UringWorkload(Config c) {
        this.c = c;
        kind = new Kind[c.requests()];
        slotOf = new int[c.requests()];
        slotBusy = new boolean[c.iodepth()];
        for (int i = 0; i < c.requests(); i++) kind[i] = c.scenario() == Scenario.STEADY ? Kind.values()[i % 4] : Kind.PIPE_BLOCK;
    }

    /** Runs one scenario and returns the summary (the syslet workload's record, design "io_uring"). */
    public static Summary run(Config c) throws Exception {
        return new UringWorkload(c).go();
    }

    private static long ud(int id, int part) {
        return ((long) id << 1 | part) + 1;        // user_data 0 is never used
    }

    private Summary go() throws Exception {
        Path dir = Files.createTempDirectory("syslets-uring-workload-");
        long t0 = System.nanoTime();
        int sq = Math.min(c.iodepth(), c.ringEntries());
        try (IoUring ring = IoUring.open(Integer.highestOneBit(Math.max(1, sq)), c.ringEntries());
             Pipes p = new Pipes(c.iodepth()); Mem.Buffer b = new Mem.Buffer((long) BS * (c.iodepth() + 2))) {
            r = ring;
            pipes = p;
            bufs = b;
            // the blocks FILE_READ requests read back, written before the run (they are in the page cache)
            java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(BS * c.requests()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < c.requests(); i++) for (int w = 0; w < BS / 8; w++) data.putLong(pattern(i, w));
            Files.write(dir.resolve("data"), data.array());
            dataFd = open(dir.resolve("data"), 0 /* O_RDONLY */);
            outFd = open(dir.resolve("out"), O_RDWR | O_CREAT | O_TRUNC);
            Thread writer = new Thread(this::writerLoop, "uring-workload-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                switch (c.scenario()) {
                    case STEADY -> steady();
                    default -> batches();
                }
            } finally {
                toFill.add(-1);
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
            long dropped = r.cqOverflowLoadAcquire();
            Summary s = new Summary("io_uring", c.scenario().id(), c.iodepth(), r.cqEntries(), app.submitted(),
                    0, app.submitted(), app.reaped(), dropped, app.missing(), app.duplicated(), starved, backlogged, hung,
                    errors + app.foreign(), 0, (System.nanoTime() - t0) / 1e9);
            return s;
        } finally {
            if (dataFd >= 0) Sys.call(Sys.NR_CLOSE, dataFd);
            if (outFd >= 0) Sys.call(Sys.NR_CLOSE, outFd);
            try (var w = Files.walk(dir)) {
                w.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private long scratch() {
        return bufs.addr + (long) BS * c.iodepth();
    }

    private long writerBuf() {
        return bufs.addr + (long) BS * (c.iodepth() + 1);
    }

    private int open(Path f, int flags) {
        byte[] path = (f + "\0").getBytes(StandardCharsets.UTF_8);
        long a = scratch();
        for (int j = 0; j < path.length; j++) Mem.storePlainByte(a + j, path[j]);
        long fd = Sys.call(Sys.NR_OPEN, a, flags | O_CLOEXEC, 0600);
        if (fd < 0) throw new IllegalStateException("open " + f + ": " + fd);
        return (int) fd;
    }

    /** Word w of request id's 4 KiB block: a marker, the id and the word's index, so a misplaced block shows. */
    static long pattern(int id, int w) {
        return 0x1A00_0000_0000_0000L | ((long) id << 20) | w;
    }

    private static void fill(long p, int id) {
        for (int w = 0; w < BS / 8; w++) Mem.storePlainLong(p + 8L * w, pattern(id, w));
    }

    private static boolean holds(long p, int id) {
        for (int w : new int[] {0, 1, BS / 16, BS / 8 - 1}) if (Mem.loadPlainLong(p + 8L * w) != pattern(id, w)) return false;
        return true;
    }

    /** The writer: fills request id's pipe once its read was submitted. */
    private void writerLoop() {
        try {
            for (;;) {
                int id = toFill.take();
                if (id < 0) return;
                fill(writerBuf(), id);
                if (Sys.call(Sys.NR_WRITE, pipes.wfd[slotOf[id]], writerBuf(), BS) != BS) errors++;
                written.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int freeSlot() {
        for (int s = 0; s < slotBusy.length; s++) if (!slotBusy[s]) return s;
        return -1;
    }

    /** Prepares request id's SQEs (submitting first if the SQ ring is full); returns the pipes to fill. */
    private boolean prepare(int id) {
        int s = freeSlot();
        if (s < 0) return false;
        slotBusy[s] = true;
        slotOf[id] = s;
        long buf = bufs.addr + (long) BS * s;
        switch (kind[id]) {
            case PIPE_BLOCK -> sqe(ud(id, 0), OP_READ, 0, pipes.rfd[s], buf, BS, -1, 0);
            case PIPE_READY -> {
                fill(scratch(), id);
                if (Sys.call(Sys.NR_WRITE, pipes.wfd[s], scratch(), BS) != BS) errors++;
                sqe(ud(id, 0), OP_READ, 0, pipes.rfd[s], buf, BS, -1, 0);
            }
            case FILE_READ -> sqe(ud(id, 0), OP_READ, 0, dataFd, buf, BS, (long) id * BS, 0);
            case WRITE_SYNC -> {
                fill(buf, id);
                // JA4's smart batching: two I/Os, linked; a failed write cancels the fdatasync
                sqe(ud(id, 0), OP_WRITE, IOSQE_IO_LINK, outFd, buf, BS, (long) id * BS, 0);
                sqe(ud(id, 1), OP_FSYNC, 0, outFd, 0, 0, 0, FSYNC_DATASYNC);
            }
        }
        inflightRequests++;
        return true;
    }

    private void sqe(long ud, int op, int flags, int fd, long addr, int len, long off, int opFlags) {
        app.submitted(ud);
        long s = r.sqe(ud);
        if (s == 0) {
            r.submit();
            s = r.sqe(ud);
            if (s == 0) throw new IllegalStateException("SQ ring full after a submit");
        }
        IoUring.fill(s, op, flags, fd, addr, len, off);
        Mem.storePlain(s + SQE_OP_FLAGS, opFlags);
    }

    private void onCqe(long ud, int res, int flags) {
        boolean first = !app.has(ud);
        app.cqe(ud, res, flags);
        if (!first) return;                                  // counted as duplicated by app
        int id = (int) ((ud - 1) >> 1), part = (int) ((ud - 1) & 1);
        if (id < 0 || id >= c.requests()) return;
        long buf = bufs.addr + (long) BS * slotOf[id];
        boolean ok = switch (kind[id]) {
            case WRITE_SYNC -> part == 0 ? res == BS : res == 0;
            default -> res == BS && holds(buf, id);
        };
        if (!ok) errors++;
        boolean done = kind[id] != Kind.WRITE_SYNC || app.has(ud(id, 0)) && app.has(ud(id, 1));
        if (done) {
            if (kind[id] == Kind.WRITE_SYNC) {
                long back = scratch();
                Mem.zero(back, BS);
                if (Sys.call(Sys.NR_PREAD64, outFd, back, BS, (long) id * BS) != BS || !holds(back, id)) errors++;
            }
            slotBusy[slotOf[id]] = false;
            inflightRequests--;
        }
    }

    private void reapAll() {
        r.reapAll(this::onCqe);
    }

    /** A wait with the escape: -ETIME (or 0 with fewer than min, the kernel's timeout rule) is starved or hung. */
    private void waitFor(int min) {
        int before = r.ready();
        long ret = r.waitCqes(min, ESCAPE_NS);
        int ready = r.ready();
        if (ret == -ETIME || ret == 0 && ready < min) {
            waitsTimedOut++;
            if (++quietEscapes >= GIVE_UP) abandoned = true;     // 2 s without a completion: the rest are lost
            if (before >= min) starved++;                      // asleep although min were there
            else if (ready < min) hung++;
        } else if (ret < 0 && ret != -Errno.EINTR) {
            errors++;
        } else {
            quietEscapes = 0;
        }
    }

    /** Consecutive escapes after which the requests still in flight are written off (lost). */
    static final int GIVE_UP = 8;
    private int quietEscapes;
    private boolean abandoned;

    private void steady() {
        int next = 0, total = c.requests();
        while ((next < total || inflightRequests > 0) && !abandoned) {
            java.util.List<Integer> blocking = new java.util.ArrayList<>();
            while (next < total && inflightRequests < c.iodepth() && prepare(next)) {
                if (kind[next] == Kind.PIPE_BLOCK) blocking.add(next);
                next++;
            }
            if (r.unsubmitted() > 0) r.submit();
            toFill.addAll(blocking);                          // filled only after their reads were submitted
            handed += blocking.size();
            int before = inflightRequests;
            reapAll();
            if (inflightRequests == before && inflightRequests > 0) waitFor(1);
        }
    }

    private void batches() {
        int next = 0, total = c.requests();
        while (next < total && !abandoned) {
            int batch = 0;
            java.util.List<Integer> ids = new java.util.ArrayList<>();
            while (next < total && batch < c.iodepth() && prepare(next)) {
                ids.add(next++);
                batch++;
            }
            r.submit();
            toFill.addAll(ids);
            handed += ids.size();
            // let the whole batch land: the writer wrote every pipe, then a kernel entry runs the completions
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);      // a guard, not a bound on anything
            while (written.get() < handed && System.nanoTime() < end) Thread.onSpinWait();
            r.waitCqes(0);
            int ready = r.ready();
            if ((r.sqFlagsLoadAcquire() & SQ_CQ_OVERFLOW) != 0) backlogged += Math.max(0, ids.size() - ready);
            if (c.scenario() == Scenario.WRAP) waitFor(Math.min(ids.size(), r.cqEntries()));
            while (inflightRequests > 0 && !abandoned) {
                int before = inflightRequests;
                reapAll();
                if (inflightRequests == before) waitFor(1);       // each wait flushes what fits
            }
        }
    }

    // ================================================================ command line

    public static int cli(String[] args, Path root) throws Exception {
        Scenario sc = null;
        int iodepth = 8, ring = 0, requests = 400;
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--scenario" -> { sc = Scenario.valueOf(req(args[i], v).toUpperCase(Locale.ROOT)); i++; }
                case "--iodepth" -> { iodepth = Integer.parseInt(req(args[i], v)); i++; }
                case "--ring" -> { ring = Integer.parseInt(req(args[i], v)); i++; }
                case "--requests" -> { requests = Integer.parseInt(req(args[i], v)); i++; }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: workload [--scenario steady|overflow|wrap] [--iodepth N] [--ring N] [--requests N]");
            }
        }
        int bad = 0;
        for (Scenario s : sc == null ? Scenario.values() : new Scenario[] {sc}) {
            Summary sum = run(new Config(s, iodepth, ring, requests));
            System.out.println(sum.line());
            Path out = root.resolve("impl/target/workload");
            Files.createDirectories(out);
            Files.writeString(out.resolve("io_uring-" + s.id() + ".txt"), sum.line() + "\n");
            String why = sum.unexpected();
            System.out.println(why == null ? "workload: verdict: as expected (io_uring " + s.id() + ")" : "workload: verdict: UNEXPECTED - " + why);
            if (why != null) bad++;
        }
        return bad == 0 ? 0 : 1;
    }

    private static String req(String a, String v) {
        if (v == null) throw new IllegalArgumentException(a + " needs a value");
        return v;
    }
}
