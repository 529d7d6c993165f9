package org.syslets.abi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FlagsTest {
    @Test
    void describeNamesEveryBitAndMarksUnknownOnes() {
        assertThat(Flags.describe(0)).isEmpty();
        assertThat(Flags.describe(Flags.ASYNC | Flags.STOP_ON_ZERO)).isEqualTo("ASYNC|STOP_ON_ZERO");
        assertThat(Flags.describe(Flags.SKIP_TO_NEXT_ON_STOP | 0x100 | 0x8000_0000))
                .isEqualTo("SKIP_TO_NEXT_ON_STOP|unknown:0x100|unknown:0x80000000");
    }
}
