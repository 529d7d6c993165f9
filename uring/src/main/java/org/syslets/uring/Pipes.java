package org.syslets.uring;

import org.syslets.linux.Sys;

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

    /**
     * A thread that writes {@code len} bytes into each pipe it is handed (after the read on it was
     * submitted, so that the read really waits); it never touches a ring.
     */
    public static final class Filler implements AutoCloseable {
        private final java.util.concurrent.LinkedBlockingQueue<Integer> todo = new java.util.concurrent.LinkedBlockingQueue<>();
        private final Thread t;
        private volatile Throwable failure;

        public Filler(Pipes p, int len, String name) {
            t = new Thread(() -> {
                try {
                    for (;;) {
                        int i = todo.take();
                        if (i < 0) return;
                        if (p.write(i, len, i) != len) throw new IllegalStateException("pipe write failed");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Throwable e) {
                    failure = e;
                }
            }, name);
            t.setDaemon(true);
            t.start();
        }

        public void fill(int i) {
            todo.add(i);
        }

        public void fillAll(java.util.Collection<Integer> is) {
            todo.addAll(is);
        }

        /** What went wrong in the filler thread, or null. */
        public Throwable failure() {
            return failure;
        }

        @Override
        public void close() throws InterruptedException {
            todo.add(-1);
            t.join(10_000);
        }
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
