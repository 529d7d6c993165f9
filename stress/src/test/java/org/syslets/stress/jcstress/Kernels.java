package org.syslets.stress.jcstress;

import org.syslets.abi.AtomLayout;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.kernel.Recording;
import org.syslets.kernel.StressAccess;
import org.syslets.linux.Sys;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.stress.NativePool;

/**
 * One runtime kernel per design for a whole JCStress fork (a kernel per sample would register two
 * native accessors per thread and sample for good). JCStress runs each test in its own fork, so a
 * test only ever touches the kernel of its design.
 */
final class Kernels {
    static final SysletKernel V5 = StressAccess.keepingEveryRing(new SysletKernel(Design.V5));
    static final SysletKernel FIXED = StressAccess.keepingEveryRing(new SysletKernel(Design.FIXED));

    private Kernels() {
    }

    /**
     * The kernel for {@code name}: "V5", "FIXED", or "FIXED-without-&lt;FINDING&gt;" — the fixed design
     * with one fix broken on purpose, to show that the fixed test's FORBIDDEN outcome fails the
     * build (docs/stress.md, "Teeth"). Read from the system property {@code syslets.stress.break}
     * only when a test asks for {@link #fixedOrBroken}.
     */
    static SysletKernel fixedOrBroken() {
        String b = System.getProperty("syslets.stress.break", "");
        if (b.isEmpty()) return FIXED;
        return BrokenHolder.K;
    }

    private static final class BrokenHolder {
        static final SysletKernel K = StressAccess.keepingEveryRing(new SysletKernel(
                Design.FIXED.without(Finding.valueOf(System.getProperty("syslets.stress.break")))));
    }

    /**
     * A fixed kernel that keeps state for one idle ring only: every new ring drops all the others
     * that are idle (no backlog, no sleeper), so any second ahu forces drops.
     */
    static SysletKernel droppingIdleRings() {
        return StressAccess.withIdleRingLimit(new SysletKernel(Design.FIXED), 1);
    }

    /**
     * Plants the runtime bug named by {@code -Dsyslets.stress.plant} ({@code Recording.Fault}; the
     * forks then need {@code -Dsyslets.trace=true}): teeth for the tests that race the runtime's own
     * code rather than a finding's fix (docs/stress.md).
     */
    static void plantIfAsked() {
        String plant = System.getProperty("syslets.stress.plant", "");
        if (!plant.isEmpty()) Recording.plant(Recording.Fault.valueOf(plant));
    }

    /** Writes a one-atom getpid syslet with ret_ptr = {@code ret} at atom slot 0 of block {@code i}. */
    static long getpidAtom(NativePool pool, int i, long ret) {
        long a = pool.atom(i, 0);
        UserMemory.putInt(a + AtomLayout.FLAGS, 0);
        UserMemory.putInt(a + AtomLayout.NR, Sys.NR_GETPID);   // a real syscall for atoms that must run
        UserMemory.putLong(a + AtomLayout.RET_PTR, ret);
        UserMemory.putLong(a + AtomLayout.NEXT, 0);
        for (int k = 0; k < AtomLayout.ARG_COUNT; k++) UserMemory.putLong(a + AtomLayout.argPtr(k), 0);
        return a;
    }
}
