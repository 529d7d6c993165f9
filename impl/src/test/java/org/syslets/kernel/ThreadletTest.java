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
import org.syslets.design.Design;
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
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
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
}
