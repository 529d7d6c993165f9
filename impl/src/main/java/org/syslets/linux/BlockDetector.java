package org.syslets.linux;

import java.nio.charset.StandardCharsets;

/**
 * Decides whether a thread is really asleep in the kernel (design.md §4: "only when the running
 * syscall really blocks"). Reads {@code /proc/self/task/<tid>/stat} (state field 'S' or 'D') through
 * an fd kept open and {@code pread}, and confirms with {@code /proc/self/task/<tid>/syscall} that the
 * thread sleeps in the very syscall the runtime issued (its first field is that number; "running"
 * or another number — e.g. a futex during a JVM safepoint transition — is not a block).
 *
 * <p>Only ever consulted for a thread whose state word says it is inside a runtime syscall, so
 * JVM-internal sleeps outside runtime syscalls never count.
 *
 * <p><b>Waiting without polling</b> ({@link #switchEvent}, {@link #awaitSwitchOut}, {@link #wake}): the
 * watcher sleeps in {@code ppoll} on two descriptors, a {@code perf_event_open} software event that
 * counts the head thread's context switches (sample_period 1, wakeup_events 1, a read-only ring of
 * 1 + 1 pages: overwrite mode, nothing to consume; perf only reports POLLIN with a ring mapped) and
 * an eventfd of its own that the runtime writes to wake it (work handed over, close). perf's POLLIN
 * is edge-like (perf_poll takes the pending flag), but the flag is set by every switch-out whether
 * or not anybody polls, so a switch between the watcher's check and its ppoll makes ppoll return at
 * once: no lost wake-up (Morton, AM3). A switch-out is no block by itself (preemption, a JVM futex):
 * the /proc confirmation above still decides. perf refused (EACCES, ENOENT, EINVAL, EMFILE…): the
 * head keeps the timed polling of {@code AsyncHead#cachemissLoop}.
 */
public final class BlockDetector {
    private static final int BUF = 512;
    private final int tid;
    private long buf;
    private int statFd = -1, syscallFd = -1;
    /** Detector reads (for the snapshot / docs). */
    long probes;

    /** The ring of the head's switch-out event: the control page and one data page. */
    private static final long PERF_RING = 2 * UserMemory.PAGE;
    private static final int PERF_OPEN_BUF = Sys.PERF_ATTR_SIZE_VER0 + 6 * 8;
    /** Watcher side: two pollfds, the drain word, the word 1 written to wake, call6's argument words. */
    private static final int DRAIN = 2 * Sys.POLLFD_SIZE, ONE = DRAIN + 8, ARGS = ONE + 8, WAIT_BUF = ARGS + 6 * 8;
    /** Head side: the event fd, or -errno once perf_event_open refused it; 0 before the first try. */
    private int perfFd;
    private long perfRing;
    /** Watcher side: its eventfd and ppoll's buffer, made on its first wait. */
    private int wakeFd = -1;
    private long waitBuf;
    /** In (or about to enter) ppoll: a waker must write the eventfd (Dekker with the waiter's re-check). */
    private volatile boolean waiting;
    /** close() came while the watcher waited: endWait frees the wait side. */
    private boolean closePending;
    /** ppoll returns of this watcher (for the snapshot / docs). */
    long wakeups;

    /**
     * 0 when this kernel lets a thread watch another's context switches, else perf_event_open's
     * -errno; probed once (on the calling thread, opened and closed again).
     */
    public static long perfRefusal() {
        return PerfProbe.REFUSAL;
    }

    private static final class PerfProbe {
        static final long REFUSAL = probe();

        private static long probe() {
            BlockDetector d = new BlockDetector(Sys.gettid());
            try {
                int fd = d.switchEvent();
                return fd < 0 ? fd : 0;
            } finally {
                d.close();
            }
        }
    }

    public BlockDetector(int tid) {
        this.tid = tid;
    }

    private int open(String path) {
        byte[] b = path.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) UserMemory.U.putByte(buf + i, b[i]);
        UserMemory.U.putByte(buf + b.length, (byte) 0);
        return (int) RuntimeFds.own(Sys.call(Sys.NR_OPEN, buf, 0x80000 /* O_RDONLY|O_CLOEXEC */));
    }

    /** True when the thread sleeps ('S' or 'D') inside syscall {@code nr}. */
    public synchronized boolean blockedIn(long nr) {
        if (buf == 0) {
            buf = UserMemory.allocate(BUF);
            statFd = open("/proc/self/task/" + tid + "/stat");
            syscallFd = open("/proc/self/task/" + tid + "/syscall");
        }
        if (statFd < 0) return false;
        probes++;
        long n = Sys.call(Sys.NR_PREAD64, statFd, buf, BUF - 1, 0);
        if (n <= 0) return false;
        int close = -1;
        for (int i = (int) n - 1; i >= 0; i--) {
            if (UserMemory.U.getByte(buf + i) == ')') { close = i; break; }
        }
        if (close < 0 || close + 2 >= n) return false;
        byte state = UserMemory.U.getByte(buf + close + 2);
        if (state != 'S' && state != 'D') return false;
        if (syscallFd < 0) return true;
        n = Sys.call(Sys.NR_PREAD64, syscallFd, buf, 64, 0);
        if (n <= 0) return true;   // unreadable: trust the state field
        long v = 0;
        int i = 0;
        boolean any = false;
        for (; i < n; i++) {
            byte c = UserMemory.U.getByte(buf + i);
            if (c < '0' || c > '9') break;
            v = v * 10 + (c - '0');
            any = true;
        }
        return any && v == nr;
    }

    /**
     * Head side: the fd of a software event counting this thread's switch-outs, with its ring
     * mapped, opened on the first call (by the watcher); {@code -errno} when the kernel refuses it
     * (then the caller polls instead, and keeps doing so for this thread).
     */
    public synchronized int switchEvent() {
        if (perfFd != 0) return perfFd;
        // The attr, then the six argument words for call6: libc's 5-argument syscall() through JNR
        // passed a stray word as the flags here (strace: PERF_FLAG_FD_OUTPUT|0x7f…, EINVAL).
        long attr = UserMemory.allocate(PERF_OPEN_BUF), block = attr + Sys.PERF_ATTR_SIZE_VER0;
        try {
            UserMemory.U.setMemory(attr, Sys.PERF_ATTR_SIZE_VER0, (byte) 0);   // disabled = 0: counting from the open
            UserMemory.U.putInt(attr + Sys.PERF_ATTR_TYPE, Sys.PERF_TYPE_SOFTWARE);
            UserMemory.U.putInt(attr + Sys.PERF_ATTR_SIZE, Sys.PERF_ATTR_SIZE_VER0);
            UserMemory.U.putLong(attr + Sys.PERF_ATTR_CONFIG, Sys.PERF_COUNT_SW_CONTEXT_SWITCHES);
            UserMemory.U.putLong(attr + Sys.PERF_ATTR_SAMPLE_PERIOD, 1);
            UserMemory.U.putInt(attr + Sys.PERF_ATTR_WAKEUP_EVENTS, 1);
            long fd = Sys.call6(Sys.NR_PERF_EVENT_OPEN,
                    new long[] {attr, tid, -1 /* any cpu */, -1 /* no group */, Sys.PERF_FLAG_FD_CLOEXEC, 0}, block);
            if (fd < 0) return perfFd = (int) fd;
            RuntimeFds.own(fd);
            long ring = Sys.call(Sys.NR_MMAP, 0, PERF_RING, Sys.PROT_READ, Sys.MAP_SHARED, fd, 0);
            if (ring < 0 && ring > -4096) {
                RuntimeFds.release(fd);
                Sys.call(Sys.NR_CLOSE, fd);
                return perfFd = (int) ring;
            }
            perfRing = ring;
            return perfFd = (int) fd;
        } finally {
            UserMemory.free(attr, PERF_OPEN_BUF);
        }
    }

    /**
     * Watcher side, step 1: from now on a {@link #wake} writes the eventfd. The caller then
     * re-checks what it waits for and calls {@link #awaitSwitchOut}, or {@link #endWait}.
     * False when no eventfd could be made (then the caller must not sleep in ppoll).
     */
    public synchronized boolean beginWait() {
        if (waitBuf == 0) {
            long fd = RuntimeFds.own(Sys.call(Sys.NR_EVENTFD2, 0, Sys.EFD_CLOEXEC | Sys.EFD_NONBLOCK));
            if (fd < 0) return false;
            wakeFd = (int) fd;
            waitBuf = UserMemory.allocate(WAIT_BUF);
            UserMemory.U.setMemory(waitBuf, WAIT_BUF, (byte) 0);
            UserMemory.U.putLong(waitBuf + ONE, 1);
        }
        waiting = true;
        return true;
    }

    /**
     * Watcher side, step 2: sleeps in ppoll (no timeout) until the thread behind {@code eventFd}
     * (a {@link #switchEvent}) is switched out or someone calls {@link #wake}; drains the eventfd.
     * Returns false when the event fd hung up (its thread ended): do not wait on it again.
     */
    public boolean awaitSwitchOut(int eventFd) {
        long p = waitBuf;   // stays mapped until endWait: close() defers freeing it while waiting
        UserMemory.U.putInt(p, eventFd);
        UserMemory.U.putShort(p + Sys.POLLFD_EVENTS, Sys.POLLIN);
        UserMemory.U.putShort(p + Sys.POLLFD_REVENTS, (short) 0);
        UserMemory.U.putInt(p + Sys.POLLFD_SIZE, wakeFd);
        UserMemory.U.putShort(p + Sys.POLLFD_SIZE + Sys.POLLFD_EVENTS, Sys.POLLIN);
        UserMemory.U.putShort(p + Sys.POLLFD_SIZE + Sys.POLLFD_REVENTS, (short) 0);
        Sys.call6(Sys.NR_PPOLL, new long[] {p, 2, 0 /* no timeout */, 0 /* sigmask unchanged */, 8, 0}, p + ARGS);
        wakeups++;
        Sys.call(Sys.NR_READ, wakeFd, p + DRAIN, 8);   // non-blocking: EAGAIN when nobody woke us
        boolean alive = (UserMemory.U.getShort(p + Sys.POLLFD_REVENTS) & (Sys.POLLHUP | Sys.POLLERR)) == 0;
        endWait();
        return alive;
    }

    /** Watcher side: not waiting any more (also after a re-check found work); a deferred close completes here. */
    public synchronized void endWait() {
        waiting = false;
        if (closePending) {
            closePending = false;
            freeWait();
        }
    }

    /** Wakes this thread out of {@link #awaitSwitchOut} (or makes its next one return at once). */
    public void wake() {
        if (!waiting) return;
        synchronized (this) {
            if (wakeFd >= 0) Sys.call(Sys.NR_WRITE, wakeFd, waitBuf + ONE, 8);
        }
    }

    /** ppoll returns so far (watcher side). */
    public long wakeups() {
        return wakeups;
    }

    /** Closes the /proc descriptors, the event and eventfd, unmaps the ring, frees the buffers; a later probe opens them again. */
    public synchronized void close() {
        closeOwn(statFd);
        closeOwn(syscallFd);
        statFd = syscallFd = -1;
        if (buf != 0) UserMemory.free(buf, BUF);
        buf = 0;
        if (perfRing != 0) Sys.call(Sys.NR_MUNMAP, perfRing, PERF_RING);
        if (perfFd > 0) closeOwn(perfFd);
        perfRing = 0;
        perfFd = 0;
        if (waiting) {
            // Its thread may be inside ppoll on waitBuf: wake it, and endWait frees.
            closePending = true;
            if (wakeFd >= 0) Sys.call(Sys.NR_WRITE, wakeFd, waitBuf + ONE, 8);
        } else {
            freeWait();
        }
    }

    private static void closeOwn(int fd) {
        if (fd < 0) return;
        RuntimeFds.release(fd);
        Sys.call(Sys.NR_CLOSE, fd);
    }

    private void freeWait() {
        closeOwn(wakeFd);
        wakeFd = -1;
        if (waitBuf != 0) UserMemory.free(waitBuf, WAIT_BUF);
        waitBuf = 0;
    }
}
