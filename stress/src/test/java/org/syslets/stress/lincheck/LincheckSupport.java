package org.syslets.stress.lincheck;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/** Shared Lincheck settings: 2 threads (2 cores), small scenarios, model checking only. */
final class LincheckSupport {
    private LincheckSupport() {
    }

    /**
     * Lincheck 3.7 cannot interpret {@code Unsafe} accesses to raw native addresses ("Failed to
     * determine unsafe object access location"), so every user-memory access is one atomic step:
     * {@code UserMemory}'s methods and Unsafe itself are treated as atomic. Lincheck still switches
     * threads between two such steps (e.g. v5 umem_add's get_user and put_user) and at every Java
     * event of the runtime (locks, volatile fields, the task's state word, t.tmp).
     */
    static ModelCheckingOptions withOpaqueNativeMemory(ModelCheckingOptions o) {
        return o.addGuarantee(forClasses("org.syslets.linux.UserMemory", "sun.misc.Unsafe", "jdk.internal.misc.Unsafe",
                        "org.syslets.linux.Sys", "org.syslets.linux.BlockDetector")
                .allMethods().treatAsAtomic());
    }

    /**
     * {@code n} times the system property {@code syslets.lincheck.scale} (default 1): the test command
     * runs the light counts, the main job's long stress run 4 times as many (./syslets stress long).
     */
    static int scaled(int n) {
        return n * Math.max(1, Integer.getInteger("syslets.lincheck.scale", 1));
    }

    static ModelCheckingOptions options(Class<?> sequentialModel) {
        return withOpaqueNativeMemory(new ModelCheckingOptions())
                .iterations(10)
                .invocationsPerIteration(scaled(500))
                .threads(2)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(1)
                .sequentialSpecification(sequentialModel);
    }

    /**
     * {@link Design#FIXED}, or with one fix broken on purpose when the system property
     * {@code syslets.stress.break} names a {@link Finding} (docs/stress.md, "Teeth").
     */
    static Design fixedOrBroken() {
        String b = System.getProperty("syslets.stress.break", "");
        return b.isEmpty() ? Design.FIXED : Design.FIXED.without(Finding.valueOf(b));
    }
}
