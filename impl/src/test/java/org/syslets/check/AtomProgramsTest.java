package org.syslets.check;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syslets.abi.AtomLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;

/**
 * Atom programs of real syscalls executed by the runtime against the reference interpreter of
 * spec/SysletAtoms.tla ({@link AtomRef}), and the atom module's invariants (DecodeSound,
 * DecodeDeterministic, UnknownRejected) observed on what the runtime really did.
 */
class AtomProgramsTest {

    // ------------------------------------------------------------------ agreement with the spec

    /** The runtime produces exactly the rets, stop points, skips, final atom and ring entries the spec predicts. */
    static void runtimeFollowsTheAtomModule(Design d, long seed, int examples) {
        qt().withFixedSeed(seed).withExamples(examples).forAll(Program.programs(true)).checkAssert(p -> {
            AtomRef.Outcome o = AtomRef.run(d, p, Sys.PID);
            RealProgram.Observed ob = RealProgram.execute(d, p);
            int l = p.atoms().size();
            long[] expRets = new long[l + 2];
            Arrays.fill(expRets, 1, l + 2, RealProgram.UNTOUCHED);
            for (AtomRef.Step s : o.steps()) expRets[s.atom()] = s.ret();
            String ctx = d + ": spec steps " + o.steps() + ", final #" + o.finalAtom() + (o.async() ? " async" : " cached")
                    + ", entries " + o.entries() + "; runtime rets " + Arrays.toString(Arrays.copyOfRange(ob.rets(), 1, l + 2))
                    + ", asyncExec -> #" + ob.index(ob.execRet()) + ", ring[0] #" + ob.index(ob.ringSlot0());
            assertThat(Arrays.copyOfRange(ob.rets(), 1, l + 2)).as("ret of every atom (untouched = not run). " + ctx)
                    .containsExactly(Arrays.copyOfRange(expRets, 1, l + 2));
            long finalAddr = ob.base() + (long) AtomLayout.SIZE * (o.finalAtom() - 1);
            // Cached: the final atom is returned (reference §2.3 modelling choice); async: 0 ("went async").
            assertThat(ob.execRet()).as("asyncExec's return. " + ctx).isEqualTo(o.async() ? 0 : finalAddr);
            // CachedNeverPosted / AsyncPostedOnce / NoCompleteHonoured.
            assertThat(ob.posted()).as("ring entries. " + ctx).isEqualTo(o.entries());
            assertThat(ob.ringSlot0()).as("ring slot 0. " + ctx).isEqualTo(o.entries() == 1 ? finalAddr : 0);
            assertThat(ob.counters()).as("umem_add counters. " + ctx).containsExactly(o.counters());
            assertThat(ob.pipeAvail()).as("bytes left in the pipe. " + ctx).isEqualTo(o.pipeAvail());
        });
    }

    @Test
    @Verdict(finding = "", design = "v5", expect = "holds")
    void runtimeFollowsTheAtomModule_v5() {
        runtimeFollowsTheAtomModule(Design.V5, Tries.holdSeed(), Tries.scaled(1, 100));
    }

    @Test
    @Verdict(finding = "", design = "fixed", expect = "holds")
    void runtimeFollowsTheAtomModule_fixed() {
        runtimeFollowsTheAtomModule(Design.FIXED, Tries.holdSeed(), Tries.scaled(1, 100));
    }

    // ------------------------------------------------------------------ the invariants, observed

    /** The atoms the runtime ran, in order (forward-only programs: ascending), from their ret slots. */
    static List<Integer> executed(RealProgram.Observed ob, int l) {
        List<Integer> e = new ArrayList<>();
        for (int i = 1; i <= l + 1; i++) if (ob.rets()[i] != RealProgram.UNTOUCHED) e.add(i);
        return e;
    }

    /**
     * The class ("stop"/"continue") of the runtime's decision after atom {@code e[k]}, read off the
     * path it took; null when the path cannot tell (next and the linear successor coincide, or the
     * chain ended on an atom whose next is 0).
     */
    static String observedClass(Program p, List<Integer> e, int k) {
        int i = e.get(k);
        int next = p.atom(i).next();
        if (k + 1 < e.size()) {
            int j = e.get(k + 1);
            if (j == next && j != i + 1) return "continue";
            if (j == i + 1 && next != i + 1) return "stop";
            return null;
        }
        return next != 0 ? "stop" : null;
    }

    static String report(Program p, RealProgram.Observed ob) {
        int l = p.atoms().size();
        return "runtime ran " + executed(ob, l) + " with rets " + Arrays.toString(Arrays.copyOfRange(ob.rets(), 1, l + 2));
    }

    /** DecodeSound (MM7): an executed word's decision agrees with what its stop flags mean. */
    static void decodeSound(Design d) {
        qt().withFixedSeed(Tries.FALSIFY_SEED).withExamples(Tries.scaled(1, 150)).forAll(Program.programs(false))
                .checkAssert(p -> {
                    RealProgram.Observed ob = RealProgram.execute(d, p);
                    List<Integer> e = executed(ob, p.atoms().size());
                    for (int k = 0; k < e.size(); k++) {
                        int i = e.get(k);
                        long r = ob.rets()[i];
                        if (r == -Errno.EINVAL) continue;       // rejected, not executed
                        String c = observedClass(p, e, k);
                        if (c == null) continue;
                        assertThat(AtomRef.docAllowed(p.atom(i).flags(), r))
                                .as("DecodeSound at atom #%d %s ret=%d: runtime decided '%s'; %s", i,
                                        Program.describeFlags(p.atom(i).flags()), r, c, report(p, ob))
                                .contains(c);
                    }
                });
    }

    /** DecodeDeterministic (MM7): no executed word has stop flags that disagree on its ret. */
    static void decodeDeterministic(Design d) {
        qt().withFixedSeed(Tries.FALSIFY_SEED).withExamples(Tries.scaled(1, 150)).forAll(Program.programs(false))
                .checkAssert(p -> {
                    RealProgram.Observed ob = RealProgram.execute(d, p);
                    for (int i : executed(ob, p.atoms().size())) {
                        long r = ob.rets()[i];
                        if (r == -Errno.EINVAL) continue;
                        assertThat(AtomRef.docAllowed(p.atom(i).flags(), r))
                                .as("DecodeDeterministic: atom #%d %s ran with ret=%d; %s", i,
                                        Program.describeFlags(p.atom(i).flags()), r, report(p, ob))
                                .hasSize(1);
                    }
                });
    }

    /** UnknownRejected (MM8): a word with an unrecognized bit is never executed. */
    static void unknownRejected(Design d) {
        qt().withFixedSeed(Tries.FALSIFY_SEED).withExamples(Tries.scaled(1, 150)).forAll(Program.programs(false))
                .checkAssert(p -> {
                    RealProgram.Observed ob = RealProgram.execute(d, p);
                    for (int i : executed(ob, p.atoms().size())) {
                        int w = p.atom(i).flags();
                        if ((w & ~Flags.KNOWN_MASK) == 0) continue;
                        assertThat(ob.rets()[i])
                                .as("UnknownRejected: atom #%d %s was executed; %s", i, Program.describeFlags(w), report(p, ob))
                                .isEqualTo(-Errno.EINVAL);
                    }
                });
    }

    @Test
    @Verdict(finding = "MM7")
    void mm7_decodeSound_v5ViolatedFixedHolds() {
        Verdicts.opposite("MM7/DecodeSound", AtomProgramsTest::decodeSound);
    }

    @Test
    @Verdict(finding = "MM7")
    void mm7_decodeDeterministic_v5ViolatedFixedHolds() {
        Verdicts.opposite("MM7/DecodeDeterministic", AtomProgramsTest::decodeDeterministic);
    }

    @Test
    @Verdict(finding = "MM8")
    void mm8_unknownRejected_v5ViolatedFixedHolds() {
        Verdicts.opposite("MM8/UnknownRejected", AtomProgramsTest::unknownRejected);
    }
}
