package org.syslets.uring;

import org.syslets.kernel.Sys;

/** Real pipes (pipe2 with O_CLOEXEC) and their byte traffic, for reads that really block. */
public final class Pipes implements AutoCloseable {
    static final int O_CLOEXEC = 0x80000;

    public final int[] rfd, wfd;
    private final Mem.Buffer scratch;

    public Pipes(int n) {
        rfd = new int[n];
        wfd = new int[n];
        scratch = new Mem.Buffer(4096);
        for (int i = 0; i < n; i++) {
            long r = Sys.call(Sys.NR_PIPE2, scratch.addr, O_CLOEXEC);
            if (r != 0) {
                close();
                throw new IllegalStateException("pipe2: errno " + -r);
            }
            rfd[i] = Mem.loadPlain(scratch.addr);
            wfd[i] = Mem.loadPlain(scratch.addr + 4);
        }
    }

    public int size() {
        return rfd.length;
    }

    /** One page per writing thread (writers are often other threads than the ring's owner). */
    private static final ThreadLocal<Mem.Buffer> WRITE_BUF = ThreadLocal.withInitial(() -> new Mem.Buffer(4096));

    /** Writes {@code len} bytes (at most 4096) of value {@code tag} into pipe {@code i}; the write(2) result. */
    public long write(int i, int len, int tag) {
        long b = WRITE_BUF.get().addr;
        for (int k = 0; k < len; k++) Mem.storePlainByte(b + k, tag);
        return Sys.call(Sys.NR_WRITE, wfd[i], b, len);
    }

    @Override
    public void close() {
        for (int i = 0; i < rfd.length; i++) {
            if (rfd[i] > 0) Sys.call(Sys.NR_CLOSE, rfd[i]);
            if (wfd[i] > 0) Sys.call(Sys.NR_CLOSE, wfd[i]);
            rfd[i] = wfd[i] = 0;
        }
        scratch.close();
    }
}
