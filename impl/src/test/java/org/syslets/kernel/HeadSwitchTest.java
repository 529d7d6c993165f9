package org.syslets.kernel;


import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * Cachemiss: a syscall that really blocks (read on an empty pipe) switches the head; the entry is
 * re-entered with 0 on another thread, the old thread finishes in the background, posts, parks.
 * Every test has an escape: the pipe is written, the head's latch released.
 */
@Timeout(60)
class HeadSwitchTest {

    record Entry(long ret, int tid) {
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void blockingReadSwitchesTheHeadAndCompletesIntoTheRing(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]), buf = a.alloc(16, 8), bufP = a.word(buf), n16 = a.word(16);
            long rd = a.word(-1);
            long readAtom = a.atom(0, Sys.NR_READ, rd, 0, rfd, bufP, n16);
            long ahu = a.ahu(8);
            List<Entry> entries = new CopyOnWriteArrayList<>();
            AtomicLong cachedResult = new AtomicLong(Long.MIN_VALUE);
            CountDownLatch release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entries.add(new Entry(ret, Sys.gettid()));
                if (ret == UserEntry.STARTED) {
                    cachedResult.set(k.asyncExec(readAtom, ahu));   // blocks, then the head switches
                } else {
                    try {
                        release.await();                           // keep the user context alive
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            try {
                Await.until("head switch", () -> entries.size() == 2);
                assertThat(entries.get(0).ret()).isEqualTo(UserEntry.STARTED);
                assertThat(entries.get(1).ret()).as("re-entered: the submission went async").isZero();
                assertThat(entries.get(1).tid()).isNotEqualTo(entries.get(0).tid());
                assertThat(SysletKernelSnapshots.head(k, h.id()).switches()).isEqualTo(1);
                // The old head is a busy background thread: at set, async_ready clear.
                KernelSnapshot.HeadState hs = SysletKernelSnapshots.head(k, h.id());
                assertThat(hs.head().tid()).isEqualTo(entries.get(1).tid());
                assertThat(hs.head().at()).isZero();
                assertThat(hs.busy()).singleElement().satisfies(b -> {
                    assertThat(b.tid()).isEqualTo(entries.get(0).tid());
                    assertThat(b.at()).isEqualTo(b.atAddr());
                    assertThat(b.asyncReady()).isZero();
                });
            } finally {
                long src = a.cstring("hello");
                Sys.call(Sys.NR_WRITE, p[1], src, 5);              // escape: unblock the read
            }
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            RingReaper reaper = new RingReaper(ahu);
            assertThat(reaper.reap()).isEqualTo(readAtom);
            assertThat(UserMemory.getLong(rd)).isEqualTo(5);
            assertThat(cachedResult.get()).as("the old head never returned into user code").isEqualTo(Long.MIN_VALUE);
            Await.until("old head parked as a spare", () -> SysletKernelSnapshots.head(k, h.id()).busy().isEmpty());
            KernelSnapshot.HeadState hs = SysletKernelSnapshots.head(k, h.id());
            assertThat(hs.spares()).anySatisfy(s -> {
                assertThat(s.tid()).isEqualTo(entries.get(0).tid());
                assertThat(s.at()).isEqualTo(s.atAddr());
                assertThat(s.asyncReady()).isZero();
            });
            assertThat(k.snapshot().ring(ahu).posted()).isEqualTo(1);
            release.countDown();
            assertThat(h.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(h.failure()).isNull();
            close(p);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void syncAtomNeverSwitches(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]), buf = a.alloc(16, 8), bufP = a.word(buf), n16 = a.word(16), rd = a.word(-1);
            long readAtom = a.atom(Flags.SYNC, Sys.NR_READ, rd, 0, rfd, bufP, n16);
            long ahu = a.ahu(8);
            AtomicInteger entered = new AtomicInteger();
            AtomicLong result = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger headTid = new AtomicInteger();
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entered.incrementAndGet();
                headTid.set(Sys.gettid());
                if (ret == UserEntry.STARTED) result.set(k.asyncExec(readAtom, ahu));
            });
            try {
                Await.until("head asleep in read", () -> headTid.get() != 0 && blockedIn(headTid.get(), Sys.NR_READ));
                Thread.sleep(100);   // many watcher polls while the head sleeps in a SYNC atom
                assertThat(SysletKernelSnapshots.head(k, h.id()).switches()).isZero();
            } finally {
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("x"), 1);
            }
            assertThat(h.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(result.get()).as("cached: the final atom").isEqualTo(readAtom);
            assertThat(entered.get()).isEqualTo(1);
            assertThat(UserMemory.getLong(rd)).isEqualTo(1);
            close(p);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void asyncFlagSwitchesBeforeTheFirstAtom(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long r = a.word(-1);
            long atom = a.atom(Flags.ASYNC, Sys.NR_GETTID, r, 0);
            long ahu = a.ahu(8);
            List<Entry> entries = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entries.add(new Entry(ret, Sys.gettid()));
                if (ret == UserEntry.STARTED) {
                    k.asyncExec(atom, ahu);
                } else {
                    awaitQuietly(release);   // the resumed user context stays until the test is done
                }
            });
            try {
                Await.until("switch", () -> entries.size() == 2);
                assertThat(entries.get(1).ret()).isZero();
                assertThat(k.asyncWait(1, 0, ahu)).isZero();
                assertThat(new RingReaper(ahu).reap()).isEqualTo(atom);
                // The atom ran on the old head, in the background.
                assertThat(UserMemory.getLong(r)).isEqualTo(entries.get(0).tid());
            } finally {
                release.countDown();
            }
            assertThat(h.await(20, TimeUnit.SECONDS)).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void callerThatIsNotARegisteredHeadSimplyBlocks(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]), buf = a.alloc(16, 8), bufP = a.word(buf), n16 = a.word(16), rd = a.word(-1);
            long readAtom = a.atom(0, Sys.NR_READ, rd, 0, rfd, bufP, n16);
            long ahu = a.ahu(8);
            AtomicLong result = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger tid = new AtomicInteger();
            Thread caller = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncExec(readAtom, ahu));
            });
            caller.start();
            try {
                Await.until("caller asleep in read", () -> tid.get() != 0 && blockedIn(tid.get(), Sys.NR_READ));
            } finally {
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("ab"), 2);
            }
            caller.join(20_000);
            assertThat(result.get()).isEqualTo(readAtom);
            assertThat(UserMemory.getLong(rd)).isEqualTo(2);
            assertThat(k.snapshot().wentAsync()).isZero();
            close(p);
        }
    }
}
