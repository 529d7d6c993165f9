package org.syslets.kernel;

final class SysletKernelSnapshots {
    private SysletKernelSnapshots() {
    }

    static KernelSnapshot.HeadState head(SysletKernel k, long id) {
        return k.snapshot().head(id);
    }
}
