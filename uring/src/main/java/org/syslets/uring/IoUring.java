package org.syslets.uring;

import static org.syslets.uring.UringAbi.*;

import org.syslets.abi.Errno;
import org.syslets.linux.Sys;

/**
 * A small io_uring client over the raw system calls (io_uring_setup 425, io_uring_enter 426,
 * io_uring_register 427, mmap): no liburing. One instance is one ring; it is not thread-safe (one
 * submitter and reaper thread), except for the read-only observers {@link #cqTailLoadAcquire()} and
 * {@link #sqFlagsLoadAcquire()}, which a watcher thread may call.
 *
 * <p>Layout: every offset inside the rings comes from the {@code io_sqring_offsets}/{@code
 * io_cqring_offsets} that setup copied back; only the fixed struct layouts are constants
 * ({@link UringAbi}). With {@code IORING_FEAT_SINGLE_MMAP} the SQ and CQ rings share one mapping.
 *
 * <p>Indices are free-running u32 (Java {@code int}, compared by subtraction): the kernel advances the CQ
 * tail, user space the CQ head; an entry is {@code cqes[index & ring_mask]}; {@code tail - head} is the
 * number of entries ready, unambiguous from 0 to ring_entries (the fix of MM1 and RING-FULL).
 *
 * <p>Every access of the CQ protocol goes through one accessor that names its ordering and, when an
 * {@link Observer} is attached, reports what user space saw (trace validation, docs/io_uring.md).
 */
public final class IoUring implements AutoCloseable {

    /** What user space observes of the CQ protocol, in program order (the trace recorder). */
    public interface Observer {
        void enterCall(int toSubmit, int minComplete, int flags);

        /** {@code consumed}: the user_data of the SQEs the kernel consumed, in order (count {@code n}). */
        void enterReturn(long ret, long[] consumed, int n);

        void readTail(int tail);

        void readCqe(int index, long userData, int res);

        void storeHead(int head);

        void readSqFlags(int flags);

        void readOverflow(int overflow);
    }

    /** Receives reaped CQEs. */
    @FunctionalInterface
    public interface CqeSink {
        void cqe(long userData, int res, int flags);
    }

    /**
     * A bug planted in this client on purpose, so that trace validation shows it would catch it
     * (docs/io_uring.md, "Teeth"). Each fires once, at the {@code plantAt}-th CQE reaped (0-based).
     */
    public enum Fault {
        NONE,
        /** The reaper advances the head by two after reading one CQE: a completion never seen. */
        LOST_CQE,
        /** The reaper hands the same CQE to the application twice before advancing the head. */
        DUPLICATE_CQE,
        /** The waiter asks the kernel for min_complete = 1 while it records (and believes) a larger min. */
        EARLY_WAIT
    }

    /** io_uring_setup failed (or is not permitted here): the errno, for assumptions and reports. */
    public static final class SetupException extends Exception {
        public final int errno;

        SetupException(String what, long ret) {
            super(what + ": errno " + -ret);
            this.errno = (int) -ret;
        }
    }

    private final int fd;
    private final int sqEntries, cqEntries, features, setupFlags;
    private final long sqRing, sqRingLen, cqRing, cqRingLen, sqes, sqesLen;
    private final long sqHead, sqTail, sqFlags, sqDropped;
    private final int sqMask;
    private final long cqHead, cqTail, cqOverflow, cqes;
    private final int cqMask;

    private int sqeTail;        // next SQE to prepare (local, published by flush)
    private int sqeSubmitted;   // SQEs the kernel has consumed (from enter's return)
    private int cqHeadLocal;    // user space owns the CQ head
    private final long[] pendingUd;
    private final long[] consumedScratch;
    private final Mem.Buffer ext = new Mem.Buffer(4096);   // io_uring_getevents_arg + timespec

    private Observer observer;
    private Fault fault = Fault.NONE;
    private long plantAt;
    private long reapedCount;
    private boolean closed;

    private IoUring(int fd, Mem.Buffer p) {
        this.fd = fd;
        long a = p.addr;
        sqEntries = Mem.loadPlain(a + P_SQ_ENTRIES);
        cqEntries = Mem.loadPlain(a + P_CQ_ENTRIES);
        features = Mem.loadPlain(a + P_FEATURES);
        setupFlags = Mem.loadPlain(a + P_FLAGS);
        long so = a + P_SQ_OFF, co = a + P_CQ_OFF;
        long sqSz = Integer.toUnsignedLong(Mem.loadPlain(so + SQO_ARRAY)) + 4L * sqEntries;
        long cqSz = Integer.toUnsignedLong(Mem.loadPlain(co + CQO_CQES)) + (long) CQE_SIZE * cqEntries;
        if ((features & FEAT_SINGLE_MMAP) != 0) {
            long sz = Math.max(sqSz, cqSz);
            sqRing = cqRing = map(sz, OFF_SQ_RING);
            sqRingLen = sz;
            cqRingLen = 0;              // same mapping
        } else {
            sqRing = map(sqSz, OFF_SQ_RING);
            sqRingLen = sqSz;
            cqRing = map(cqSz, OFF_CQ_RING);
            cqRingLen = cqSz;
        }
        sqesLen = (long) SQE_SIZE * sqEntries;
        sqes = map(sqesLen, OFF_SQES);
        sqHead = sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_HEAD));
        sqTail = sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_TAIL));
        sqFlags = sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_FLAGS));
        sqDropped = sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_DROPPED));
        sqMask = Mem.loadPlain(sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_RING_MASK)));
        long sqArray = sqRing + Integer.toUnsignedLong(Mem.loadPlain(so + SQO_ARRAY));
        cqHead = cqRing + Integer.toUnsignedLong(Mem.loadPlain(co + CQO_HEAD));
        cqTail = cqRing + Integer.toUnsignedLong(Mem.loadPlain(co + CQO_TAIL));
        cqOverflow = cqRing + Integer.toUnsignedLong(Mem.loadPlain(co + CQO_OVERFLOW));
        cqes = cqRing + Integer.toUnsignedLong(Mem.loadPlain(co + CQO_CQES));
        cqMask = Mem.loadPlain(cqRing + Integer.toUnsignedLong(Mem.loadPlain(co + CQO_RING_MASK)));
        // The SQ index array maps ring positions to SQE slots: the identity, written once.
        for (int i = 0; i < sqEntries; i++) Mem.storePlain(sqArray + 4L * i, i);
        sqeTail = sqeSubmitted = Mem.loadAcquire(sqTail);
        cqHeadLocal = Mem.loadAcquire(cqHead);
        pendingUd = new long[sqEntries];
        consumedScratch = new long[sqEntries];
    }

    private long map(long len, long off) {
        long r = Sys.call(Sys.NR_MMAP, 0, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, off);
        if (r < 0 && r > -4096) {
            Sys.call(Sys.NR_CLOSE, fd);
            throw new IllegalStateException("mmap io_uring ring at 0x" + Long.toHexString(off) + ": errno " + -r);
        }
        return r;
    }

    /** A ring of {@code sqEntries} SQEs and (if {@code cqEntries > 0}, with IORING_SETUP_CQSIZE) that many CQEs. */
    public static IoUring open(int sqEntries, int cqEntries) throws SetupException {
        return open(sqEntries, cqEntries, 0);
    }

    public static IoUring open(int sqEntries, int cqEntries, int extraSetupFlags) throws SetupException {
        try (Mem.Buffer p = new Mem.Buffer(PARAMS_SIZE)) {
            if (cqEntries > 0) {
                Mem.storePlain(p.addr + P_CQ_ENTRIES, cqEntries);
                extraSetupFlags |= SETUP_CQSIZE;
            }
            Mem.storePlain(p.addr + P_FLAGS, extraSetupFlags);
            long fd = Sys.call(Sys.NR_IO_URING_SETUP, sqEntries, p.addr);
            if (fd < 0) throw new SetupException("io_uring_setup(" + sqEntries + ", cq " + cqEntries + ")", fd);
            return new IoUring((int) fd, p);
        }
    }

    /** io_uring_setup with a params block the caller filled (for the ABI findings): the fd or -errno. */
    public static long rawSetup(int entries, long params) {
        long r = Sys.call(Sys.NR_IO_URING_SETUP, entries, params);
        if (r >= 0) Sys.call(Sys.NR_CLOSE, r);
        return r;
    }

    /**
     * Why io_uring cannot be used here, or null if a ring can be set up (for JUnit assumptions).
     * {@code -Dsyslets.uring.pretendUnavailable=WHY} answers WHY instead, to try the skip path on a
     * machine that has io_uring.
     */
    public static String unavailable() {
        String pretend = System.getProperty("syslets.uring.pretendUnavailable");
        if (pretend != null && !pretend.isBlank()) return "pretended (-Dsyslets.uring.pretendUnavailable): " + pretend;
        try (IoUring r = open(2, 0)) {
            return null;
        } catch (SetupException e) {
            return "io_uring_setup is refused on this machine (" + e.getMessage()
                    + (e.errno == Errno.ENOSYS ? ", ENOSYS: kernel without io_uring" : e.errno == Errno.EPERM
                    ? ", EPERM: kernel.io_uring_disabled or a seccomp filter" : "") + ")";
        } catch (RuntimeException | LinkageError e) {
            return "io_uring client cannot start: " + e;
        }
    }

    public int fd() { return fd; }
    public int sqEntries() { return sqEntries; }
    public int cqEntries() { return cqEntries; }
    public int cqMask() { return cqMask; }
    public int features() { return features; }
    public boolean hasFeature(int f) { return (features & f) == f; }
    public int setupFlags() { return setupFlags; }

    public void observe(Observer o) { this.observer = o; }

    /** Plants a fault (trace validation's teeth); it fires once, at the {@code atCqe}-th CQE reaped from now. */
    public void plant(Fault f, long atCqe) {
        this.fault = f;
        this.plantAt = reapedCount + atCqe;
    }

    // ================================================================ submission queue

    /**
     * The next free SQE, zeroed, with {@code user_data} set, or 0 when the SQ ring is full (the kernel
     * has not consumed enough of it yet: the SQ head, loaded with acquire, says how far it got).
     */
    public long sqe(long userData) {
        int head = Mem.loadAcquire(sqHead);
        if (sqeTail - head >= sqEntries) return 0;
        long s = sqes + (long) SQE_SIZE * (sqeTail & sqMask);
        Mem.zero(s, SQE_SIZE);
        Mem.storePlainLong(s + SQE_USER_DATA, userData);
        pendingUd[sqeTail & sqMask] = userData;
        sqeTail++;
        return s;
    }

    public static void fill(long sqe, int opcode, int flags, int fd, long addr, int len, long off) {
        Mem.storePlainByte(sqe + SQE_OPCODE, opcode);
        Mem.storePlainByte(sqe + SQE_FLAGS, flags);
        Mem.storePlain(sqe + SQE_FD, fd);
        Mem.storePlainLong(sqe + SQE_OFF, off);
        Mem.storePlainLong(sqe + SQE_ADDR, addr);
        Mem.storePlain(sqe + SQE_LEN, len);
    }

    /** Any request: an SQE with these fields; false if the SQ ring is full. */
    public boolean prepare(long userData, int opcode, int sqeFlags, int fd, long addr, int len, long off) {
        long s = sqe(userData);
        if (s == 0) return false;
        fill(s, opcode, sqeFlags, fd, addr, len, off);
        return true;
    }

    /** A NOP with {@code user_data}; false if the SQ ring is full. */
    public boolean nop(long userData, int sqeFlags) {
        long s = sqe(userData);
        if (s == 0) return false;
        fill(s, OP_NOP, sqeFlags, -1, 0, 0, 0);
        return true;
    }

    /** read(2)-like: {@code len} bytes from {@code fd} at {@code off} (-1: the file position, e.g. a pipe). */
    public boolean read(long userData, int sqeFlags, int fd, long buf, int len, long off) {
        long s = sqe(userData);
        if (s == 0) return false;
        fill(s, OP_READ, sqeFlags, fd, buf, len, off);
        return true;
    }

    public boolean write(long userData, int sqeFlags, int fd, long buf, int len, long off) {
        long s = sqe(userData);
        if (s == 0) return false;
        fill(s, OP_WRITE, sqeFlags, fd, buf, len, off);
        return true;
    }

    /** SQEs prepared (and, after {@link #flush}, published) that the kernel has not consumed yet. */
    public int unsubmitted() {
        return sqeTail - sqeSubmitted;
    }

    /** Publishes the prepared SQEs: store-release of the SQ tail (the SQE stores happen before it). */
    public int flush() {
        Mem.storeRelease(sqTail, sqeTail);
        return sqeTail - sqeSubmitted;
    }

    /** io_uring_enter(fd, toSubmit, minComplete, flags, NULL, 0): the raw return (count or -errno). */
    public long enter(int toSubmit, int minComplete, int flags) {
        return enter(toSubmit, minComplete, flags, 0, 0);
    }

    public long enter(int toSubmit, int minComplete, int flags, long arg, long argSize) {
        Observer o = observer;
        if (o != null) o.enterCall(toSubmit, minComplete, flags);
        long r = Sys.call(Sys.NR_IO_URING_ENTER, fd, Integer.toUnsignedLong(toSubmit),
                Integer.toUnsignedLong(minComplete), Integer.toUnsignedLong(flags), arg, argSize);
        // With SQEs to submit, a non-negative return counts the SQEs consumed (a failed one included).
        int consumed = toSubmit > 0 && r > 0 ? (int) Math.min(r, toSubmit) : 0;
        for (int i = 0; i < consumed; i++) consumedScratch[i] = pendingUd[(sqeSubmitted + i) & sqMask];
        sqeSubmitted += consumed;
        if (o != null) o.enterReturn(r, consumedScratch, consumed);
        return r;
    }

    /** Publishes and submits everything prepared; returns enter's result. */
    public long submit() {
        return enter(flush(), 0, 0);
    }

    /** Publishes, submits and waits until at least {@code min} CQEs are ready. */
    public long submitAndWait(int min) {
        return getEvents(flush(), min, -1);
    }

    /** Waits (GETEVENTS) for {@code min} CQEs without submitting. */
    public long waitCqes(int min) {
        return getEvents(0, min, -1);
    }

    /**
     * Waits for {@code min} CQEs for at most {@code timeoutNanos} (IORING_ENTER_EXT_ARG with a relative
     * timespec). Note the kernel's rule (io_cqring_wait): a wait that times out or is interrupted
     * returns 0, not -ETIME/-EINTR, as soon as at least one CQE is ready, even if fewer than min.
     */
    public long waitCqes(int min, long timeoutNanos) {
        return getEvents(0, min, timeoutNanos);
    }

    /** The planted EARLY_WAIT lies here: the application records and believes {@code min}, the kernel is asked for 1. */
    private long getEvents(int toSubmit, int min, long timeoutNanos) {
        int flags = ENTER_GETEVENTS, asked = min;
        long arg = 0, argSize = 0;
        if (timeoutNanos >= 0) {
            long ga = ext.addr, ts = ext.addr + GETEVENTS_ARG_SIZE;
            Mem.zero(ga, GETEVENTS_ARG_SIZE);
            Mem.storePlainLong(ts, timeoutNanos / 1_000_000_000L);
            Mem.storePlainLong(ts + 8, timeoutNanos % 1_000_000_000L);
            Mem.storePlainLong(ga + GA_TS, ts);
            flags |= ENTER_EXT_ARG;
            arg = ga;
            argSize = GETEVENTS_ARG_SIZE;
        }
        Observer o = observer;
        if (fault == Fault.EARLY_WAIT && reapedCount >= plantAt && min > 1) {
            fault = Fault.NONE;
            asked = 1;
            if (o != null) o.enterCall(toSubmit, min, flags);
            observer = null;                    // the call below is recorded as the one above
            try {
                long r = enter(toSubmit, asked, flags, arg, argSize);
                if (o != null) o.enterReturn(r, consumedScratch, toSubmit > 0 && r > 0 ? (int) Math.min(r, toSubmit) : 0);
                return r;
            } finally {
                observer = o;
            }
        }
        return enter(toSubmit, asked, flags, arg, argSize);
    }

    // ================================================================ completion queue

    /** The CQ tail, load-acquire: the kernel's CQE stores before its release of the tail are visible. */
    public int cqTailLoadAcquire() {
        int t = Mem.loadAcquire(cqTail);
        Observer o = observer;
        if (o != null && Thread.currentThread() == owner()) o.readTail(t);
        return t;
    }

    /** The CQ head as user space last stored it (user space owns it). */
    public int cqHead() {
        return cqHeadLocal;
    }

    /** Publishes the CQ head, store-release: every CQE read before it is done before the kernel may reuse the slot. */
    public void cqHeadStoreRelease(int head) {
        cqHeadLocal = head;
        Mem.storeRelease(cqHead, head);
        Observer o = observer;
        if (o != null) o.storeHead(head);
    }

    /** The SQ ring flags (IORING_SQ_CQ_OVERFLOW: the kernel holds CQEs on its overflow list). */
    public int sqFlagsLoadAcquire() {
        int f = Mem.loadAcquire(sqFlags);
        Observer o = observer;
        if (o != null && Thread.currentThread() == owner()) o.readSqFlags(f);
        return f;
    }

    /** The CQ overflow counter: CQEs the kernel dropped (it could not even queue them on the overflow list). */
    public int cqOverflowLoadAcquire() {
        int c = Mem.loadAcquire(cqOverflow);
        Observer o = observer;
        if (o != null && Thread.currentThread() == owner()) o.readOverflow(c);
        return c;
    }

    /** The SQ dropped counter: SQ index-array entries the kernel found invalid. */
    public int sqDroppedLoadAcquire() {
        return Mem.loadAcquire(sqDropped);
    }

    public long cqeUserData(int index) {
        return Mem.loadPlainLong(cqes + (long) CQE_SIZE * (index & cqMask) + CQE_USER_DATA);
    }

    public int cqeRes(int index) {
        return Mem.loadPlain(cqes + (long) CQE_SIZE * (index & cqMask) + CQE_RES);
    }

    public int cqeFlags(int index) {
        return Mem.loadPlain(cqes + (long) CQE_SIZE * (index & cqMask) + CQE_FLAGS);
    }

    /** Entries ready: tail (acquire) - head. */
    public int ready() {
        return cqTailLoadAcquire() - cqHeadLocal;
    }

    /**
     * Reaps up to {@code max} CQEs: one acquire of the tail, then per entry a plain read of the CQE at the
     * head and a store-release of head + 1 (liburing's io_uring_cqe_seen). Returns how many were taken.
     */
    public int reap(CqeSink sink, int max) {
        int tail = cqTailLoadAcquire();
        int head = cqHeadLocal;
        int n = 0;
        while (head != tail && n < max) {
            long ud = cqeUserData(head);
            int res = cqeRes(head), fl = cqeFlags(head);
            Observer o = observer;
            if (o != null) o.readCqe(head, ud, res);
            sink.cqe(ud, res, fl);
            if (fault != Fault.NONE && reapedCount >= plantAt) head = planted(sink, head, tail, ud, res, fl);
            head++;
            cqHeadStoreRelease(head);
            n++;
            reapedCount++;
        }
        return n;
    }

    private int planted(CqeSink sink, int head, int tail, long ud, int res, int fl) {
        switch (fault) {
            case LOST_CQE -> {
                if (tail - head < 2) return head;        // needs a second CQE to skip
                fault = Fault.NONE;
                return head + 1;                         // the CQE at head + 1 is never read
            }
            case DUPLICATE_CQE -> {
                fault = Fault.NONE;
                Observer o = observer;
                if (o != null) o.readCqe(head, ud, res);
                sink.cqe(ud, res, fl);                   // the application sees it again
                return head;
            }
            default -> {
                return head;
            }
        }
    }

    /** Reaps everything ready. */
    public int reapAll(CqeSink sink) {
        return reap(sink, Integer.MAX_VALUE);
    }

    // ================================================================ register

    /**
     * IORING_REGISTER_PROBE: the last opcode this kernel supports ({@code last_op}), or -errno. The
     * kernel defines it as IORING_OP_LAST - 1, so {@code last_op + 1} is the first opcode past the last.
     */
    public int probeLastOp() {
        try (Mem.Buffer b = new Mem.Buffer(PROBE_OPS + 256L * PROBE_OP_SIZE)) {
            long r = Sys.call(Sys.NR_IO_URING_REGISTER, fd, REGISTER_PROBE, b.addr, 256);
            if (r < 0) return (int) r;
            return Mem.loadPlainByte(b.addr + PROBE_LAST_OP);
        }
    }

    // ================================================================ lifecycle

    /** The thread that opened the ring: only its observations are recorded (watcher threads read too). */
    private final Thread owner = Thread.currentThread();

    private Thread owner() {
        return owner;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Sys.call(Sys.NR_MUNMAP, sqes, sqesLen);
        Sys.call(Sys.NR_MUNMAP, sqRing, sqRingLen);
        if (cqRingLen > 0) Sys.call(Sys.NR_MUNMAP, cqRing, cqRingLen);
        Sys.call(Sys.NR_CLOSE, fd);
        ext.close();
    }
}
