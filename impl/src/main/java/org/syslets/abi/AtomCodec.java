package org.syslets.abi;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * Encodes and decodes {@link Atom}s over the 80-byte v5 layout ({@link AtomLayout}).
 *
 * <p>All methods are relative: they start at the buffer's position and advance it by the number of
 * bytes they read or wrote. The byte order is a parameter; the buffer's own
 * {@link ByteBuffer#order()} is neither used nor changed. A method that would run past the limit
 * throws before touching anything: {@link BufferUnderflowException} on reads (where the kernel would
 * return {@code -EFAULT}), {@link BufferOverflowException} on writes.
 *
 * <p>Packing (MM10): the v1–v3 header promised "the kernel does not touch anything past the final
 * NULL argument pointer", so atoms can be packed [P fio syslet.h]; v5's {@code copy_uatom()}
 * nonetheless does {@code verify_read} over the whole 80 bytes [P Seed-MM]. {@link #decodePacked}
 * reads only the packed prefix; {@link #copyUatom}, the kernel's decode, applies whichever rule the design
 * follows ({@link #decodeAsKernel}: the same over a buffer).
 */
public final class AtomCodec {
    /** Bytes before {@code arg_ptr[0]}: flags, nr, ret_ptr, next. */
    public static final int HEADER_SIZE = AtomLayout.ARG_PTR;

    private AtomCodec() {
    }

    /** Writes all 80 bytes of {@code atom}. */
    public static void encode(Atom atom, ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        if (buf.remaining() < AtomLayout.SIZE) {
            throw new BufferOverflowException();
        }
        writeHeader(atom, buf, p, order);
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            ByteOrderAccess.putLong(buf, p + AtomLayout.argPtr(i), atom.argPtr(i), order);
        }
        ByteOrderAccess.putLong(buf, p + AtomLayout.PRIVATE, atom.priv(), order);
        buf.position(p + AtomLayout.SIZE);
    }

    /** Reads all 80 bytes, including the arguments after a NULL pointer and {@code private}. */
    public static Atom decode(ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        if (buf.remaining() < AtomLayout.SIZE) {
            throw new BufferUnderflowException();
        }
        long[] args = new long[AtomLayout.ARG_COUNT];
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            args[i] = ByteOrderAccess.getLong(buf, p + AtomLayout.argPtr(i), order);
        }
        Atom a = new Atom(ByteOrderAccess.getInt(buf, p + AtomLayout.FLAGS, order),
                ByteOrderAccess.getInt(buf, p + AtomLayout.NR, order),
                ByteOrderAccess.getLong(buf, p + AtomLayout.RET_PTR, order),
                ByteOrderAccess.getLong(buf, p + AtomLayout.NEXT, order),
                args,
                ByteOrderAccess.getLong(buf, p + AtomLayout.PRIVATE, order));
        buf.position(p + AtomLayout.SIZE);
        return a;
    }

    /**
     * Bytes a packed atom occupies: the header plus the argument pointers up to and including the
     * first NULL one (all six when none is NULL). {@code private} is never part of a packed atom.
     */
    public static int packedSize(Atom atom) {
        return packedSizeFor(atom.argCount());
    }

    /** {@link #packedSize} for an atom with {@code argCount} non-NULL argument pointers. */
    public static int packedSizeFor(int argCount) {
        if (argCount < 0 || argCount > AtomLayout.ARG_COUNT) {
            throw new IllegalArgumentException("argCount " + argCount);
        }
        return HEADER_SIZE + 8 * Math.min(AtomLayout.ARG_COUNT, argCount + 1);
    }

    /** Writes only the {@link #packedSize} prefix of {@code atom}. */
    public static void encodePacked(Atom atom, ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        int n = atom.argCount();
        int size = packedSizeFor(n);
        if (buf.remaining() < size) {
            throw new BufferOverflowException();
        }
        writeHeader(atom, buf, p, order);
        for (int i = 0; i < n; i++) {
            ByteOrderAccess.putLong(buf, p + AtomLayout.argPtr(i), atom.argPtr(i), order);
        }
        if (n < AtomLayout.ARG_COUNT) {
            ByteOrderAccess.putLong(buf, p + AtomLayout.argPtr(n), 0L, order);
        }
        buf.position(p + size);
    }

    /**
     * Reads the header and the argument pointers up to and including the first NULL one; the
     * remaining pointers and {@code priv} are 0. Needs only that many bytes to be available, so an
     * atom packed against the end of a mapping decodes. The result equals
     * {@code decode(full).kernelView()} for the same atom.
     */
    public static Atom decodePacked(ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        int lim = buf.limit();
        if (lim - p < HEADER_SIZE) {
            throw new BufferUnderflowException();
        }
        long[] args = new long[AtomLayout.ARG_COUNT];
        int end = p + HEADER_SIZE;
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            int at = p + AtomLayout.argPtr(i);
            if (lim - at < 8) {
                throw new BufferUnderflowException();
            }
            end = at + 8;
            long ptr = ByteOrderAccess.getLong(buf, at, order);
            if (ptr == 0) {
                break;
            }
            args[i] = ptr;
        }
        Atom a = new Atom(ByteOrderAccess.getInt(buf, p + AtomLayout.FLAGS, order),
                ByteOrderAccess.getInt(buf, p + AtomLayout.NR, order),
                ByteOrderAccess.getLong(buf, p + AtomLayout.RET_PTR, order),
                ByteOrderAccess.getLong(buf, p + AtomLayout.NEXT, order),
                args, 0L);
        buf.position(end);
        return a;
    }

    /**
     * Bytes that must be readable at the atom's address before {@code copy_uatom()} reads anything:
     * v5 checks the whole struct (80); with MM10 fixed, nothing is checked up front (0) and each
     * field read faults on its own, so a packed atom at the end of a mapping is fine.
     */
    public static int upfrontAccessCheck(Design d) {
        // Milton (MM10): "you call verify_read on the entire uatom ... violates your assertion that
        // userspace doesn't need the whole structure".
        return d.isFixed(Finding.MM10_PACKED_ATOMS) ? 0 : AtomLayout.SIZE;
    }

    /**
     * User memory as {@code copy_uatom()} reads it. {@link #resolve} makes {@code [addr, addr+len)}
     * readable and returns a base for the loads (0: that range faults); a base is good until the next
     * resolve. The kernel's task reads native memory through it; tests read a {@link ByteBuffer}.
     */
    public interface Memory {
        long resolve(long addr, int len);

        int loadInt(long base);

        long loadLong(long base);
    }

    /** Where {@link #copyUatom} puts the header: {@code hdr[FLAGS_AT] .. hdr[NEXT_AT]}. */
    public static final int FLAGS_AT = 0, NR_AT = 1, RET_PTR_AT = 2, NEXT_AT = 3, HEADER_WORDS = 4;

    /**
     * {@code copy_uatom()} of design {@code d}: the one decode of an atom, run by the kernel for
     * every atom and by the tests. Stores flags, nr, ret_ptr and next in {@code hdr} and the argument
     * pointers up to the first NULL one in {@code argPtr}; returns their count, or -1 where the kernel
     * returns {@code -EFAULT} (nothing of the atom may be used). Allocates nothing.
     */
    public static int copyUatom(Design d, Memory m, long uatom, long[] hdr, long[] argPtr) {
        long p = m.resolve(uatom, AtomLayout.SIZE);
        int argc = 0;
        if (p != 0) {
            // The whole 80-byte atom is readable (v5 requires this; fixed merely profits from it).
            header(m, p, hdr);
            for (; argc < AtomLayout.ARG_COUNT; argc++) {
                long a = m.loadLong(p + AtomLayout.argPtr(argc));
                if (a == 0) break;
                argPtr[argc] = a;
            }
            return argc;
        }
        // Milton (MM10): v5's copy_uatom verifies all 80 bytes, so a packed atom at the end of a
        // mapping is -EFAULT although the kernel would never read past its first NULL arg_ptr.
        if (upfrontAccessCheck(d) != 0) return -1;
        // Fixed (MM10): read the 24-byte header, then arg_ptr[i] one by one up to the first NULL.
        p = m.resolve(uatom, HEADER_SIZE);
        if (p == 0) return -1;
        header(m, p, hdr);
        for (; argc < AtomLayout.ARG_COUNT; argc++) {
            long q = m.resolve(uatom + AtomLayout.argPtr(argc), 8);
            if (q == 0) return -1;
            long a = m.loadLong(q);
            if (a == 0) break;
            argPtr[argc] = a;
        }
        return argc;
    }

    private static void header(Memory m, long p, long[] hdr) {
        hdr[FLAGS_AT] = m.loadInt(p + AtomLayout.FLAGS);
        hdr[NR_AT] = m.loadInt(p + AtomLayout.NR);
        hdr[RET_PTR_AT] = m.loadLong(p + AtomLayout.RET_PTR);
        hdr[NEXT_AT] = m.loadLong(p + AtomLayout.NEXT);
    }

    /**
     * What {@code copy_uatom()} of design {@code d} reads from the atom at the buffer's position
     * ({@link #copyUatom} over the buffer): the {@link Atom#kernelView()}. v5 first requires all 80
     * bytes (MM10); fixed requires only the packed prefix. Throws {@link BufferUnderflowException}
     * where the kernel returns {@code -EFAULT}. Advances the position past the bytes actually read.
     */
    public static Atom decodeAsKernel(Design d, ByteBuffer buf, ByteOrder order) {
        int pos = buf.position();
        long[] hdr = new long[HEADER_WORDS], args = new long[AtomLayout.ARG_COUNT];
        int argc = copyUatom(d, new BufferMemory(buf, order), BufferMemory.BASE + pos, hdr, args);
        if (argc < 0) throw new BufferUnderflowException();
        buf.position(pos + packedSizeFor(argc));
        return new Atom((int) hdr[FLAGS_AT], (int) hdr[NR_AT], hdr[RET_PTR_AT], hdr[NEXT_AT], args, 0L);
    }

    /** A buffer's [0, limit) as user memory at {@link #BASE} (so that no readable byte is at address 0). */
    private record BufferMemory(ByteBuffer buf, ByteOrder order) implements Memory {
        static final long BASE = 0x10000;

        @Override
        public long resolve(long addr, int len) {
            long off = addr - BASE;
            return off >= 0 && off + len <= buf.limit() ? addr : 0;
        }

        @Override
        public int loadInt(long base) {
            return ByteOrderAccess.getInt(buf, (int) (base - BASE), order);
        }

        @Override
        public long loadLong(long base) {
            return ByteOrderAccess.getLong(buf, (int) (base - BASE), order);
        }
    }

    private static void writeHeader(Atom atom, ByteBuffer buf, int p, ByteOrder order) {
        ByteOrderAccess.putInt(buf, p + AtomLayout.FLAGS, atom.flags(), order);
        ByteOrderAccess.putInt(buf, p + AtomLayout.NR, atom.nr(), order);
        ByteOrderAccess.putLong(buf, p + AtomLayout.RET_PTR, atom.retPtr(), order);
        ByteOrderAccess.putLong(buf, p + AtomLayout.NEXT, atom.next(), order);
    }
}
