package org.syslets.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syslets.abi.FlagDecoding.NextStep.FOLLOW_NEXT;
import static org.syslets.abi.FlagDecoding.NextStep.SKIP_LINEAR;
import static org.syslets.abi.FlagDecoding.NextStep.STOP;

import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/** One example per corner of the flag word, each run against V5 and FIXED with opposite verdicts. */
class FlagDecodingExamplesTest {
    private static final int EINVAL = -Errno.EINVAL;

    @Test
    void singleStopBitsMeanWhatSyslet_hSays() {
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NONZERO, 5)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NONZERO, -5)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NONZERO, 0)).isEqualTo(FOLLOW_NEXT);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_ZERO, 0)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_ZERO, 1)).isEqualTo(FOLLOW_NEXT);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NEGATIVE, -1)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NEGATIVE, 0)).isEqualTo(FOLLOW_NEXT);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NON_POSITIVE, 0)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NON_POSITIVE, Long.MIN_VALUE)).isEqualTo(STOP);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_NON_POSITIVE, 1)).isEqualTo(FOLLOW_NEXT);
            assertThat(FlagDecoding.nextStep(d, Flags.STOP_ON_ZERO | Flags.SKIP_TO_NEXT_ON_STOP, 0))
                    .isEqualTo(SKIP_LINEAR);
            assertThat(FlagDecoding.nextStep(d, Flags.SKIP_TO_NEXT_ON_STOP, 0)).isEqualTo(FOLLOW_NEXT);
            assertThat(FlagDecoding.nextStep(d, 0, -1)).isEqualTo(FOLLOW_NEXT);
            for (int w = 0; w <= Flags.KNOWN_MASK; w++) {
                if (Integer.bitCount(w & Flags.STOP_MASK) <= 1 && (w & 3) != 3) {
                    assertThat(FlagDecoding.validate(d, w)).as("word 0x%x", w).isZero();
                }
            }
        }
    }

    @Test
    void twoStopBits_v5ContinuesWhereACondition_fires_fixedRejects() {
        // Milton (MM7): NEGATIVE|ZERO on ret = -1: STOP_ON_NEGATIVE fires, yet v5 takes the default branch.
        int w = Flags.STOP_ON_NEGATIVE | Flags.STOP_ON_ZERO;
        assertThat(FlagDecoding.validate(Design.V5, w)).isZero();
        assertThat(FlagDecoding.nextStep(Design.V5, w, -1)).isEqualTo(FOLLOW_NEXT);
        assertThat(FlagDecoding.nextStep(Design.V5, w, 0)).isEqualTo(FOLLOW_NEXT);
        assertThat(FlagDecoding.validate(Design.FIXED, w)).isEqualTo(EINVAL);
        assertThatThrownBy(() -> FlagDecoding.nextStep(Design.FIXED, w, -1))
                .isInstanceOf(IllegalArgumentException.class);
        // The switch is MM7 alone: fixing only MM8 leaves v5's decoding.
        assertThat(FlagDecoding.validate(Design.V5.with(Finding.MM8_UNKNOWN_FLAGS), w)).isZero();
        assertThat(FlagDecoding.validate(Design.V5.with(Finding.MM7_STOP_BITS), w)).isEqualTo(EINVAL);
    }

    @Test
    void unknownBit0x100_v5Ignores_fixedRejects() {
        // Milton (MM8): a future STOP_ON_ERROR at 0x100 would be silently ignored by a v5 kernel.
        int w = 0x100 | Flags.STOP_ON_ZERO;
        assertThat(FlagDecoding.validate(Design.V5, w)).isZero();
        assertThat(FlagDecoding.nextStep(Design.V5, w, 0)).isEqualTo(STOP);
        assertThat(FlagDecoding.validate(Design.FIXED, w)).isEqualTo(EINVAL);
        assertThat(FlagDecoding.validate(Design.V5.with(Finding.MM8_UNKNOWN_FLAGS), w)).isEqualTo(EINVAL);
        assertThat(FlagDecoding.validate(Design.V5.with(Finding.MM7_STOP_BITS), w)).isZero();
        assertThat(FlagDecoding.validate(Design.FIXED, 0x8000_0000)).isEqualTo(EINVAL);
        assertThat(FlagDecoding.validate(Design.V5, 0x8000_0000)).isZero();
    }

    @Test
    void asyncAndSyncTogether_v5Accepts_fixedRejects() {
        int w = Flags.ASYNC | Flags.SYNC;
        assertThat(FlagDecoding.validate(Design.V5, w)).isZero();
        assertThat(FlagDecoding.validate(Design.FIXED, w)).isEqualTo(EINVAL);
        assertThat(FlagDecoding.validate(Design.V5.with(Finding.MM7_STOP_BITS), w)).isEqualTo(EINVAL);
        assertThat(FlagDecoding.validate(Design.FIXED, Flags.ASYNC)).isZero();
        assertThat(FlagDecoding.validate(Design.FIXED, Flags.SYNC)).isZero();
    }
}
