package org.syslets.linux;

import java.nio.charset.StandardCharsets;

/**
 * Decides whether a thread is really asleep in the kernel (design.md §4: "only when the running
 * syscall really blocks"). Reads {@code /proc/self/task/<tid>/stat} (state field 'S' or 'D') through
 * an fd kept open and {@code pread}, and confirms with {@code /proc/self/task/<tid>/syscall} that the
 * thread sleeps in the very syscall the runtime issued (its first field is that number; "running"
 * or another number — e.g. a futex during a JVM safepoint transition — is not a block).
 *
 * <p>Only ever consulted for a thread whose state word says it is inside a runtime syscall with the
 * same sequence number on two consecutive polls, so JVM-internal sleeps outside runtime syscalls
 * never count.
 */
public final class BlockDetector {
    private static final int BUF = 512;
    private final int tid;
    private long buf;
    private int statFd = -1, syscallFd = -1;
    /** Detector reads (for the snapshot / docs). */
    long probes;

    public BlockDetector(int tid) {
        this.tid = tid;
    }

    private int open(String path) {
        byte[] b = path.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) UserMemory.U.putByte(buf + i, b[i]);
        UserMemory.U.putByte(buf + b.length, (byte) 0);
        return (int) Sys.call(Sys.NR_OPEN, buf, 0x80000 /* O_RDONLY|O_CLOEXEC */);
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

    /** Closes the /proc descriptors and frees the buffer; a later probe opens them again. */
    public synchronized void close() {
        if (statFd >= 0) Sys.call(Sys.NR_CLOSE, statFd);
        if (syscallFd >= 0) Sys.call(Sys.NR_CLOSE, syscallFd);
        statFd = syscallFd = -1;
        if (buf != 0) UserMemory.free(buf, BUF);
        buf = 0;
    }
}
