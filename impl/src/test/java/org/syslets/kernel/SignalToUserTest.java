package org.syslets.kernel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/**
 * SignalToUser: a signalled background thread leaves to user space where it came from — at head_ip
 * when it was once the head (its user context was switched away from it), at new_thread_ip only when
 * it was created as a spare — told -EINTR, after the chain it stopped was posted. Here the head
 * blocks in read(2), the head switches, the old head (now a busy background thread) is signalled
 * while asleep; as Linux delivers a signal, it interrupts the read (-EINTR), and the chain stops
 * before its second atom.
 */
@Timeout(60)
class SignalToUserTest {

    record Call(long ret, int tid) {
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aSignalledOldHeadLeavesAtHeadIpNotAtNewThreadIp(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rd = a.word(-1), second = a.word(-1), buf = a.alloc(16, 8);
            long getpid = a.atom(0, Sys.NR_GETPID, second, 0);
            long readAtom = a.atom(0, Sys.NR_READ, rd, getpid, a.word(p[0]), a.word(buf), a.word(16));
            List<Call> atHeadIp = new CopyOnWriteArrayList<>(), atNewThreadIp = new CopyOnWriteArrayList<>();
            long headIp = k.registerEntry(ret -> atHeadIp.add(new Call(ret, Sys.gettid())));
            long newThreadIp = k.registerEntry(ret -> atNewThreadIp.add(new Call(ret, Sys.gettid())));
            long ahu = a.ahu(8, newThreadIp, headIp);
            List<Call> entries = new CopyOnWriteArrayList<>();
            CountDownLatch release = new CountDownLatch(1);
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                entries.add(new Call(ret, Sys.gettid()));
                if (ret == UserEntry.STARTED) k.asyncExec(readAtom, ahu);   // blocks, the head switches
                else awaitQuietly(release);
            });
            try {
                Await.until("head switch", () -> entries.size() == 2);
                int oldHead = entries.get(0).tid();
                Await.until("the old head asleep in read", () -> blockedIn(oldHead, Sys.NR_READ));
                assertThat(k.signal(oldHead)).isZero();
                assertThat(k.asyncWait(1, 0, ahu)).isZero();
                assertThat(new RingReaper(ahu).reap()).as("the stopped chain is posted").isEqualTo(readAtom);
                assertThat(UserMemory.getLong(rd)).as("the signal interrupted the read").isEqualTo(-Errno.EINTR);
                assertThat(UserMemory.getLong(second)).as("stopped between atoms").isEqualTo(-1);
                Await.until("left to user space", () -> atHeadIp.size() + atNewThreadIp.size() == 1);
                assertThat(atNewThreadIp).as("an old head is no new thread").isEmpty();
                assertThat(atHeadIp).containsExactly(new Call(-Errno.EINTR, oldHead));
                Await.until("back in the pool", () -> SysletKernelSnapshots.head(k, h.id()).busy().isEmpty());
                assertThat(k.snapshot().signalsDelivered()).isEqualTo(1);
            } finally {
                release.countDown();
                close(p);
            }
        }
    }
}
