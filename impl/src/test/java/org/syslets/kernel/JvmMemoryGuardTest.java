package org.syslets.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.abi.AtomLayout;
import org.syslets.abi.Errno;
import org.syslets.user.UserArena;

/**
 * An atom shares its process with the JVM: an address-space call (munmap, mprotect, madvise, mremap,
 * mmap with MAP_FIXED) on memory that is neither a region the runtime mapped nor a mapping an atom
 * made is the JVM's memory, and gets {@code -EFAULT}; the memory stays as it was. The fuzzer's
 * native heap corruption: a chain wrote a result over the next atom's syscall number (ret_ptr at any
 * byte of the arena), turning a whitelisted call into madvise/munmap/mmap on the pages next to the
 * arena -- whatever glibc or the JVM kept there. Process-state calls that would take the JVM's
 * signals, thread or limits away get {@code -EPERM}. Both counted in {@code jvmGuarded}.
 */
@Timeout(60)
class JvmMemoryGuardTest {
    static final long MADV_DONTNEED = 4, PROT_NONE = 0, MREMAP_MAYMOVE = 1, MAP_PRIVATE_ANON_FIXED = 0x32,
            MAP_PRIVATE_ANON = 0x22, MAP_FIXED_NOREPLACE = 0x100000, SENTINEL = 0x5157_5157_5157_5157L;

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void aChainThatRewritesItsNextSyscallNumberCannotWipeTheJvmsMemory(Design d) {
        long jvm = jvmStandIn();
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            int devNull = devNull(a);
            long buf = a.alloc(64, 8);
            // atom 2 as written: getpid with madvise's arguments; ret_ptr NULL
            long atom2 = a.atom(0, Sys.NR_GETPID, 0, 0, a.word(jvm), a.word(2 * UserMemory.PAGE), a.word(MADV_DONTNEED));
            // atom 1: write(/dev/null, buf, 28) = 28, stored over atom 2's nr (and the low half of its NULL ret_ptr)
            long atom1 = a.atom(0, Sys.NR_WRITE, atom2 + AtomLayout.NR, atom2, a.word(devNull), a.word(buf), a.word(Sys.NR_MADVISE));
            long guarded = k.snapshot().jvmGuarded();
            assertThat(k.asyncExec(atom1, a.ahu(4))).isEqualTo(atom2);
            assertThat(UserMemory.getInt(atom2 + AtomLayout.NR)).as("the chain chose its own syscall").isEqualTo(Sys.NR_MADVISE);
            assertThat(UserMemory.getLong(jvm)).as("the JVM's page after madvise(DONTNEED)").isEqualTo(SENTINEL);
            assertThat(UserMemory.getLong(jvm + UserMemory.PAGE)).isEqualTo(SENTINEL);
            assertThat(k.snapshot().jvmGuarded()).isEqualTo(guarded + 1);
            TestSupport.close(devNull);
        } finally {
            Sys.call(Sys.NR_MUNMAP, jvm, 3 * UserMemory.PAGE);
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void everyAddressSpaceCallOnTheJvmsMemoryIsEfaultAndTheMemoryStays(Design d) {
        long jvm = jvmStandIn();
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long page = UserMemory.PAGE;
            long[][] calls = {
                {Sys.NR_MADVISE, jvm, page, MADV_DONTNEED},
                {Sys.NR_MUNMAP, jvm + page, page},
                {Sys.NR_MPROTECT, jvm, page, PROT_NONE},
                {Sys.NR_MREMAP, jvm, page, 2 * page, MREMAP_MAYMOVE},
                {Sys.NR_MMAP, jvm, page, 3, MAP_PRIVATE_ANON_FIXED, -1, 0},
                // a range that starts in the arena's trailing guard page and runs into what follows it
                {Sys.NR_MADVISE, a.region().guardAfter(), 16 * page, MADV_DONTNEED},
                {Sys.NR_MUNMAP, a.region().guardAfter(), 16 * page},
            };
            for (long[] c : calls) {
                long r = a.word(0);
                long[] argPtrs = new long[c.length - 1];
                for (int i = 1; i < c.length; i++) argPtrs[i - 1] = a.word(c[i]);
                long atom = a.atom(0, (int) c[0], r, 0, argPtrs);
                assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
                assertThat(UserMemory.getLong(r)).as("nr %d on 0x%x", c[0], c[1]).isEqualTo(-Errno.EFAULT);
                for (int p = 0; p < 3; p++) assertThat(UserMemory.getLong(jvm + p * page)).isEqualTo(SENTINEL);
            }
            assertThat(UserMemory.isRegistered(a.region().address(), 8)).as("the arena is still user memory").isTrue();
        } finally {
            Sys.call(Sys.NR_MUNMAP, jvm, 3 * UserMemory.PAGE);
        }
    }

    /**
     * The runtime's guard pages are not the user's: every kernel copy the fuzzer aims at the end of
     * its arena stops in the trailing guard with EFAULT. A chain that renumbers itself (getrandom's
     * (ptr, len, flags) become mprotect's) opened the guard for the rest of the campaign, and every
     * later copy ran on into whatever the JVM mapped above it; unmapped or moved, it left a hole the
     * JVM's next mapping fills. An atom may change none of them: {@code -EFAULT}, the guard stays.
     */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void theRuntimesGuardPagesStayGuards(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long page = UserMemory.PAGE, after = a.region().guardAfter(), before = a.region().guardBefore();
            long[][] calls = {
                {Sys.NR_MPROTECT, after, page, 3 /* PROT_READ|PROT_WRITE */},
                {Sys.NR_MPROTECT, before, page, 3},
                {Sys.NR_MUNMAP, after, page},
                {Sys.NR_MREMAP, before, page, 2 * page, MREMAP_MAYMOVE},
                {Sys.NR_MMAP, after, page, 3, MAP_PRIVATE_ANON_FIXED, -1, 0},
                {Sys.NR_MUNMAP, before, a.region().length() + 2 * page},   // the whole mapping, guards and all
            };
            for (long[] c : calls) {
                long r = a.word(0);
                long[] argPtrs = new long[c.length - 1];
                for (int i = 1; i < c.length; i++) argPtrs[i - 1] = a.word(c[i]);
                long atom = a.atom(0, (int) c[0], r, 0, argPtrs);
                assertThat(k.asyncExec(atom, a.ahu(4))).isEqualTo(atom);
                assertThat(UserMemory.getLong(r)).as("nr %d on guard 0x%x", c[0], c[1]).isEqualTo(-Errno.EFAULT);
            }
            for (long g : new long[] {before, after}) {
                long r = a.word(0);
                long getrandom = a.atom(0, Sys.NR_GETRANDOM, r, 0, a.word(g), a.word(8), a.word(0));
                assertThat(k.asyncExec(getrandom, a.ahu(4))).isEqualTo(getrandom);
                assertThat(UserMemory.getLong(r)).as("a kernel copy into the guard at 0x%x", g).isEqualTo(-Errno.EFAULT);
                long probe = Sys.call(Sys.NR_MMAP, g, page, 0, MAP_PRIVATE_ANON | MAP_FIXED_NOREPLACE, -1, 0);
                if (probe >= 0) Sys.call(Sys.NR_MUNMAP, probe, page);
                assertThat(probe).as("the guard at 0x%x is still mapped", g).isEqualTo(-Errno.EEXIST);
            }
            assertThat(UserMemory.isRegistered(a.region().address(), 8)).as("the arena is still user memory").isTrue();
        }
    }

    /** Not too eager: what the runtime mapped, and what an atom mapped itself, an atom may still unmap. */
    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void userMemoryStaysTheAtomsToMapAndUnmap(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long page = UserMemory.PAGE;
            long mapped = a.word(0);
            long mmap = a.atom(0, Sys.NR_MMAP, mapped, 0, a.word(0), a.word(2 * page), a.word(3), a.word(MAP_PRIVATE_ANON),
                    a.word(-1), a.word(0));
            assertThat(k.asyncExec(mmap, a.ahu(4))).isEqualTo(mmap);
            long m = UserMemory.getLong(mapped);
            assertThat(m).as("mmap by an atom").isPositive();
            long r = a.word(-1);
            long madvise = a.atom(0, Sys.NR_MADVISE, r, 0, a.word(m), a.word(2 * page), a.word(MADV_DONTNEED));
            assertThat(k.asyncExec(madvise, a.ahu(4))).isEqualTo(madvise);
            assertThat(UserMemory.getLong(r)).isZero();
            long munmap = a.atom(0, Sys.NR_MUNMAP, r, 0, a.word(m), a.word(2 * page));
            assertThat(k.asyncExec(munmap, a.ahu(4))).isEqualTo(munmap);
            assertThat(UserMemory.getLong(r)).as("munmap of the atom's own mapping").isZero();
            // and once unmapped it is no user memory any more
            assertThat(k.asyncExec(munmap, a.ahu(4))).isEqualTo(munmap);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EFAULT);

            UserMemory.Region victim = UserMemory.map(2 * page);
            long unmapRegion = a.atom(0, Sys.NR_MUNMAP, r, 0, a.word(victim.address()), a.word(victim.length()));
            assertThat(k.asyncExec(unmapRegion, a.ahu(4))).isEqualTo(unmapRegion);
            assertThat(UserMemory.getLong(r)).as("munmap of a region the runtime mapped").isZero();
        }
    }

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void processStateCallsThatBelongToTheJvmAreEperm(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            long r = a.word(0);
            // kill(getpid(), 0): a mere probe, but a fuzzed signal number would hit the JVM itself
            long kill = a.atom(0, Sys.NR_KILL, r, 0, a.word(Sys.PID), a.word(0));
            assertThat(k.asyncExec(kill, a.ahu(4))).isEqualTo(kill);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EPERM);
            // arch_prctl(ARCH_GET_FS, &word): the SET variant would move the thread's TLS under the JVM
            long archPrctl = a.atom(0, Sys.NR_ARCH_PRCTL, r, 0, a.word(0x1003), a.word(a.word(0)));
            assertThat(k.asyncExec(archPrctl, a.ahu(4))).isEqualTo(archPrctl);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EPERM);
            // prctl: PR_SET_NAME (15) is refused, the number-only query PR_GET_NO_NEW_PRIVS (39) runs
            long setName = a.atom(0, Sys.NR_PRCTL, r, 0, a.word(15), a.word(a.cstring("guarded")));
            assertThat(k.asyncExec(setName, a.ahu(4))).isEqualTo(setName);
            assertThat(UserMemory.getLong(r)).isEqualTo(-Errno.EPERM);
            long query = a.atom(0, Sys.NR_PRCTL, r, 0, a.word(39), a.word(0), a.word(0), a.word(0), a.word(0));
            assertThat(k.asyncExec(query, a.ahu(4))).isEqualTo(query);
            assertThat(UserMemory.getLong(r)).as("PR_GET_NO_NEW_PRIVS: 0 or 1").isBetween(0L, 1L);
        }
    }

    /** Three pages the runtime did not map and no atom made: a stand-in for the JVM's own memory. */
    private static long jvmStandIn() {
        long jvm = Sys.call(Sys.NR_MMAP, 0, 3 * UserMemory.PAGE, 3, MAP_PRIVATE_ANON, -1, 0);
        assertThat(jvm).isPositive();
        for (int p = 0; p < 3; p++) UserMemory.putLong(jvm + p * UserMemory.PAGE, SENTINEL);
        return jvm;
    }

    private static int devNull(UserArena a) {
        int fd = (int) Sys.call(Sys.NR_OPEN, a.cstring("/dev/null"), 2);
        assertThat(fd).isNotNegative();
        return fd;
    }
}
