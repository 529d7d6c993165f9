package org.syslets.abi;

/**
 * Byte layout of the v5/v6 fixed-size {@code struct syslet_uatom}: 80 bytes, 8-byte aligned.
 * <pre>
 *  0 u32 flags      4 u32 nr        8 u64 ret_ptr    16 u64 next
 * 24 u64 arg_ptr[6] (indirect: each is the address of an argument word)
 * 72 u64 private    (user cookie, never touched by the kernel)
 * </pre>
 */
public final class AtomLayout {
    public static final int FLAGS = 0;
    public static final int NR = 4;
    public static final int RET_PTR = 8;
    public static final int NEXT = 16;
    public static final int ARG_PTR = 24;
    public static final int ARG_COUNT = 6;
    public static final int PRIVATE = 72;
    /** sizeof(struct syslet_uatom); SKIP_TO_NEXT_ON_STOP jumps this far. */
    public static final int SIZE = 80;

    /** Offset of {@code arg_ptr[i]}. */
    public static int argPtr(int i) {
        return ARG_PTR + 8 * i;
    }

    private AtomLayout() {
    }
}
