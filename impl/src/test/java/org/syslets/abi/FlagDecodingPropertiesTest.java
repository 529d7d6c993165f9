package org.syslets.abi;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.syslets.abi.AbiGen.FALSIFY_SEED;
import static org.syslets.abi.AbiGen.falsified;
import static org.syslets.abi.AbiGen.smallest;

import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.syslets.abi.FlagDecoding.NextStep;
import org.syslets.design.Design;

/**
 * Flag-word properties (Milton MM7, MM8), each run against FIXED (must hold) and V5 (must be
 * falsified, with a shrunk counterexample that is checked to be the reviewer's case).
 */
class FlagDecodingPropertiesTest {
    private static final int EINVAL = -Errno.EINVAL;

    /** One flags word and one return value; the toString is what a failing run prints. */
    record FlagCase(int flags, long ret) {
        @Override
        public String toString() {
            return AbiGen.describeFlags(flags) + " ret=" + ret;
        }
    }

    /** The documented meaning of each stop bit (reference §2.2), bit by bit: no switch involved. */
    static boolean someSetConditionFires(int flags, long ret) {
        return ((flags & Flags.STOP_ON_NONZERO) != 0 && ret != 0)
                || ((flags & Flags.STOP_ON_ZERO) != 0 && ret == 0)
                || ((flags & Flags.STOP_ON_NEGATIVE) != 0 && ret < 0)
                || ((flags & Flags.STOP_ON_NON_POSITIVE) != 0 && ret <= 0);
    }

    static NextStep documented(int flags, long ret) {
        if (!someSetConditionFires(flags, ret)) {
            return NextStep.FOLLOW_NEXT;
        }
        return (flags & Flags.SKIP_TO_NEXT_ON_STOP) != 0 ? NextStep.SKIP_LINEAR : NextStep.STOP;
    }

    static Gen<FlagCase> knownCases() {
        return AbiGen.knownFlagWords().zip(AbiGen.rets(), FlagCase::new);
    }

    static Gen<FlagCase> anyCases() {
        return AbiGen.anyFlagWords().zip(AbiGen.rets(), FlagCase::new);
    }

    /** Property (MM7): an accepted word does what every one of its set stop bits says. */
    static void acceptedWordsHonourEverySetStopBit(Design d, long seed) {
        qt().withFixedSeed(seed).withExamples(2000).forAll(knownCases()).checkAssert(c -> {
            int v = FlagDecoding.validate(d, c.flags());
            assertThat(v).isIn(0, EINVAL);
            if (v == 0) {
                assertThat(FlagDecoding.nextStep(d, c.flags(), c.ret()))
                        .as("next step of an accepted word")
                        .isEqualTo(documented(c.flags(), c.ret()));
            }
        });
    }

    /** Property (MM8): an accepted word has no bit the ABI does not define. */
    static void acceptedWordsHaveOnlyKnownBits(Design d, long seed) {
        qt().withFixedSeed(seed).withExamples(2000).forAll(anyCases()).checkAssert(c -> {
            if (FlagDecoding.validate(d, c.flags()) == 0) {
                assertThat(c.flags() & ~Flags.KNOWN_MASK).as("unknown bits of an accepted word").isZero();
            }
        });
    }

    @Test
    @Verdict(finding = "MM7", design = "fixed")
    @Verdict(finding = "MM8", design = "fixed")
    void fixed_everyWordIsEinvalOrBehavesAsEachSetStopBitSays() {
        qt().forAll(anyCases()).checkAssert(c -> {
            int v = FlagDecoding.validate(Design.FIXED, c.flags());
            assertThat(v).isIn(0, EINVAL);
            if (v == 0) {
                int stop = c.flags() & Flags.STOP_MASK;
                assertThat(Integer.bitCount(stop)).isLessThanOrEqualTo(1);
                assertThat(c.flags() & ~Flags.KNOWN_MASK).isZero();
                assertThat(c.flags() & (Flags.ASYNC | Flags.SYNC)).isNotEqualTo(Flags.ASYNC | Flags.SYNC);
                assertThat(FlagDecoding.nextStep(Design.FIXED, c.flags(), c.ret()))
                        .isEqualTo(documented(c.flags(), c.ret()));
            }
        });
    }

    @Test
    @Verdict(finding = "MM7", design = "fixed")
    void fixed_acceptedWordsHonourEverySetStopBit() {
        acceptedWordsHonourEverySetStopBit(Design.FIXED, FALSIFY_SEED);
        acceptedWordsHonourEverySetStopBit(Design.FIXED, System.nanoTime());
    }

    @Test
    @Verdict(finding = "MM7", design = "v5")
    void v5_continuesWhereASetStopConditionFires() {
        String report = falsified(() -> acceptedWordsHonourEverySetStopBit(Design.V5, FALSIFY_SEED));
        String ex = smallest(report);
        System.out.println("MM7, v5 shrunk counterexample: " + ex);
        int flags = (int) AbiGen.hexField(ex, "flags");
        long ret = AbiGen.decField(ex, "ret");
        // The shrunk example is Milton's case: two stop bits, a set condition fires, v5 goes on.
        assertThat(Integer.bitCount(flags & Flags.STOP_MASK)).as(ex).isGreaterThanOrEqualTo(2);
        assertThat(someSetConditionFires(flags, ret)).as(ex).isTrue();
        assertThat(FlagDecoding.nextStep(Design.V5, flags, ret)).as(ex).isEqualTo(NextStep.FOLLOW_NEXT);
        assertThat(ex).contains("STOP_ON_");
    }

    @Test
    @Verdict(finding = "MM8", design = "fixed")
    void fixed_acceptedWordsHaveOnlyKnownBits() {
        acceptedWordsHaveOnlyKnownBits(Design.FIXED, FALSIFY_SEED);
        acceptedWordsHaveOnlyKnownBits(Design.FIXED, System.nanoTime());
    }

    @Test
    @Verdict(finding = "MM8", design = "v5")
    void v5_acceptsUnknownBits() {
        String ex = smallest(falsified(() -> acceptedWordsHaveOnlyKnownBits(Design.V5, FALSIFY_SEED)));
        System.out.println("MM8, v5 shrunk counterexample: " + ex);
        int flags = (int) AbiGen.hexField(ex, "flags");
        assertThat(flags & ~Flags.KNOWN_MASK).as(ex).isNotZero();
        assertThat(FlagDecoding.validate(Design.V5, flags)).isZero();
        assertThat(ex).contains("unknown:0x");
    }

    /**
     * Within one return-value class (negative, zero, positive) the step depends only on the class:
     * any ret decodes like the class representative -1, 0 or 1. Holds for both designs.
     */
    @Test
    void stepDependsOnlyOnTheSignOfRet() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            qt().forAll(anyCases()).checkAssert(c -> {
                if (FlagDecoding.validate(d, c.flags()) == 0) {
                    long rep = Long.signum(c.ret());
                    assertThat(FlagDecoding.nextStep(d, c.flags(), c.ret()))
                            .isEqualTo(FlagDecoding.nextStep(d, c.flags(), rep));
                }
            });
        }
    }

    /** Exhaustive over the 256 defined words and the three ret classes plus extremes. */
    @Test
    void exhaustiveOverKnownWords() {
        long[] rets = {Long.MIN_VALUE, -4095, -1, 0, 1, Long.MAX_VALUE};
        int v5Wrong = 0;
        int fixedRejected = 0;
        for (int w = 0; w <= Flags.KNOWN_MASK; w++) {
            for (long r : rets) {
                if (FlagDecoding.validate(Design.FIXED, w) == 0) {
                    assertThat(FlagDecoding.nextStep(Design.FIXED, w, r)).isEqualTo(documented(w, r));
                } else {
                    fixedRejected++;
                }
                assertThat(FlagDecoding.validate(Design.V5, w)).isZero();
                if (FlagDecoding.nextStep(Design.V5, w, r) != documented(w, r)) {
                    v5Wrong++;
                    assertThat(Integer.bitCount(w & Flags.STOP_MASK)).isGreaterThanOrEqualTo(2);
                }
            }
        }
        // 11 stop combinations with >= 2 bits, times 16 other-bit patterns, times 6 rets; plus
        // ASYNC|SYNC words with <= 1 stop bit: 5 * 4 (NO_COMPLETE, SKIP) * 6.
        assertThat(fixedRejected).isEqualTo(11 * 16 * 6 + 5 * 4 * 6);
        assertThat(v5Wrong).isPositive();
    }
}
