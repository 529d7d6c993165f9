package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Flags;
import org.syslets.user.Await;
import org.syslets.user.RingReaper;
import org.syslets.user.SpareStacks;
import org.syslets.user.UserArena;

/**
 * The spare pool of an implicit head does not ratchet up. A burst of SYSLET_ASYNC chains needs as
 * many spares as run at once; afterwards one chain at a time must be served by one spare, the most
 * recently parked, so that the others really idle and leave the pool after
 * {@code -Dsyslets.spareIdleMs}. Round-robin reuse (the oldest spare first) kept every spare of the
 * burst warm for good: under the fuzzer the pool only ever grew (182 threads in one dump). Counts
 * threads and hand-offs, never time.
 */
@Timeout(60)
class SparePoolTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void afterABurstOneSpareServesOneChainAtATime(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(64);
            RingReaper reaper = new RingReaper(ahu);
            int[] p = a.pipe(0);
            int burst = 3;
            // The burst: three chains asleep in read(2) at once, each on a spare of its own.
            for (int i = 0; i < burst; i++) {
                SpareStacks.refillStack(ahu, 0x5eed);
                long atom = a.atom(Flags.ASYNC, Sys.NR_READ, a.word(0), 0, a.word(p[0]), a.word(a.alloc(8, 8)), a.word(1));
                assertThat(k.asyncExec(atom, ahu)).as("handed off").isZero();
            }
            assertThat(head(k).busy()).hasSize(burst);
            assertThat(Sys.call(Sys.NR_WRITE, p[1], a.word(0), burst)).isEqualTo(burst);
            Await.until("the burst's chains are back in the pool", () -> head(k).spares().size() == burst);
            for (int i = 0; i < burst; i++) Await.until("completion " + i, () -> reaper.reap() != 0);

            // Then one chain at a time, each reporting the thread that ran it (gettid).
            Set<Long> ranOn = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                SpareStacks.refillStack(ahu, 0x5eed);
                long tid = a.word(0);
                long atom = a.atom(Flags.ASYNC, Sys.NR_GETTID, tid, 0);
                assertThat(k.asyncExec(atom, ahu)).isZero();
                Await.until("chain " + i + " completed", () -> reaper.reap() != 0);
                Await.until("its spare parked", () -> head(k).busy().isEmpty());
                ranOn.add(UserMemory.getLong(tid));
            }
            KernelSnapshot.HeadState h = head(k);
            assertThat(h.sparesCreated()).as("no spare made while spares sat in the pool").isEqualTo(burst);
            assertThat(ranOn).as("sequential chains ran on the most recently parked spare only").hasSize(1);
            assertThat(h.spares()).hasSize(burst);
            TestSupport.close(p);
        }
    }

    private static KernelSnapshot.HeadState head(SysletKernel k) {
        for (KernelSnapshot.HeadState h : k.snapshot().heads()) if (!h.registered()) return h;
        throw new AssertionError("no implicit head");
    }
}
