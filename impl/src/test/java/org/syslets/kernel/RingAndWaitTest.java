package org.syslets.kernel;


import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.results.junit.Verdict;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/** Completion ring (post/reap, overflow) and async_wait (MM1, RING-FULL) on both designs. */
@Timeout(60)
class RingAndWaitTest {

    /** Runs asyncWait on a fresh thread; returns its result, signalling it after it was seen asleep. */
    static final class Waiter {
        final AtomicLong result = new AtomicLong(Long.MIN_VALUE);
        final AtomicInteger tid = new AtomicInteger();
        final Thread thread;

        Waiter(SysletKernel k, long min, long u, long ahu) {
            thread = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncWait(min, u, ahu));
            });
            thread.start();
        }

        /** Waits until it either returned or fell asleep; true when asleep (the escape then signals it). */
        boolean sleptAndWasSignalled(SysletKernel k, long ahu) throws InterruptedException {
            Await.until("waiter returned or asleep",
                    () -> result.get() != Long.MIN_VALUE || k.ringStats(ahu).sleepers() == 1);
            boolean slept = result.get() == Long.MIN_VALUE;
            if (slept) k.signal(tid.get());                 // watchdog escape
            thread.join(Await.GUARD_MS);
            return slept;
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void postThenReapInOrderAndKWraps(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(3);
            RingReaper r = new RingReaper(ahu);
            for (int i = 1; i <= 7; i++) {
                assertThat(k.postFromKernel(ahu, 0x1000L * i)).isTrue();
                assertThat(UserMemory.getLong(ahu)).as("K wraps at N").isEqualTo(i % 3);
                assertThat(r.reap()).isEqualTo(0x1000L * i);
                assertThat(r.reap()).isZero();
            }
            assertThat(k.ringStats(ahu).posted()).isEqualTo(7);
        }
    }

    @Test
    @Verdict(finding = "MM16")
    void fullRingV5DropsAndFixedKeepsABacklogFlushedOnKernelEntry() {   // Milton (MM16)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(2);
                k.postFromKernel(ahu, 0xA0);
                k.postFromKernel(ahu, 0xB0);
                assertThat(k.postFromKernel(ahu, 0xC0)).isFalse();   // slot K taken: never overwritten
                CompletionRing.RingStats s = k.ringStats(ahu);
                RingReaper r = new RingReaper(ahu);
                assertThat(r.reap()).isEqualTo(0xA0);
                assertThat(r.reap()).isEqualTo(0xB0);
                // Kernel entry (async_wait with min 0 does nothing else) flushes the backlog in FIXED.
                k.asyncWait(0, r.userIndex(), ahu);
                long third = r.reap();
                if (d == Design.V5) {
                    assertThat(s.dropped()).isEqualTo(1);
                    assertThat(s.backlog()).isZero();
                    assertThat(third).as("v5 lost the third completion").isZero();
                } else {
                    assertThat(s.dropped()).isZero();
                    assertThat(s.backlog()).isEqualTo(1);
                    assertThat(third).as("nothing lost").isEqualTo(0xC0);
                    assertThat(k.ringStats(ahu).backlog()).isZero();
                }
            }
        }
    }

    @Test
    @Verdict(finding = "MM16")
    void realBackgroundCompletionsOverflowAOneSlotRing() {   // MM16 with real async syslets
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(1);
                long[] atoms = new long[3];
                for (int i = 0; i < 3; i++) {
                    atoms[i] = a.atom(Flags.ASYNC, Sys.NR_GETPID, a.word(0), 0);
                    SpareStacks.refillStack(ahu, 0x1000 + i);
                    assertThat(k.asyncExec(atoms[i], ahu)).as("went async").isZero();
                    CompletionRing.RingStats s0 = k.ringStats(ahu);
                    final long expected = i + 1;
                    Await.until("completion " + i, () -> {
                        CompletionRing.RingStats s = k.ringStats(ahu);
                        return s.posted() + s.dropped() + s.backlog() == expected;
                    });
                }
                CompletionRing.RingStats s = k.ringStats(ahu);
                RingReaper r = new RingReaper(ahu);
                int reaped = 0;
                for (int i = 0; i < 3; i++) {
                    k.asyncWait(0, r.userIndex(), ahu);   // kernel entry: fixed flushes
                    if (r.reap() != 0) reaped++;
                }
                if (d == Design.V5) {
                    assertThat(s.dropped()).isEqualTo(2);
                    assertThat(reaped).isEqualTo(1);
                } else {
                    assertThat(s.dropped()).isZero();
                    assertThat(reaped).isEqualTo(3);
                }
            }
        }
    }

    /** Ring of 4: K wrapped to 1 while U is 3; two completions (slots 3 and 0) are available. */
    private static long wrappedRing(SysletKernel k, UserArena a, RingReaper[] out) {
        long ahu = a.ahu(4);
        RingReaper r = new RingReaper(ahu);
        for (int i = 0; i < 3; i++) {
            k.postFromKernel(ahu, 0x100 + i);
            r.reap();
        }
        k.postFromKernel(ahu, 0x200);
        k.postFromKernel(ahu, 0x300);
        assertThat(UserMemory.getLong(ahu)).isEqualTo(1);
        assertThat(r.userIndex()).isEqualTo(3);
        out[0] = r;
        return ahu;
    }

    @Test
    @Verdict(finding = "MM1")
    void waitWithKWrappedBelowUSleepsInV5AndReturnsInFixed() throws Exception {   // Milton (MM1)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                RingReaper[] r = new RingReaper[1];
                long ahu = wrappedRing(k, a, r);
                Waiter w = new Waiter(k, 1, 3, ahu);
                boolean slept = w.sleptAndWasSignalled(k, ahu);
                if (d == Design.V5) {
                    assertThat(slept).as("v5 sleeps although 2 ≥ min events are in the ring").isTrue();
                    assertThat(w.result.get()).isEqualTo(-Errno.EINTR);
                } else {
                    assertThat(slept).isFalse();
                    assertThat(w.result.get()).isZero();
                }
                assertThat(r[0].reap()).isEqualTo(0x200);
                assertThat(r[0].reap()).isEqualTo(0x300);
            }
        }
    }

    @Test
    @Verdict(finding = "RING-FULL")
    void waitOnAFullRingSleepsInV5AndReturnsInFixed() throws Exception {   // RING-FULL
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(2);
                k.postFromKernel(ahu, 0xA0);
                k.postFromKernel(ahu, 0xB0);           // full: K == U == 0
                Waiter w = new Waiter(k, 2, 0, ahu);
                boolean slept = w.sleptAndWasSignalled(k, ahu);
                assertThat(slept).isEqualTo(d == Design.V5);
                assertThat(w.result.get()).isEqualTo(d == Design.V5 ? -Errno.EINTR : 0);
            }
        }
    }

    @Test
    void waitForMoreThanNEventsSleepsForeverInV5AndIsEinvalInFixed() throws Exception {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long ahu = a.ahu(2);
                Waiter w = new Waiter(k, 3, 0, ahu);
                boolean slept = w.sleptAndWasSignalled(k, ahu);
                assertThat(slept).isEqualTo(d == Design.V5);
                assertThat(w.result.get()).isEqualTo(d == Design.V5 ? -Errno.EINTR : -Errno.EINVAL);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aSleepingWaiterIsWokenByARealPost(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            Waiter w = new Waiter(k, 2, 0, ahu);
            Await.until("asleep", () -> k.ringStats(ahu).sleepers() == 1);
            k.postFromKernel(ahu, 0xA0);
            assertThat(k.ringStats(ahu).sleepers()).as("one event is not enough").isEqualTo(1);
            k.postFromKernel(ahu, 0xB0);
            w.thread.join(Await.GUARD_MS);
            assertThat(w.result.get()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void waitReturnsAtOnceWhenEnoughEventsArePending(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            k.postFromKernel(ahu, 0xA0);
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(k.asyncWait(0, 0, ahu)).isZero();
        }
    }
}
