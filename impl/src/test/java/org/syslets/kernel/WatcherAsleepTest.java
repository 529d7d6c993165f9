package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.syslets.kernel.TestSupport.blockedIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.design.Design;
import org.syslets.linux.BlockDetector;
import org.syslets.linux.Sys;
import org.syslets.user.Await;
import org.syslets.user.UserArena;

/**
 * The watcher asleep without a timer still sees the head block (Morton, AM3: no lost wake-up),
 * for both detectors on both designs. The watcher is first seen asleep in the kernel with no
 * timeout — in ppoll on the head's switch-out event and its eventfd ("perf"), or parked for good
 * after the idle period ("poll") — and only then does the head, idle on a latch until now, read an
 * empty pipe. A watcher that waits only to be woken (perf: on its eventfd alone; poll: execEnter
 * not poking the deep sleep) sleeps through that block and the switch never comes. The wait for the
 * switch is {@link Await}'s hang guard, not a speed bound.
 */
@Timeout(120)
class WatcherAsleepTest {

    static Stream<Arguments> designsAndDetectors() {
        return TestSupport.designs().flatMap(d -> Stream.of(Arguments.of(d, AsyncHead.DETECTOR_PERF),
                Arguments.of(d, AsyncHead.DETECTOR_POLL)));
    }

    @ParameterizedTest
    @MethodSource("designsAndDetectors")
    void aBlockWhileTheWatcherSleepsUntimedSwitchesTheHead(Design d, String detector) throws Exception {
        if (detector.equals(AsyncHead.DETECTOR_PERF)) {
            assumeTrue(BlockDetector.perfRefusal() == 0, "perf_event_open refused here: " + BlockDetector.perfRefusal());
        }
        String saved = System.getProperty("syslets.detector");
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]), buf = a.alloc(16, 8), bufP = a.word(buf), n16 = a.word(16), rd = a.word(-1);
            long readAtom = a.atom(0, Sys.NR_READ, rd, 0, rfd, bufP, n16);
            long getpid = a.atom(0, Sys.NR_GETPID, 0, 0);
            long ahu = a.ahu(8);
            AtomicInteger headTid = new AtomicInteger(), reentered = new AtomicInteger();
            CountDownLatch go = new CountDownLatch(1), release = new CountDownLatch(1);
            if (detector.equals(AsyncHead.DETECTOR_POLL)) System.setProperty("syslets.detector", detector);
            else System.clearProperty("syslets.detector");
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                if (ret == UserEntry.STARTED) {
                    k.asyncExec(getpid, ahu);         // cached; its ExecEnter creates the spare (the watcher)
                    headTid.set(Sys.gettid());
                    TestSupport.awaitQuietly(go);    // idle in user code: the watcher goes to sleep
                    k.asyncExec(readAtom, ahu);      // blocks: the pipe is empty
                } else {
                    reentered.incrementAndGet();
                    TestSupport.awaitQuietly(release);
                }
            });
            restore(saved);
            try {
                KernelSnapshot.HeadState hs0 = SysletKernelSnapshots.head(k, h.id());
                assertThat(hs0.detector()).as("the detector chosen at the head's creation").isEqualTo(detector);
                Await.until("head idle on its latch", () -> headTid.get() != 0 && blockedIn(headTid.get(), Sys.NR_FUTEX));
                // The spare is listed before its thread runs and learns its tid (createSpare, bindTid).
                Await.until("a watcher with its tid", () -> {
                    KernelSnapshot.HeadState hs = SysletKernelSnapshots.head(k, h.id());
                    return !hs.spares().isEmpty() && hs.spares().get(0).tid() > 0;
                });
                int watcherTid = SysletKernelSnapshots.head(k, h.id()).spares().get(0).tid();
                long waitNr = detector.equals(AsyncHead.DETECTOR_PERF) ? Sys.NR_PPOLL : Sys.NR_FUTEX;
                try {
                    Await.until("watcher asleep with no timeout", () -> sleepsUntimed(watcherTid, waitNr));
                } catch (IllegalStateException e) {
                    throw new AssertionError("watcher " + watcherTid + " of " + SysletKernelSnapshots.head(k, h.id()).spares()
                            + ": /proc says " + Files.readString(Path.of("/proc/self/task/" + watcherTid + "/syscall")).trim(), e);
                }
                go.countDown();
                Await.until("the head switched while the watcher slept", () -> reentered.get() == 1);
                assertThat(SysletKernelSnapshots.head(k, h.id()).switches()).isEqualTo(1);
            } finally {
                go.countDown();
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("x"), 1);   // escape: unblock the read
            }
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            release.countDown();
            assertThat(h.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(h.failure()).isNull();
            TestSupport.close(p);
        } finally {
            restore(saved);
        }
    }

    private static void restore(String saved) {
        if (saved == null) System.clearProperty("syslets.detector");
        else System.setProperty("syslets.detector", saved);
    }

    /**
     * Thread {@code tid} sleeps in syscall {@code nr} with a NULL timeout: /proc/.../syscall lists
     * the number and the six argument registers; futex's timeout is its 4th argument, ppoll's its 3rd.
     */
    static boolean sleepsUntimed(int tid, long nr) {
        if (!blockedIn(tid, nr)) return false;
        String[] f;
        try {
            f = Files.readString(Path.of("/proc/self/task/" + tid + "/syscall")).trim().split(" ");
        } catch (IOException e) {
            return false;
        }
        int timeoutArg = nr == Sys.NR_FUTEX ? 4 : 3;
        return f.length > timeoutArg && Long.parseLong(f[0]) == nr && Long.decode(f[timeoutArg]) == 0;
    }
}
