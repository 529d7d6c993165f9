package org.syslets.kernel;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.design.Design;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A head's user code that throws ends the head, and the handle reports what it threw: the runtime
 * neither swallows a user failure nor counts it as its own (internalErrors stays 0).
 */
@Timeout(60)
class HeadFailureTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void whatTheUserEntryThrowsIsTheHeadsFailure(Design d) throws Exception {
        try (SysletKernel k = new SysletKernel(d)) {
            IllegalStateException bug = new IllegalStateException("the user's own bug");
            SysletKernel.HeadHandle h = k.startHead(ret -> {
                throw bug;
            });
            assertThat(h.await(20, TimeUnit.SECONDS)).as("the head ended").isTrue();
            assertThat(h.failure()).isSameAs(bug);
            assertThat(k.snapshot().internalErrors()).isZero();

            SysletKernel.HeadHandle fine = k.startHead(ret -> { });
            assertThat(fine.await(20, TimeUnit.SECONDS)).isTrue();
            assertThat(fine.failure()).as("a head that returned normally").isNull();
        }
    }
}
