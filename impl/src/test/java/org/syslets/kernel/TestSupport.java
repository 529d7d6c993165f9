package org.syslets.kernel;

import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.syslets.design.Design;
import org.syslets.linux.BlockDetector;
import org.syslets.linux.Sys;

/**
 * Shared by the runtime tests: both designs, block detection, closing fds. The bounded wait is
 * {@link org.syslets.user.Await}, strings and pipes are {@link org.syslets.user.UserArena}'s,
 * syscall numbers {@link Sys}'s.
 */
final class TestSupport {
    private TestSupport() {
    }

    static Stream<Design> designs() {
        return Stream.of(Design.V5, Design.FIXED);
    }

    /** A user entry that must not return before the test is done waits here (an interrupt ends the wait). */
    static void awaitQuietly(CountDownLatch release) {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static void close(int... fds) {
        for (int fd : fds) Sys.call(Sys.NR_CLOSE, fd);
    }
}
