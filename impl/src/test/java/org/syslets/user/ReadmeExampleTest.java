package org.syslets.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;

/**
 * The README's runtime example, as a client that knows only the ABI and the entry points would write
 * it: a cached getpid, then a read on an empty pipe submitted with SYSLET_ASYNC from a plain thread
 * (not a registered head), completed into the ring after the pipe is written. Keeps the README true.
 */
class ReadmeExampleTest {
    @Test
    void theReadmeExampleRuns() {
        try (SysletKernel k = new SysletKernel(Design.FIXED); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(8);                                  // ring of 8 slots, new_thread_stack filled
            long pid = a.word(0);
            long atom = a.atom(0, Sys.NR_GETPID, pid, 0);
            assertThat(k.asyncExec(atom, ahu)).isEqualTo(atom); // cached: the final atom comes back
            assertThat(UserMemory.getLong(pid)).isEqualTo(ProcessHandle.current().pid());

            long fds = a.alloc(8, 8);                             // int fds[2], written by pipe2 via an atom
            assertThat(k.asyncExec(a.atom(0, Sys.NR_PIPE2, a.word(0), 0, a.word(fds), a.word(0)), ahu)).isNotNegative();
            long rfd = UserMemory.getInt(fds), wfd = UserMemory.getInt(fds + 4);
            long buf = a.alloc(16, 8), ret = a.word(-1);
            long slow = a.atom(Flags.ASYNC, Sys.NR_READ, ret, 0, a.word(rfd), a.word(buf), a.word(16));
            assertThat(k.asyncExec(slow, ahu)).as("went async").isZero();

            long msg = a.word(0x0a21_6f6c_6c65_68L);             // "hello!\n" little endian
            k.asyncExec(a.atom(0, Sys.NR_WRITE, a.word(0), 0, a.word(wfd), a.word(msg), a.word(7)), ahu);
            assertThat(k.asyncWait(1, 0, ahu)).isZero();          // sleeps until the completion is posted
            assertThat(new RingReaper(ahu).reap()).isEqualTo(slow);
            assertThat(UserMemory.getLong(ret)).isEqualTo(7);
            k.asyncExec(a.atom(0, Sys.NR_CLOSE, 0, a.atom(0, Sys.NR_CLOSE, 0, 0, a.word(wfd)), a.word(rfd)), ahu);
        }
    }
}
