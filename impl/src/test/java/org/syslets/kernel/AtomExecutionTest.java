package org.syslets.kernel;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.results.junit.Verdict;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;
import static org.syslets.kernel.TestSupport.*;

/** Chains of real syscalls on the cached path: ret_ptr, stop, skip, follow; both designs. */
@Timeout(60)
class AtomExecutionTest {

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void singleGetpidIsCachedAndReturnsTheAtom(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ret = a.word(-1);
            long atom = a.atom(0, Sys.NR_GETPID, ret, 0);
            long ahu = a.ahu(4);
            assertThat(k.asyncExec(atom, ahu)).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).isEqualTo(Sys.PID);
            assertThat(k.snapshot().cached()).isEqualTo(1);
            // Cached syslets are not queued: the ring stays empty.
            assertThat(UserMemory.getLong(UserMemory.getLong(ahu + 16))).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void cachedPathRunsOnTheCallersOwnKernelThread(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ret = a.word(-1);
            long atom = a.atom(0, Sys.NR_GETTID, ret, 0);
            assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).isEqualTo(Sys.gettid());
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void stopOnNegativeEndsTheChainAtTheFailingAtom(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long r1 = a.word(-1), r2 = a.word(-1), r3 = a.word(77);
            long minus1 = a.word(-1);
            long third = a.atom(0, Sys.NR_GETPID, r3, 0);
            long second = a.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_CLOSE, r2, third, minus1);
            long first = a.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_GETPID, r1, second);
            assertThat(k.asyncExec(first, a.ahu(4))).isEqualTo(second);
            assertThat(UserMemory.getLong(r1)).isEqualTo(Sys.PID);
            assertThat(UserMemory.getLong(r2)).isEqualTo(-Errno.EBADF);
            assertThat(UserMemory.getLong(r3)).as("atom after the stop never ran").isEqualTo(77);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void retOfOneAtomFeedsTheNextThroughArgPtr(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long path = a.cstring("/dev/null");
            long pathPtr = a.word(path), oWronly = a.word(1), zero = a.word(0), seekSet = a.word(0);
            long buf = a.cstring("hello"), bufPtr = a.word(buf), len = a.word(5);
            long fd = a.word(-1), wrote = a.word(-1), off = a.word(-1), closed = a.word(-1);
            long close = a.atom(0, Sys.NR_CLOSE, closed, 0, fd);
            long lseek = a.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_LSEEK, off, close, fd, zero, seekSet);
            long write = a.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_WRITE, wrote, lseek, fd, bufPtr, len);
            long open = a.atom(Flags.STOP_ON_NEGATIVE, Sys.NR_OPEN, fd, write, pathPtr, oWronly);
            assertThat(k.asyncExec(open, a.ahu(4))).isEqualTo(close);
            assertThat(UserMemory.getLong(fd)).isGreaterThanOrEqualTo(0);
            assertThat(UserMemory.getLong(wrote)).isEqualTo(5);
            assertThat(UserMemory.getLong(off)).isZero();
            assertThat(UserMemory.getLong(closed)).isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void pipeWriteThenReadInOneChain(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]), wfd = a.word(p[1]);
            long src = a.cstring("syslet"), dst = a.alloc(16, 8);
            long srcP = a.word(src), dstP = a.word(dst), six = a.word(6), sixteen = a.word(16);
            long wr = a.word(-1), rd = a.word(-1);
            long read = a.atom(0, Sys.NR_READ, rd, 0, rfd, dstP, sixteen);
            long write = a.atom(Flags.STOP_ON_NON_POSITIVE, Sys.NR_WRITE, wr, read, wfd, srcP, six);
            assertThat(k.asyncExec(write, a.ahu(4))).isEqualTo(read);
            assertThat(UserMemory.getLong(wr)).isEqualTo(6);
            assertThat(UserMemory.getLong(rd)).isEqualTo(6);
            assertThat(UserMemory.getLong(dst) & 0xFFFF_FFFF_FFFFL).isEqualTo(UserMemory.getLong(src) & 0xFFFF_FFFF_FFFFL);
            close(p);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void skipToNextOnStopJumpsOneFullAtom(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long minus1 = a.word(-1), rA = a.word(0), rB = a.word(0), rX = a.word(0);
            long x = a.atom(0, Sys.NR_GETPID, rX, 0);
            // A and B adjacent: B = A + 80.
            long atomA = a.atom(Flags.STOP_ON_NEGATIVE | Flags.SKIP_TO_NEXT_ON_STOP, Sys.NR_CLOSE, rA, x, minus1);
            long atomB = a.atom(0, Sys.NR_GETPID, rB, 0);
            assertThat(atomB).isEqualTo(atomA + 80);
            assertThat(k.asyncExec(atomA, a.ahu(4))).isEqualTo(atomB);
            assertThat(UserMemory.getLong(rA)).isEqualTo(-Errno.EBADF);
            assertThat(UserMemory.getLong(rB)).isEqualTo(Sys.PID);
            assertThat(UserMemory.getLong(rX)).as("next was not followed").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void stopOnZeroAndNonzero(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long devnull = a.word(0), r1 = a.word(-1), r2 = a.word(-1);
            int[] p = a.pipe(0);
            long rfd = a.word(p[0]);
            // lseek on a pipe is -ESPIPE (nonzero) → STOP_ON_NONZERO stops.
            long second = a.atom(0, Sys.NR_GETPID, r2, 0);
            long first = a.atom(Flags.STOP_ON_NONZERO, Sys.NR_LSEEK, r1, second, rfd, devnull, devnull);
            assertThat(k.asyncExec(first, a.ahu(4))).isEqualTo(first);
            assertThat(UserMemory.getLong(r1)).isEqualTo(-29 /* ESPIPE */);
            assertThat(UserMemory.getLong(r2)).isEqualTo(-1);
            close(p);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void syscallNumberBeyondTheTableIsEnosys(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long r = a.word(0);
            long atom = a.atom(0, SysletKernel.TABLE_SIZE, r, 0);
            assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.ENOSYS);
            long atom2 = a.atom(0, -1, r, 0);   // u32 0xffffffff
            assertThat(k.asyncExec(atom2, a.ahu(4))).isEqualTo(atom2);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.ENOSYS);
        }
    }

    @Test
    @Verdict(finding = "MM8")
    void unknownFlagBitIsIgnoredByV5AndRejectedByFixed() {   // Milton (MM8)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r = a.word(0);
                long atom = a.atom(0x4000, Sys.NR_GETPID, r, 0);
                assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
                if (d == Design.V5) assertThat(UserMemory.getLong(r)).isEqualTo(Sys.PID);
                else assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EINVAL);
            }
        }
    }

    @Test
    @Verdict(finding = "MM7")
    void twoStopBitsFallThroughInV5AndAreRejectedByFixed() {   // Milton (MM7)
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
                long r1 = a.word(0), r2 = a.word(0), minus1 = a.word(-1);
                long second = a.atom(0, Sys.NR_GETPID, r2, 0);
                long first = a.atom(Flags.STOP_ON_NEGATIVE | Flags.STOP_ON_NONZERO, Sys.NR_CLOSE, r1, second, minus1);
                long fin = k.asyncExec(first, a.ahu(4));
                if (d == Design.V5) {
                    // default branch: "no stop condition" although ret < 0 and ret != 0
                    assertThat(fin).isEqualTo(second);
                    assertThat(UserMemory.getLong(r1)).isEqualTo(-Errno.EBADF);
                    assertThat(UserMemory.getLong(r2)).isEqualTo(Sys.PID);
                } else {
                    assertThat(fin).isEqualTo(first);
                    assertThat(UserMemory.getLong(r1)).isEqualTo(-Errno.EINVAL);
                    assertThat(UserMemory.getLong(r2)).isZero();
                }
            }
        }
    }

    /**
     * SYSLET_ASYNC goes async before anything of the atom runs, even when its argument cannot be read:
     * the -EFAULT is the atom's result, delivered through the ring (found by AtomProgramsTest with
     * 1000 tries: the runtime used to fetch the arguments first and return cached).
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void asyncAtomWithAWildArgumentGoesAsyncAndPostsItsEfault(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long ahu = a.ahu(4);
            long ret = a.word(0);
            long atom = a.atom(Flags.ASYNC, Sys.NR_CLOSE, ret, 0, 8 /* arg_ptr into page 0 */);
            assertThat(k.asyncExec(atom, ahu)).as("went async").isZero();
            assertThat(k.asyncWait(1, 0, ahu)).isZero();
            assertThat(new org.syslets.user.RingReaper(ahu).reap()).isEqualTo(atom);
            assertThat(UserMemory.getLong(ret)).isEqualTo(-Errno.EFAULT);
        }
    }
}
