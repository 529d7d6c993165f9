package org.syslets.kernel;

import org.syslets.linux.UserMemory;

/** Addresses that must give -EFAULT, never a JVM crash. */
final class WildPointers {
    static final long KERNEL = 0xffff_8000_0000_0000L;
    private static long guard;

    private WildPointers() {
    }

    static synchronized long guardPage() {
        if (guard == 0) guard = UserMemory.map(4096).guardAfter();   // kept mapped for the JVM's life
        return guard;
    }

    /** A freshly munmapped address (fresh on each call: freed address space gets reused). */
    static long unmappedRegion() {
        UserMemory.Region r = UserMemory.map(3 * 4096);
        long addr = r.address() + 4096;
        r.unmap();
        return addr;
    }

    static long[] all() {
        return new long[] {0, guardPage(), unmappedRegion(), KERNEL, guardPage() - 4 /* straddles into the guard */};
    }
}
