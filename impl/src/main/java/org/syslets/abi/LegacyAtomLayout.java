package org.syslets.abi;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The v1–v4 {@code struct syslet_uatom}, built from {@code unsigned long} and pointers, so its size
 * depends on the ABI: 44 bytes on ILP32 ("44 bytes on 32-bit", Seed-DL), 88 on LP64
 * [P fio a4f4fdd7 / bf0dc8fa syslet.h; reference §2.1.1]. Decode-only: it exists so tests can
 * contrast it with the fixed 80-byte v5 layout.
 * <pre>
 * flags ulong | nr ulong | ret_ptr ptr | next ptr | arg_ptr[6] ptr | private ptr   (11 words)
 * </pre>
 */
public enum LegacyAtomLayout {
    /** 32-bit user space: 4-byte words, 44 bytes. */
    ILP32(4),
    /** 64-bit user space: 8-byte words, 88 bytes. */
    LP64(8);

    private final int word;

    LegacyAtomLayout(int word) {
        this.word = word;
    }

    /** {@code sizeof(unsigned long)} of this ABI. */
    public int wordSize() {
        return word;
    }

    public int flagsOffset() {
        return 0;
    }

    public int nrOffset() {
        return word;
    }

    public int retPtrOffset() {
        return 2 * word;
    }

    public int nextOffset() {
        return 3 * word;
    }

    public int argPtrOffset(int i) {
        if (i < 0 || i >= AtomLayout.ARG_COUNT) {
            throw new IndexOutOfBoundsException(i);
        }
        return (4 + i) * word;
    }

    public int privateOffset() {
        return 10 * word;
    }

    /** {@code sizeof(struct syslet_uatom)}: 44 or 88; SKIP_TO_NEXT_ON_STOP jumped this far in v1–v4. */
    public int size() {
        return 11 * word;
    }

    /**
     * Decodes a full legacy atom at the buffer's position (advancing it by {@link #size()}) into the
     * v5 value type. Words are zero-extended (they are unsigned longs and pointers). On LP64 the
     * {@code flags} and {@code nr} words are 64 bits wide; a value that does not fit the v5 u32
     * field is rejected with {@link IllegalArgumentException} rather than silently truncated.
     */
    public Atom decode(ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        if (buf.remaining() < size()) {
            throw new BufferUnderflowException();
        }
        long flags = ByteOrderAccess.getWord(buf, p + flagsOffset(), word, order);
        long nr = ByteOrderAccess.getWord(buf, p + nrOffset(), word, order);
        if ((flags >>> 32) != 0 || (nr >>> 32) != 0) {
            throw new IllegalArgumentException("legacy flags/nr do not fit in 32 bits: flags=0x"
                    + Long.toHexString(flags) + " nr=0x" + Long.toHexString(nr));
        }
        long[] args = new long[AtomLayout.ARG_COUNT];
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            args[i] = ByteOrderAccess.getWord(buf, p + argPtrOffset(i), word, order);
        }
        Atom a = new Atom((int) flags, (int) nr,
                ByteOrderAccess.getWord(buf, p + retPtrOffset(), word, order),
                ByteOrderAccess.getWord(buf, p + nextOffset(), word, order),
                args,
                ByteOrderAccess.getWord(buf, p + privateOffset(), word, order));
        buf.position(p + size());
        return a;
    }
}
