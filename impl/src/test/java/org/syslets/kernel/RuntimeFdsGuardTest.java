package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.syslets.kernel.TestSupport.blockedIn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.linux.BlockDetector;
import org.syslets.linux.RuntimeFds;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.UserArena;

/**
 * The runtime's own descriptors share the process's table with the user's, and an atom can name any
 * number. With the watcher asleep in ppoll on the head's perf event and its eventfd, atoms that
 * close, dup2 over, write to and read from each of them get {@code -EBADF}, the descriptors stay
 * what they were, and the next real block still switches the head. Before, close(perf fd) returned 0:
 * the watcher's ppoll then returned POLLNVAL at once, for ever, and its next wake wrote 8 bytes into
 * whatever file reused the eventfd's number. A user's own descriptor is still the user's to close.
 */
@Timeout(120)
class RuntimeFdsGuardTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void atomsCannotTouchTheWatchersDescriptors(Design d) throws Exception {
        assumeTrue(BlockDetector.perfRefusal() == 0, "perf_event_open refused here: " + BlockDetector.perfRefusal());
        String saved = System.getProperty("syslets.detector");
        System.clearProperty("syslets.detector");
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0), mine = a.pipe(0);
            long buf = a.alloc(16, 8), rd = a.word(-1);
            long readAtom = a.atom(0, Sys.NR_READ, rd, 0, a.word(p[0]), a.word(buf), a.word(16));
            long getpid = a.atom(0, Sys.NR_GETPID, 0, 0);
            long ahu = a.ahu(8);
            List<Integer> theirs = new ArrayList<>();
            List<long[]> refused = new ArrayList<>();   // {fd, call, result}
            long[] closeMine = {1};
            AtomicInteger headTid = new AtomicInteger(), reentered = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1), release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                if (ret == UserEntry.STARTED) {
                    k.asyncExec(getpid, ahu);         // creates the watcher
                    headTid.set(Sys.gettid());
                    TestSupport.awaitQuietly(go);
                    for (int fd : theirs) {
                        long one = a.word(1), r = a.word(0);
                        long[][] calls = {
                            {Sys.NR_CLOSE, fd}, {Sys.NR_DUP2, mine[0], fd}, {Sys.NR_WRITE, fd, one, 8},
                            {Sys.NR_READ, fd, buf, 8}, {Sys.NR_CLOSE_RANGE, fd, fd, 0},
                        };
                        for (long[] c : calls) {
                            long[] argPtrs = new long[c.length - 1];
                            for (int i = 1; i < c.length; i++) argPtrs[i - 1] = a.word(c[i]);
                            k.asyncExec(a.atom(0, (int) c[0], r, 0, argPtrs), ahu);
                            refused.add(new long[] {fd, c[0], UserMemory.getLong(r)});
                        }
                    }
                    long r = a.word(-1);
                    k.asyncExec(a.atom(0, Sys.NR_CLOSE, r, 0, a.word(mine[1])), ahu);
                    closeMine[0] = UserMemory.getLong(r);
                    k.asyncExec(readAtom, ahu);      // blocks: the pipe is empty
                } else {
                    reentered.incrementAndGet();
                    TestSupport.awaitQuietly(release);
                }
            });
            if (saved != null) System.setProperty("syslets.detector", saved);
            List<String> before = new ArrayList<>();
            try {
                Await.until("head idle on its latch", () -> headTid.get() != 0 && blockedIn(headTid.get(), Sys.NR_FUTEX));
                Await.until("a watcher with its tid", () -> {
                    KernelSnapshot.HeadState hs = SysletKernelSnapshots.head(k, h.id());
                    return !hs.spares().isEmpty() && hs.spares().get(0).tid() > 0;
                });
                int watcherTid = SysletKernelSnapshots.head(k, h.id()).spares().get(0).tid();
                Await.until("watcher asleep in ppoll", () -> WatcherAsleepTest.sleepsUntimed(watcherTid, Sys.NR_PPOLL));
                try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
                    fds.map(f -> Integer.parseInt(f.getFileName().toString())).filter(RuntimeFds::owns).forEach(theirs::add);
                }
                assertThat(theirs).as("the watcher's perf event and eventfd").hasSizeGreaterThanOrEqualTo(2);
                for (int fd : theirs) before.add(link(fd));
                go.countDown();
                Await.until("the head switched", () -> reentered.get() == 1);
            } finally {
                go.countDown();
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("x"), 1);   // escape: unblock the read
            }
            assertThat(refused).hasSize(5 * theirs.size());
            for (long[] r : refused) {
                assertThat(r[2]).as("nr %d on the runtime's fd %d", r[1], r[0]).isEqualTo(-Errno.EBADF);
            }
            for (int i = 0; i < theirs.size(); i++) assertThat(link(theirs.get(i))).isEqualTo(before.get(i));
            assertThat(closeMine[0]).as("an atom closes the user's own pipe end").isZero();
            assertThat(SysletKernelSnapshots.head(k, h.id()).switches()).isEqualTo(1);
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            release.countDown();
            assertThat(h.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(h.failure()).isNull();
            TestSupport.close(p);
            TestSupport.close(mine[0]);
        } finally {
            if (saved == null) System.clearProperty("syslets.detector");
            else System.setProperty("syslets.detector", saved);
        }
    }

    private static String link(int fd) throws Exception {
        return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
    }
}
