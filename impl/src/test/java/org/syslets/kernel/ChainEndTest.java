package org.syslets.kernel;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.RingReaper;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a chain ends, as user space sees it: a chain that completed in the head's own call is counted
 * cached and returns its last atom; one handed to the background (SYSLET_ASYNC) returns 0 at once, is
 * not cached, and its completion is the last atom that ran — also when the next atom cannot even be
 * read (its address faults): the chain ends there, in the head with -EFAULT, in the background by
 * posting the atom before it.
 */
@Timeout(60)
class ChainEndTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aFaultingNextAtomEndsTheChainAtTheLastAtomThatRanInTheHeadAndInTheBackground(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4), unreadable = a.region().guardAfter();
            long r1 = a.word(-1), r2 = a.word(-1);
            long sync = a.atom(0, Sys.NR_GETPID, r1, unreadable);
            assertThat(k.asyncExec(sync, ahu)).as("head: the next atom faults").isEqualTo(-Errno.EFAULT);
            assertThat(UserMemory.getLong(r1)).isEqualTo(Sys.PID);
            long cached = k.snapshot().cached();

            long ok = a.atom(0, Sys.NR_GETPID, r1, 0);
            assertThat(k.asyncExec(ok, ahu)).isEqualTo(ok);
            assertThat(k.snapshot().cached()).as("a chain completed in the head is cached").isEqualTo(cached + 1);

            long async = a.atom(Flags.ASYNC, Sys.NR_GETPID, r2, unreadable);
            assertThat(k.asyncExec(async, ahu)).as("went async").isZero();
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(new RingReaper(ahu).reap()).as("the last atom that ran is the completion").isEqualTo(async);
            assertThat(UserMemory.getLong(r2)).isEqualTo(Sys.PID);
            assertThat(k.snapshot().cached()).as("a chain handed to the background is not cached").isEqualTo(cached + 1);
            assertThat(k.snapshot().internalErrors()).isZero();
        }
    }
}
