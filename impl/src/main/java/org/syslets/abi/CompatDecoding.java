package org.syslets.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * What a kernel sees when 32-bit code meets the all-u64 v5 ABI (Milton, MM4 and MM5). Pure functions
 * over a {@link ByteBuffer} that stands for user memory; no allocation, the buffer's position and
 * order are untouched, offsets are absolute. Reading past the limit throws
 * {@link IndexOutOfBoundsException} (the caller's {@code -EFAULT}); {@link #u64FieldReadWidth} and
 * {@link #compatArgReadWidth} say how many bytes each design touches, so a caller doing its own
 * {@code copy_from_user} knows the range to check.
 *
 * <p>In both situations the kernel's byte order is the caller's (a 32-bit kernel runs same-endian
 * user space; compat pairs such as i386/x86-64, ppc32/ppc64 and s390/s390x share an endianness),
 * so {@code callerOrder} is also the order of the kernel's native loads.
 */
public final class CompatDecoding {

    /** How a compat syscall handler widens a 32-bit argument word to a 64-bit register. */
    public enum Extension {
        /** {@code compat_long_t} and friends: sign-extended. */
        SIGNED,
        /** {@code compat_ulong_t}, {@code compat_size_t}, fds: zero-extended. */
        UNSIGNED,
        /**
         * {@code compat_uptr_t} through {@code compat_ptr()}: zero-extended, as on x86-64 and ppc64.
         * s390's 31-bit conversion (Milton mentions it) is not modelled.
         */
        POINTER
    }

    private static final long EINVAL = -Errno.EINVAL;

    private CompatDecoding() {
    }

    /** Bytes {@link #readU64Field} reads: v5 a native 32-bit word (4), fixed the whole u64 (8). */
    public static int u64FieldReadWidth(Design d) {
        // Milton (MM4): "you have to actually copy in u64 values and truncate them down".
        return d.isFixed(Finding.MM4_COMPAT_WORDS) ? 8 : 4;
    }

    /**
     * A u64 ABI field (a pointer or length in an atom or in {@code async_head_user}) as a 32-bit kernel
     * reads it, for a caller whose byte order is {@code callerOrder}.
     *
     * <p><b>Result encoding</b> (the kernel's own {@code IS_ERR} convention): a value in
     * {@code [0, 0xFFFF_FFFF]} is the 32-bit word the kernel uses, zero-extended; a negative result
     * is {@code -errno} (only {@code -EINVAL}). Both cannot collide because the kernel word is 32 bits
     * wide. Test with {@link #isError}.
     * <ul>
     *   <li>v5 ({@link Finding#MM4_COMPAT_WORDS} as posted): "having the kernel retrieve pointers and
     *       ulong" [P Seed-MM] — a native 32-bit load at the field's offset. By the C memory layout
     *       that is the low half of the u64 on little endian and the <em>high</em> half on big endian
     *       [I from the layout; the consequence is Milton's "broken on all 32bit big endian kernels"
     *       P]. The other half is never looked at, so a non-zero upper half is silently dropped on
     *       LE [I].</li>
     *   <li>fixed: read the u64 in the caller's order; "the check needs to be that the upper 32 bits
     *       are 0 or return -EINVAL" [P Seed-MM]; otherwise the truncated value.</li>
     * </ul>
     */
    public static long readU64Field(Design d, ByteBuffer buf, int offset, ByteOrder callerOrder) {
        if (d.isFixed(Finding.MM4_COMPAT_WORDS)) {
            long v = ByteOrderAccess.getLong(buf, offset, callerOrder);
            // Milton (MM4): "the upper 32 bits are 0 or return -EINVAL".
            return (v >>> 32) != 0 ? EINVAL : v;
        }
        // Milton (MM4): v5 loads a native 32-bit word at the u64's address: the high half on BE.
        return ByteOrderAccess.getInt(buf, offset, callerOrder) & 0xFFFF_FFFFL;
    }

    /** True when a {@link #readU64Field} result is {@code -errno} rather than a value. */
    public static boolean isError(long readU64FieldResult) {
        return readU64FieldResult < 0;
    }

    /** Bytes {@link #readCompatArg} reads through {@code arg_ptr}: v5 a kernel ulong (8), fixed a compat_ulong (4). */
    public static int compatArgReadWidth(Design d) {
        // Milton (MM5): compat handlers expect arguments already truncated to compat_ulong.
        return d.isFixed(Finding.MM5_COMPAT_TRUNCATION) ? 4 : 8;
    }

    /**
     * The 64-bit register the copy routine hands a compat syscall handler for one argument, on a
     * 64-bit kernel, when a 32-bit caller's {@code arg_ptr[i]} points at {@code offset} in {@code buf}
     * (the caller's native long: 4 bytes in {@code callerOrder}).
     * <ul>
     *   <li>v5 ({@link Finding#MM5_COMPAT_TRUNCATION} as posted): one shared {@code exec_uatom} reads
     *       {@code *(unsigned long *)arg_ptr} with the kernel's 64-bit long [I: reference §2.5 and
     *       Milton's "having the kernel retrieve pointers and ulong" P], i.e. 8 bytes: the caller's
     *       word plus the 4 bytes that follow it. On LE the caller's word is the low half and the
     *       neighbour's bytes become the upper half; on BE the caller's word lands in the upper half
     *       and the neighbour becomes the low half [I from the layout].</li>
     *   <li>fixed (Milton's "two copy functions", {@code compat_uatom} with {@code compat_ulong}):
     *       4 bytes in the caller's order, zero-extended — truncated to {@code compat_ulong} exactly
     *       as the compat syscall entry path would leave it [P Seed-MM].</li>
     * </ul>
     */
    public static long compatArgRegister(Design d, ByteBuffer buf, int offset, ByteOrder callerOrder) {
        if (!d.isFixed(Finding.MM5_COMPAT_TRUNCATION)) {
            // Milton (MM5): v5 hands un-truncated 64-bit words to handlers that expect compat_ulong.
            return ByteOrderAccess.getLong(buf, offset, callerOrder);
        }
        return ByteOrderAccess.getInt(buf, offset, callerOrder) & 0xFFFF_FFFFL;
    }

    /**
     * What a compat handler makes of the register it was given. Milton: the compat entry points
     * "assume that the arguments have been truncated to compat_ulong values by the syscall entry
     * path, and that they only need to do sign extension (and/or pointer conversion)" [P Seed-MM].
     * So a {@link Extension#SIGNED} handler sign-extends the low 32 bits of the register, and
     * {@link Extension#UNSIGNED} / {@link Extension#POINTER} handlers use the register as it is
     * (zero-extension is what the truncation already did; {@code compat_ptr()} is the identity on
     * x86-64 and ppc64) [I].
     */
    public static long handlerView(long register, Extension ext) {
        switch (ext) {
            case SIGNED:
                return (int) register;
            case UNSIGNED:
            case POINTER:
                return register;
            default:
                throw new IllegalArgumentException();
        }
    }

    /**
     * The argument value a compat handler of kind {@code ext} ends up using:
     * {@code handlerView(compatArgRegister(d, buf, offset, callerOrder), ext)}. Fixed, this is always
     * {@link #widen}{@code (callerWord, ext)}; v5 gets it wrong whenever the neighbouring 4 bytes
     * leak in: on LE for unsigned and pointer arguments when the neighbour is non-zero, on BE for
     * almost every word (a SIGNED handler even sign-extends the neighbour instead of the argument).
     */
    public static long readCompatArg(Design d, ByteBuffer buf, int offset, ByteOrder callerOrder, Extension ext) {
        return handlerView(compatArgRegister(d, buf, offset, callerOrder), ext);
    }

    /**
     * The value a handler expecting {@code ext} should work with for the caller's 32-bit word
     * {@code w}: sign-extended for {@link Extension#SIGNED}, zero-extended otherwise. The oracle for
     * {@link #readCompatArg}.
     */
    public static long widen(int w, Extension ext) {
        switch (ext) {
            case SIGNED:
                return w;
            case UNSIGNED:
            case POINTER:
                return w & 0xFFFF_FFFFL;
            default:
                throw new IllegalArgumentException();
        }
    }
}
