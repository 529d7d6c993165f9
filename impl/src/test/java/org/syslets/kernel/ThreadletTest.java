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
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/** Threadlets: inline when they do not block; on a real block the head switches and fn completes in the background. */
@Timeout(60)
class ThreadletTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aThreadletThatDoesNotBlockIsAPlainCallOnTheCallersThread(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            int me = Sys.gettid();
            long v = k.threadletExec(kk -> kk.syscall(Sys.NR_GETTID, 0, 0, 0), ahu);
            assertThat(v).isEqualTo(me);
            assertThat(new RingReaper(ahu).reap()).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aBlockingThreadletSwitchesTheHeadAndCompletesThroughTheRing(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long buf = a.alloc(16, 8), event = a.word(0), ahu = a.ahu(8);
            List<Long> entries = new CopyOnWriteArrayList<>();
            AtomicInteger fnTid = new AtomicInteger(), startTid = new AtomicInteger(), resumeTid = new AtomicInteger();
            AtomicLong inline = new AtomicLong(Long.MIN_VALUE);
            CountDownLatch release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entries.add(ret);
                if (ret == UserEntry.STARTED) {
                    startTid.set(Sys.gettid());
                    inline.set(k.threadletExec(kk -> {
                        long n = kk.syscall(Sys.NR_READ, p[0], buf, 16);     // blocks: empty pipe
                        fnTid.set(Sys.gettid());
                        UserMemory.putLong(event, n);
                        return event;
                    }, ahu));
                } else {
                    resumeTid.set(Sys.gettid());
                    awaitQuietly(release);
                }
            });
            try {
                Await.until("threadlet went async", () -> entries.size() == 2);
                assertThat(entries.get(1)).isZero();
                assertThat(resumeTid.get()).isNotEqualTo(startTid.get());
            } finally {
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("abc"), 3);
            }
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(new RingReaper(ahu).reap()).isEqualTo(event);
            assertThat(UserMemory.getLong(event)).isEqualTo(3);
            assertThat(fnTid.get()).as("fn finished on the old head").isEqualTo(startTid.get());
            assertThat(inline.get()).as("never returned inline").isEqualTo(Long.MIN_VALUE);
            release.countDown();
            assertThat(h.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)).isTrue();
            close(p);
        }
    }

    /**
     * One exclusion test for atoms and threadlet syscalls (Milton, MM21: "Is testing t->async_ready
     * what we want to exclude system calls on?"). On the head the threadlet is async-ready, so both
     * designs refuse a forbidden call; after the head switched away it runs as a background thread
     * with async_ready NULL, and v5's test lets the call through (clone3 with a size below
     * CLONE_ARGS_SIZE_VER0 really runs: the kernel's -EINVAL) while fixed refuses it (-ENOSYS).
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aBackgroundThreadletMeetsTheSameExclusionTestAsAnAtom(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long buf = a.alloc(16, 8), event = a.word(0), ahu = a.ahu(8);
            AtomicLong onHead = new AtomicLong(1), inBackground = new AtomicLong(1);
            AtomicInteger entries = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entries.incrementAndGet();
                if (ret == UserEntry.STARTED) {
                    k.threadletExec(kk -> {
                        onHead.set(kk.syscall(Sys.NR_CLONE3, 0, 0, 0));
                        kk.syscall(Sys.NR_READ, p[0], buf, 16);     // blocks: empty pipe, the head switches
                        inBackground.set(kk.syscall(Sys.NR_CLONE3, 0, 0, 0));
                        return event;
                    }, ahu);
                } else {
                    awaitQuietly(release);   // the resumed user context stays until the test is done
                }
            });
            try {
                Await.until("threadlet went async", () -> entries.get() == 2);
            } finally {
                Sys.call(Sys.NR_WRITE, p[1], a.cstring("abc"), 3);
            }
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(new RingReaper(ahu).reap()).isEqualTo(event);
            assertThat(onHead.get()).as("on the head: async_ready is set, both designs refuse").isEqualTo(-Errno.ENOSYS);
            KernelSnapshot s = k.snapshot();
            if (d.isFixed(Finding.MM21_EXCLUSION)) {
                assertThat(inBackground.get()).as("fixed: at marks the background thread").isEqualTo(-Errno.ENOSYS);
                assertThat(s.forbiddenRefused()).isEqualTo(2);
                assertThat(s.forbiddenLetThrough()).isZero();
            } else {
                assertThat(inBackground.get()).as("v5: async_ready is NULL in the background, clone3 ran").isEqualTo(-Errno.EINVAL);
                assertThat(s.forbiddenRefused()).isEqualTo(1);
                assertThat(s.forbiddenLetThrough()).isEqualTo(1);
            }
            release.countDown();
            assertThat(h.await(Await.GUARD_MS, TimeUnit.MILLISECONDS)).isTrue();
            close(p);
        }
    }
}
