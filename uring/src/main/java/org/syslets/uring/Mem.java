package org.syslets.uring;

import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;

/**
 * Raw access to memory shared with the kernel (the mmapped rings) and to plain native buffers. Every
 * accessor names its ordering, as liburing's {@code io_uring_smp_load_acquire}/{@code _store_release}
 * and JCTools' {@code lv}/{@code so}/{@code lp}/{@code sp} prefixes do:
 * <ul>
 *   <li>{@code loadAcquire} — a volatile load (at least acquire: no later load or store moves before it);</li>
 *   <li>{@code storeRelease} — an ordered store ({@code putOrderedInt}, i.e. release: no earlier load or
 *       store moves after it);</li>
 *   <li>{@code loadPlain}/{@code storePlain} — plain accesses, for memory only this thread touches at that
 *       moment (an SQE before its tail is published, a CQE slot between the acquire of the tail and the
 *       release of the head).</li>
 * </ul>
 * The kernel's side of each pairing is in io_uring/io_uring.c's header comment: it writes CQEs and then
 * {@code smp_store_release}s the CQ tail; user space must load the tail with acquire before reading the
 * entries, and store the head with release after it has read them.
 */
public final class Mem {
    static final sun.misc.Unsafe U = UserMemory.U;   // the runtime's one handle on raw memory

    private Mem() {
    }

    public static int loadAcquire(long addr) {
        return U.getIntVolatile(null, addr);
    }

    public static void storeRelease(long addr, int v) {
        U.putOrderedInt(null, addr, v);
    }

    public static int loadPlain(long addr) {
        return U.getInt(addr);
    }

    public static void storePlain(long addr, int v) {
        U.putInt(addr, v);
    }

    public static long loadPlainLong(long addr) {
        return U.getLong(addr);
    }

    public static void storePlainLong(long addr, long v) {
        U.putLong(addr, v);
    }

    public static int loadPlainByte(long addr) {
        return U.getByte(addr) & 0xff;
    }

    public static void storePlainByte(long addr, int v) {
        U.putByte(addr, (byte) v);
    }

    public static void storePlainShort(long addr, int v) {
        U.putShort(addr, (short) v);
    }

    public static int loadPlainShort(long addr) {
        return U.getShort(addr) & 0xffff;
    }

    public static void zero(long addr, long len) {
        U.setMemory(addr, len, (byte) 0);
    }

    /** An anonymous private read-write mapping (zeroed by the kernel), unmapped by {@link #close}. */
    public static final class Buffer implements AutoCloseable {
        public final long addr;
        public final long len;
        private boolean closed;

        public Buffer(long len) {
            this.len = (len + 4095) & -4096L;
            long a = Sys.call(Sys.NR_MMAP, 0, this.len, UringAbi.PROT_READ | UringAbi.PROT_WRITE, 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);
            if (a < 0 && a > -4096) throw new IllegalStateException("mmap anonymous " + this.len + ": errno " + -a);
            this.addr = a;
        }

        @Override
        public void close() {
            if (closed) return;
            closed = true;
            Sys.call(Sys.NR_MUNMAP, addr, len);
        }
    }
}
