package org.syslets.stress;

import java.util.concurrent.atomic.AtomicInteger;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.linux.UserMemory;
import org.syslets.user.UserArena;

/**
 * Real native user memory for stress samples: one runtime-registered region (guard pages around it,
 * direct Unsafe access in the runtime, exactly as {@link UserArena} gives the runtime tests) cut into
 * fixed blocks that are handed out round-robin. JCStress makes millions of state objects; mapping a
 * region per state would cost an mmap and a registry update each and leak registry entries, and the
 * kernel keeps one {@code CompletionRing} object per ahu address, so addresses must be reused.
 *
 * <p>A block holds an async_head_user (64 bytes), a ring of up to 8 slots, 8 user words and 3 atoms.
 * {@link #acquire} fails loudly (JCStress reports it as an error) if a block is handed out again
 * while its previous sample has not released it: the pool must be larger than the states JCStress
 * keeps alive at once (strideSize × strideCount, about 10 K in 0.16).
 */
public final class NativePool {
    public static final int BLOCK = 512;
    public static final int AHU = 0, RING = 64, WORDS = 128, ATOMS = 192;

    private final long base;
    private final int blocks;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger[] busy;

    public NativePool(int blocks) {
        this.blocks = blocks;
        this.base = UserArena.map((long) blocks * BLOCK + 64).alloc((long) blocks * BLOCK, 64);
        this.busy = new AtomicInteger[blocks];
        for (int i = 0; i < blocks; i++) busy[i] = new AtomicInteger();
    }

    /** A block for one sample: returns its index; fails if it is still in use. */
    public int acquire() {
        int i = Math.floorMod(next.getAndIncrement(), blocks);
        if (!busy[i].compareAndSet(0, 1)) {
            throw new IllegalStateException("NativePool: block " + i + " reused while its sample is live; enlarge the pool");
        }
        return i;
    }

    public void release(int i) {
        busy[i].set(0);
    }

    public long block(int i) {
        return base + (long) i * BLOCK;
    }

    public long ahu(int i) {
        return block(i) + AHU;
    }

    public long word(int i, int w) {
        return block(i) + WORDS + 8L * w;
    }

    public long atom(int i, int a) {
        return block(i) + ATOMS + 80L * a;
    }

    /**
     * Resets block {@code i}'s async_head_user to an empty ring of {@code slots} slots (K = U = 0,
     * every slot NULL, no spare token) and its words to 0.
     */
    public long resetAhu(int i, int slots) {
        long ahu = ahu(i), ring = block(i) + RING;
        for (int s = 0; s < 8; s++) UserMemory.putLong(ring + 8L * s, 0);
        for (int w = 0; w < 8; w++) UserMemory.putLong(word(i, w), 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.USER_RING_IDX, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, ring);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, 8L * slots);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.HEAD_STACK, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.HEAD_IP, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_IP, 0);
        return ahu;
    }

    /** Slot {@code s} of block {@code i}'s ring. */
    public long slot(int i, int s) {
        return block(i) + RING + 8L * s;
    }
}
