package org.syslets.check;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;
import org.syslets.user.Await;

/**
 * async_wait's decision against spec/SysletRing.tla's {@code Pending}/{@code EventsLeft} per
 * {@code Formula}, on the real runtime over a real native ring: for ring states (N, K, U,
 * occupancy) and min in range. v5 differs from the truth exactly where Milton said (K &lt; U) and in
 * the full-ring case (K = U with N events).
 */
class EventsLeftTest {

    /** A ring state that satisfies SlotOwnership: {@code occ} slots from U are taken, K = U + occ mod N. */
    record RingState(int n, int u, int occ, int min) {
        int k() {
            return (u + occ) % n;
        }

        @Override
        public String toString() {
            return "N=" + n + " K=" + k() + " U=" + u + " occupancy=" + occ + " min=" + min;
        }
    }

    enum Decision { RETURNS, SLEEPS, EINVAL }

    static Gen<RingState> states(int maxN, boolean full) {
        return SourceDSL.integers().between(1, maxN).flatMap(n -> SourceDSL.integers().between(0, n - 1).flatMap(u ->
                (full ? SourceDSL.integers().between(n, n) : SourceDSL.integers().between(0, n - 1)).flatMap(occ ->
                        SourceDSL.integers().between(0, n).map(min -> new RingState(n, u, occ, min)))));
    }

    /** SysletRing's Formula for a design. */
    static String formula(Design d) {
        if (!d.isFixed(Finding.MM1_WRAPAROUND)) return "v5";
        return d.isFixed(Finding.RING_FULL) ? "full" : "milton";
    }

    /** SysletRing!Pending(u) with W = 64. */
    static long pending(String formula, RingState s) {
        long k = s.k(), u = s.u();
        switch (formula) {
            case "v5": return k - u;                    // Milton (MM1): wraps to 2^64 - (U - K)
            case "milton": return k < u ? k - u + s.n() : k - u;
            default: return k == u && s.occ() > 0 ? s.n() : (k < u ? k - u + s.n() : k - u);   // RING-FULL
        }
    }

    /** The spec's decision: sleep iff EventsLeft(min, U) > 0. */
    static Decision specDecision(Design d, RingState s) {
        return s.min() - pending(formula(d), s) > 0 ? Decision.SLEEPS : Decision.RETURNS;
    }

    /** What a correct wait does: sleep iff fewer than min events are in the ring (WaitNeverStarves). */
    static Decision truth(RingState s) {
        return s.occ() < s.min() ? Decision.SLEEPS : Decision.RETURNS;
    }

    /** The runtime's decision on a real ring in this state; a sleeping waiter is signalled out. */
    static Decision runtime(Design d, RingState s) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 14)) {
            long ahu = a.ahu(s.n());
            long ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
            for (int i = 0; i < s.occ(); i++) UserMemory.putLong(ring + 8L * ((s.u() + i) % s.n()), 0x1000L + 0x50L * i);
            UserMemory.putLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, s.k());
            UserMemory.putLong(ahu + AsyncHeadUserLayout.USER_RING_IDX, s.u());
            AtomicLong result = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger tid = new AtomicInteger();
            Thread t = new Thread(() -> {
                tid.set(Sys.gettid());
                result.set(k.asyncWait(s.min(), s.u(), ahu));
            });
            t.start();
            Await.until("async_wait returned or asleep: " + s,
                    () -> result.get() != Long.MIN_VALUE || k.ringStats(ahu).sleepers() == 1);
            boolean slept = result.get() == Long.MIN_VALUE;
            if (slept) {
                Await.until("signal delivered", () -> tid.get() != 0);
                k.signal(tid.get());                    // the escape: a signal ends the sleep with -EINTR
            }
            Await.until("waiter ended: " + s, () -> !t.isAlive());
            if (slept) {
                assertThat(result.get()).as("signalled sleeper").isEqualTo(-Errno.EINTR);
                return Decision.SLEEPS;
            }
            if (result.get() == -Errno.EINVAL) return Decision.EINVAL;
            assertThat(result.get()).as("async_wait in " + s).isZero();
            return Decision.RETURNS;
        }
    }

    // ------------------------------------------------------------------ agreement with the spec

    static void runtimeDecidesAsTheSpecFormula(Design d) {
        qt().withFixedSeed(Tries.holdSeed()).withExamples(Tries.scaled(2, 60)).forAll(states(8, false))
                .checkAssert(s -> assertThat(runtime(d, s)).as("%s, Formula %s", s, formula(d)).isEqualTo(specDecision(d, s)));
        qt().withFixedSeed(Tries.holdSeed()).withExamples(Tries.scaled(4, 30)).forAll(states(8, true))
                .checkAssert(s -> assertThat(runtime(d, s)).as("%s, Formula %s", s, formula(d)).isEqualTo(specDecision(d, s)));
    }

    @Test
    void runtimeDecidesAsTheSpecFormula_v5() {
        runtimeDecidesAsTheSpecFormula(Design.V5);
    }

    @Test
    void runtimeDecidesAsTheSpecFormula_milton() {
        runtimeDecidesAsTheSpecFormula(Design.V5.with(Finding.MM1_WRAPAROUND));
    }

    @Test
    void runtimeDecidesAsTheSpecFormula_fixed() {
        runtimeDecidesAsTheSpecFormula(Design.FIXED);
    }

    // ------------------------------------------------------------------ WaitNeverStarves

    /** WaitNeverStarves (MM1): ring not full, so only the wraparound can bite. */
    static void waitNeverStarvesWrapped(Design d) {
        qt().withFixedSeed(Tries.FALSIFY_SEED).withExamples(Tries.scaled(2, 80)).forAll(states(8, false))
                .checkAssert(s -> {
                    if (runtime(d, s) == Decision.SLEEPS) {
                        assertThat(s.occ()).as("WaitNeverStarves: async_wait slept in %s with %d events in the ring", s, s.occ())
                                .isLessThan(s.min());
                    }
                });
    }

    /** WaitNeverStarves (RING-FULL): the ring is full, K = U. */
    static void waitNeverStarvesFull(Design d) {
        qt().withFixedSeed(Tries.FALSIFY_SEED).withExamples(Tries.scaled(4, 40)).forAll(states(8, true))
                .checkAssert(s -> {
                    if (runtime(d, s) == Decision.SLEEPS) {
                        assertThat(s.occ()).as("WaitNeverStarves: async_wait slept in %s with %d events in the ring", s, s.occ())
                                .isLessThan(s.min());
                    }
                });
    }

    @Test
    @Verdict(finding = "MM1")
    void mm1_waitNeverStarves_v5ViolatedFixedHolds() {
        Verdicts.Pair p = Verdicts.opposite("MM1/WaitNeverStarves", EventsLeftTest::waitNeverStarvesWrapped);
        assertThat(Verdicts.smallest(p.v5().report())).as("Milton's case: K < U").matches("(?s)N=\\d+ K=(\\d+) U=(\\d+).*")
                .satisfies(x -> {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("K=(\\d+) U=(\\d+)").matcher(x);
                    assertThat(m.find()).isTrue();
                    assertThat(Integer.parseInt(m.group(1))).isLessThan(Integer.parseInt(m.group(2)));
                });
    }

    @Test
    @Verdict(finding = "RING-FULL")
    void ringFull_waitNeverStarves_v5ViolatedFixedHolds() {
        Verdicts.opposite("RING-FULL/WaitNeverStarves", EventsLeftTest::waitNeverStarvesFull);
    }

    // ------------------------------------------------------------------ the exact disagreement set

    /** Every ring state with N ≤ 4, U < N, occupancy ≤ N and min ≤ N: the domain of the two sets below. */
    static List<RingState> allSmallStates() {
        List<RingState> out = new ArrayList<>();
        for (int n = 1; n <= 4; n++)
            for (int u = 0; u < n; u++)
                for (int occ = 0; occ <= n; occ++)
                    for (int min = 0; min <= n; min++) out.add(new RingState(n, u, occ, min));
        return out;
    }

    /** Every small state where the runtime's decision differs from the truth. */
    static Set<String> disagreements(Design d) {
        Set<String> out = new TreeSet<>();
        for (RingState s : allSmallStates()) if (runtime(d, s) != truth(s)) out.add(s.toString());
        return out;
    }

    /** Milton's set: K &lt; U with at least min events (v5 sleeps for N more), plus the full ring with min ≥ 1. */
    static Set<String> miltonsSet(boolean withFullRing) {
        Set<String> out = new TreeSet<>();
        for (RingState s : allSmallStates()) {
            boolean wrapped = s.k() < s.u() && s.min() <= s.occ();
            boolean full = withFullRing && s.occ() == s.n() && s.min() >= 1;
            if (wrapped || full) out.add(s.toString());
        }
        return out;
    }

    @Test
    void v5DiffersExactlyWhereMiltonSaidAndOnTheFullRing() {
        Set<String> v5 = disagreements(Design.V5);
        System.out.println("MM1/RING-FULL: v5 disagrees with the truth in " + v5.size() + " of the N<=4 states");
        assertThat(v5).isEqualTo(miltonsSet(true));
        // Milton's fix alone leaves exactly the full-ring case.
        assertThat(disagreements(Design.V5.with(Finding.MM1_WRAPAROUND))).isEqualTo(miltonsSet(true).stream()
                .filter(x -> !miltonsSet(false).contains(x)).collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
        assertThat(disagreements(Design.FIXED)).isEmpty();
    }
}
