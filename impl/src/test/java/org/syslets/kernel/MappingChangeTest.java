package org.syslets.kernel;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.syslets.design.Design;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime forgets a registered region exactly when an atom's syscall changes the mapping under
 * it: an mmap with MAP_FIXED over it does; an mmap whose address is only a hint does not (the kernel
 * places the new mapping elsewhere, the region stays mapped and stays direct access).
 */
@Timeout(60)
class MappingChangeTest {
    static final long PROT_RW = 3, MAP_PRIVATE_ANON = 0x22, MAP_FIXED = 0x10;

    @ParameterizedTest
    @MethodSource("org.syslets.kernel.TestSupport#designs")
    void onlyAFixedMmapOverARegionForgetsIt(Design d) {
        try (SysletKernel k = new SysletKernel(d); UserArena a = UserArena.map(1 << 16)) {
            UserMemory.Region victim = UserMemory.map(2 * UserMemory.PAGE);
            UserMemory.putLong(victim.address(), 0x5157);
            long r = a.word(0), len = a.word(UserMemory.PAGE), prot = a.word(PROT_RW), fd = a.word(-1), off = a.word(0);
            long hinted = a.atom(0, Sys.NR_MMAP, r, 0, a.word(victim.address()), len, prot, a.word(MAP_PRIVATE_ANON), fd, off);
            assertThat(k.asyncExec(hinted, a.ahu(4))).isEqualTo(hinted);
            long placed = UserMemory.getLong(r);
            assertThat(placed).as("the kernel placed the hinted mapping").isPositive().isNotEqualTo(victim.address());
            assertThat(UserMemory.isRegistered(victim.address(), victim.length())).as("a hint changes no mapping").isTrue();
            assertThat(UserMemory.getLong(victim.address())).isEqualTo(0x5157);
            unmapByAtom(k, a, placed);   // by an atom: the runtime's record of atoms' mappings stays exact

            long fixed = a.atom(0, Sys.NR_MMAP, r, 0, a.word(victim.address()), len, prot,
                    a.word(MAP_PRIVATE_ANON | MAP_FIXED), fd, off);
            assertThat(k.asyncExec(fixed, a.ahu(4))).isEqualTo(fixed);
            assertThat(UserMemory.getLong(r)).as("MAP_FIXED maps at the address").isEqualTo(victim.address());
            assertThat(UserMemory.isRegistered(victim.address(), 8)).as("the mapping under the region changed").isFalse();
            assertThat(UserMemory.getLong(victim.address())).as("a fresh page").isZero();
            unmapByAtom(k, a, victim.address());
            Sys.call(Sys.NR_MUNMAP, victim.guardBefore(), victim.length() + 2 * UserMemory.PAGE);
        }
    }

    private static void unmapByAtom(SysletKernel k, UserArena a, long page) {
        long r = a.word(-1), munmap = a.atom(0, Sys.NR_MUNMAP, r, 0, a.word(page), a.word(UserMemory.PAGE));
        assertThat(k.asyncExec(munmap, a.ahu(4))).isEqualTo(munmap);
        assertThat(UserMemory.getLong(r)).isZero();
    }
}
