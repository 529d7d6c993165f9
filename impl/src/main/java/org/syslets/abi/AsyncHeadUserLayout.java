package org.syslets.abi;

/**
 * Byte layout of the v5/v6 {@code struct async_head_user}: eight u64 fields, 64 bytes.
 * kernel_ring_idx is written by the kernel and wraps to 0 at the ring end (as in v5);
 * user_ring_idx is a user convention the kernel never reads (the user passes its index to
 * async_wait); new_thread_stack is zeroed by the kernel when it uses it and refilled by user space.
 */
public final class AsyncHeadUserLayout {
    public static final int KERNEL_RING_IDX = 0;
    public static final int USER_RING_IDX = 8;
    public static final int COMPLETION_RING = 16;
    public static final int RING_SIZE_BYTES = 24;
    public static final int HEAD_STACK = 32;
    public static final int HEAD_IP = 40;
    public static final int NEW_THREAD_STACK = 48;
    public static final int NEW_THREAD_IP = 56;
    public static final int SIZE = 64;
    /** Width of one completion-ring slot (a u64 atom address) in this 64-bit emulation. */
    public static final int RING_SLOT_SIZE = 8;
    /**
     * Davide Libenzi's copy-out completions: {@code completion_ring = NULL} together with
     * {@code ring_size_bytes = ASYNC_HEAD_COPYOUT} (all ones) selects the kernel-owned completion
     * queue for this head, reaped with sys_async_wait_copyout (nr 518); no ring is shared. Two fields,
     * so a zeroed or a wild ahu stays a ring head (a NULL ring faults as before).
     */
    public static final long ASYNC_HEAD_COPYOUT = -1L;

    private AsyncHeadUserLayout() {
    }
}
