package org.syslets.kernel;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.syslets.user.UserArena;

/** Shared helpers: both designs, real pipes, bounded waiting (a hang is a defect). */
final class TestSupport {
    static final int GETPID = 39, GETTID = 186, CLOSE = 3, READ = 0, WRITE = 1, OPEN = 2, LSEEK = 8;
    static final long BOUND_MS = 20_000;

    private TestSupport() {
    }

    static Stream<Design> designs() {
        return Stream.of(Design.V5, Design.FIXED);
    }

    /** Waits (yielding) until {@code cond} holds; fails after a generous bound instead of hanging. */
    static void await(String what, BooleanSupplier cond) {
        long end = System.nanoTime() + BOUND_MS * 1_000_000;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) fail("never happened: " + what);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** Whether thread {@code tid} sleeps in syscall {@code nr}; the probe's /proc descriptors are closed again. */
    static boolean blockedIn(int tid, long nr) {
        BlockDetector d = new BlockDetector(tid);
        try {
            return d.blockedIn(nr);
        } finally {
            d.close();
        }
    }

    /** A real pipe: {read fd, write fd}. */
    static int[] pipe(UserArena arena) {
        long fds = arena.alloc(8, 8);
        long r = Sys.call(Sys.NR_PIPE2, fds, 0);
        if (r != 0) fail("pipe2: " + r);
        return new int[] {UserMemory.getInt(fds), UserMemory.getInt(fds + 4)};
    }

    static void close(int... fds) {
        for (int fd : fds) Sys.call(Sys.NR_CLOSE, fd);
    }

    /** A NUL-terminated string in user memory. */
    static long cstring(UserArena arena, String s) {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        long p = arena.alloc(b.length + 1, 8);
        for (int i = 0; i < b.length; i++) UserMemory.U.putByte(p + i, b[i]);
        UserMemory.U.putByte(p + b.length, (byte) 0);
        return p;
    }
}
