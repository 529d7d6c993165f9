package org.syslets.abi;

import java.util.Arrays;
import java.util.Objects;

/**
 * The contents of one v5 {@code struct syslet_uatom} (layout in {@link AtomLayout}), as plain
 * values. {@code argPtr} holds the six {@code arg_ptr[]} words, each the user address of an
 * argument word (v5 arguments are indirect). {@code priv} is the user cookie at offset 72, which the
 * kernel never reads.
 *
 * <p>The array is copied on the way in and on the way out, so an Atom is immutable; equality and
 * hash code are by content.
 *
 * <p>{@code nr} is a full u32 as in v5. Milton (MM15) asked whether a u16 number plus 16 reserved
 * bits would serve better; that is a design note only, not modelled here.
 */
public record Atom(int flags, int nr, long retPtr, long next, long[] argPtr, long priv) {

    public Atom {
        Objects.requireNonNull(argPtr, "argPtr");
        if (argPtr.length != AtomLayout.ARG_COUNT) {
            throw new IllegalArgumentException("argPtr must have " + AtomLayout.ARG_COUNT + " entries, got "
                    + argPtr.length);
        }
        argPtr = argPtr.clone();
    }

    /** A copy of the six argument pointers. */
    @Override
    public long[] argPtr() {
        return argPtr.clone();
    }

    /** {@code arg_ptr[i]} without copying the array. */
    public long argPtr(int i) {
        return argPtr[i];
    }

    /**
     * How many argument pointers precede the first NULL one (6 when none is NULL). The kernel reads
     * exactly these arguments; the rest are 0.
     */
    public int argCount() {
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            if (argPtr[i] == 0) {
                return i;
            }
        }
        return AtomLayout.ARG_COUNT;
    }

    /**
     * The atom as the kernel reads it: argument pointers after the first NULL one are 0, and
     * {@code priv} is 0 because the kernel never reads it. A packed atom decodes to exactly this.
     */
    public Atom kernelView() {
        long[] a = new long[AtomLayout.ARG_COUNT];
        System.arraycopy(argPtr, 0, a, 0, argCount());
        return new Atom(flags, nr, retPtr, next, a, 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Atom a && a.flags == flags && a.nr == nr && a.retPtr == retPtr && a.next == next
                && a.priv == priv && Arrays.equals(a.argPtr, argPtr);
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(flags, nr, retPtr, next, priv);
        return 31 * h + Arrays.hashCode(argPtr);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Atom[flags=0x").append(Integer.toHexString(flags))
                .append(", nr=").append(Integer.toUnsignedString(nr))
                .append(", retPtr=0x").append(Long.toHexString(retPtr))
                .append(", next=0x").append(Long.toHexString(next))
                .append(", argPtr=[");
        for (int i = 0; i < argPtr.length; i++) {
            sb.append(i == 0 ? "0x" : ", 0x").append(Long.toHexString(argPtr[i]));
        }
        return sb.append("], priv=0x").append(Long.toHexString(priv)).append(']').toString();
    }
}
