package org.syslets.stress.lincheck;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.junit.jupiter.api.extension.ExtendWith;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;

/**
 * Lincheck (model checking) of sys_umem_add against a sequential counter. The add runs in the real
 * runtime on a u64 of real, registered user memory.
 *
 * <p>UMEM-ATOMIC: v5's sys_umem_add is a read-then-write (get_user, add, put_user). Lincheck cannot
 * see the native load and store themselves (Unsafe on a raw address is not a shared-memory access
 * it tracks), but every user access in the runtime is bracketed by Java-visible events (the task's
 * state word, the region registry, the scratch array {@code t.tmp}) at which it may switch threads,
 * so it does find the interleaving read(0) | add+store(1) | store(1): two adds both return 1.
 * The fixed CAS loop is linearizable (checked in stress mode, see below).
 */
@ExtendWith(LincheckGaveUp.class)
class UmemAddLincheckTest {
    static final UserMemory.Region MEM = UserArena.map(4096).region();

    /** The shared word; every scenario starts from 0 (Lincheck runs one invocation at a time). */
    abstract static class UmemAddOps {
        final SysletKernel k;
        final long p = MEM.address();

        UmemAddOps(SysletKernel k) {
            this.k = k;
            UserMemory.putLong(p, 0);
        }

        @Operation
        public long add() {
            return k.umemAdd(p, 1);
        }

        @Operation
        public long get() {
            return UserMemory.getLong(p);
        }
    }

    /** The sequential model: a counter. */
    public static final class Counter {
        private long v;

        public long add() {
            return ++v;
        }

        public long get() {
            return v;
        }
    }

    public static final class V5 extends UmemAddOps {
        static final SysletKernel K = new SysletKernel(Design.V5);

        public V5() {
            super(K);
        }
    }

    public static final class Fixed extends UmemAddOps {
        static final SysletKernel K = new SysletKernel(LincheckSupport.fixedOrBroken());

        public Fixed() {
            super(K);
        }
    }

    @Test
    @Verdict(finding = "UMEM-ATOMIC", design = "v5", checker = "lincheck")
    void v5UmemAddIsNotLinearizable() {   // UMEM-ATOMIC: v5's sys_umem_add is a read-then-write
        Throwable t = catchThrowable(() -> LincheckSupport.options(Counter.class).check(V5.class));
        assertThat(t).as("Lincheck must find the lost update in v5 (if not, v5 was fixed by accident)")
                .isNotNull();
        String msg = t.getMessage();
        System.out.println("v5 umem_add, Lincheck's counterexample:\n" + msg);
        assertThat(msg).contains("Invalid execution results").contains("add(): 1").doesNotContain("add(): 2");
    }

    /**
     * Fixed: Lincheck's stress mode (real threads, no instrumentation). Model checking cannot run the
     * fixed path: its CAS is {@code Unsafe.compareAndSwapLong(null, addr, ..)} on a raw address inside
     * {@code SysletKernel.umemAdd} itself, which Lincheck 3.7 cannot interpret ("Failed to determine
     * unsafe object access location") and which a guarantee on UserMemory does not cover. The
     * JCStress test UmemAddFixed is the FORBIDDEN check for this fix (docs/stress.md).
     */
    @Test
    @Verdict(finding = "UMEM-ATOMIC", design = "fixed", checker = "lincheck")
    void fixedUmemAddIsLinearizable() {
        new StressOptions()
                .iterations(5)
                .invocationsPerIteration(LincheckSupport.scaled(300))
                .threads(2)
                .actorsPerThread(3)
                .sequentialSpecification(Counter.class)
                .check(Fixed.class);
    }

}
