package org.syslets.kernel;


import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Trace recording is off in every JVM but the trace/ module's (docs/trace-validation.md): the
 * switch is a static final false here, recordings and planted bugs cannot be started, and the ring
 * behaves as before (posts, reaps, waits).
 */
class RecordingOffTest {

    @Test
    void recordingAndFaultInjectionAreUnavailableWithoutTheSwitch() {
        assertThat(Recording.ON).as("impl's tests run without -Dsyslets.trace=true").isFalse();
        assertThatThrownBy(Recording::start).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> Recording.plant(Recording.Fault.POST_OVERWRITES)).isInstanceOf(IllegalStateException.class);
        assertThat(Recording.faulty(Recording.Fault.NONE)).isFalse();
        assertThatThrownBy(() -> Recording.listen(e -> { })).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ringStepsRecordNothingWhenOff() {
        try (SysletKernel k = new SysletKernel(Design.FIXED); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(2);
            RingReaper r = new RingReaper(ahu);
            k.postFromKernel(ahu, 0xA0);
            k.postFromKernel(ahu, 0xB0);
            assertThat(k.postFromKernel(ahu, 0xC0)).as("taken slot: backlog, never overwritten").isFalse();
            assertThat(r.reap()).isEqualTo(0xA0);
            assertThat(k.asyncWait(1, r.userIndex(), ahu)).isZero();
            assertThat(r.reap()).isEqualTo(0xB0);
            assertThat(r.reap()).isEqualTo(0xC0);
            assertThat(Recording.stop()).isEmpty();
        }
    }
}
