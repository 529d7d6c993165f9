package org.syslets.linux;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * User memory and the emulated {@code copy_from_user}/{@code copy_to_user}.
 *
 * <p><b>Mechanism (decided from measurements, see docs/runtime.md).</b> Two paths:
 * <ul>
 *   <li><b>Registered regions</b>: memory the runtime mapped itself ({@link #map}: anonymous mmap with
 *   a PROT_NONE guard page on each side) and still holds. Accesses that lie entirely inside such a
 *   region are direct {@code Unsafe} loads and stores on the native address (a few ns). It is safe
 *   because the runtime owns the lifetime: {@link Region#unmap()} first removes the region from the
 *   registry, then waits for a grace period (every accessor that may have looked the region up has
 *   left its access section), and only then calls munmap. An atom that munmaps/mremaps/mprotects or
 *   MAP_FIXED-maps over a registered range makes the executor forget that range the same way before
 *   the real syscall runs.</li>
 *   <li><b>Every other address</b> (NULL, unmapped, guard page, kernel half, malloc'ed memory, a
 *   range straddling a region end): {@code process_vm_readv}/{@code process_vm_writev} on our own
 *   pid. The kernel validates the address: EFAULT or a short count, never a signal. No stale
 *   /proc/self/maps cache is ever trusted (a client could munmap after the cache was read). An
 *   accessor may refuse stores there ({@link Accessor#storesOutsideRegions}): the kernel's task
 *   stores only into mappings atoms made, never into the JVM's memory.</li>
 * </ul>
 *
 * <p><b>Grace periods.</b> Each thread that touches user memory from Java owns an {@link Accessor}
 * with a state word. The kernel's per-thread word (the kernel's task, {@code org.syslets.kernel.KTask}) doubles as the "in syscall #seq"
 * word used for blocking detection: RUNNING means "may be dereferencing registry pointers", every
 * other phase is quiescent. An accessor enters RUNNING with a full fence (volatile store or CAS)
 * before it reads the registry, so an unmapper that has published the new registry and then sees the
 * accessor quiescent knows the accessor will see the new registry on its next access.
 */
public final class UserMemory {
    public static final sun.misc.Unsafe U;
    public static final long PAGE = 4096;
    static final int PROT_NONE = 0, PROT_RW = 3, MAP_PRIVATE_ANON = 0x22;

    static {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            U = (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A mapping the runtime owns: [address, address + length), with guard pages around it. */
    public static final class Region {
        final long base;      // start of the whole mapping (leading guard page)
        final long start;     // first usable byte
        final long size;      // usable bytes (page multiple)
        final long mapLen;    // whole mapping including guards
        volatile boolean live = true;

        Region(long base, long size) {
            this.base = base;
            this.start = base + PAGE;
            this.size = size;
            this.mapLen = size + 2 * PAGE;
        }

        public long address() { return start; }
        public long length() { return size; }
        /** First byte after the usable range: the trailing PROT_NONE guard page. */
        public long end() { return start + size; }
        /** The leading PROT_NONE guard page. */
        public long guardBefore() { return base; }
        public long guardAfter() { return start + size; }

        /** Removes the region from the registry, waits for a grace period, then munmaps it. */
        public void unmap() {
            if (!live) return;
            forgetRange(base, mapLen);
            Sys.call(Sys.NR_MUNMAP, base, mapLen);
        }

        boolean covers(long addr, long len) {
            long off = addr - start;
            return Long.compareUnsigned(off, size) < 0 && Long.compareUnsigned(len, size - off) <= 0;
        }
    }

    /** Something that dereferences registered regions from Java and must be waited for by unmap. */
    public abstract static class Accessor {
        protected static final VarHandle WORD;
        static {
            try {
                WORD = MethodHandles.lookup().findVarHandle(Accessor.class, "word", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
        @SuppressWarnings("unused")
        volatile long word;
        /**
         * Native scratch: [0,16) local iovec, [16,32) remote iovec, [64, 64+SCRATCH) data,
         * [ARGS, ARGS+48) the six argument registers of the syscall being issued (Sys#call6).
         */
        final long scratch = allocate(ARGS + 48);
        Region cached;
        int cachedVersion = -1;

        protected Accessor() {
            register(this);
        }

        /** True once the thread that uses this accessor has ended (then the accessor can go). */
        protected abstract boolean ownerEnded();

        /** Frees the native scratch and stops taking part in grace periods (the owner is gone). Idempotent. */
        protected void releaseAccessor() {
            if (!unregister(this)) return;
            free(scratch, ARGS + 48);
        }

        /** True when a word value means "not dereferencing registered memory". */
        protected abstract boolean quiescent(long w);

        /**
         * Whether a store through this accessor may reach [addr, addr+len) outside every registered
         * region (process_vm_writev writes any writable byte of the process). User-side helpers: yes.
         */
        protected boolean storesOutsideRegions(long addr, int len) {
            return true;
        }

        public final long scratchData() { return scratch + 64; }

        public final long argBlock() { return scratch + ARGS; }
    }

    static final int SCRATCH = 128, ARGS = 64 + SCRATCH;
    static final CopyOnWriteArrayList<Accessor> ACCESSORS = new CopyOnWriteArrayList<>();
    private static final java.util.concurrent.atomic.AtomicLong NATIVE_BYTES = new java.util.concurrent.atomic.AtomicLong();

    /** Native memory the runtime allocated itself (scratch, detector buffers), counted for leak checks. */
    static long allocate(long bytes) {
        long p = U.allocateMemory(bytes);
        NATIVE_BYTES.addAndGet(bytes);
        return p;
    }

    static void free(long p, long bytes) {
        U.freeMemory(p);
        NATIVE_BYTES.addAndGet(-bytes);
    }

    /**
     * Bytes of native memory the runtime holds right now (every kernel together): per-thread scratch
     * and argument blocks, blocking-detector buffers. Not user memory ({@link #map}), and not the one
     * page of the syscall stub mapped once per JVM. Returns to its earlier value when the threads that
     * used the runtime have ended and their kernels are closed.
     */
    public static long nativeBytes() {
        return NATIVE_BYTES.get();
    }

    /*
     * Every use of ACCESSORS is inside a method of UserMemory itself, never in Accessor or KTask code:
     * the Lincheck tests treat UserMemory's methods as atomic steps (raw native memory is opaque to
     * Lincheck), so the model checker never snapshots the registry and never rolls it back between
     * invocations. A registry rolled back while its accessors' scratch stayed freed gave the sweep
     * the same accessors to free again (RingLincheckTest: glibc "malloc(): unsorted double linked
     * list corrupted", exit 134).
     */

    /** Adds a new accessor to the grace-period registry, after freeing those of ended threads. */
    static void register(Accessor a) {
        sweepDeadAccessors();
        ACCESSORS.add(a);
    }

    /** Removes an accessor from the registry; false if it was not there (already released). */
    static boolean unregister(Accessor a) {
        return ACCESSORS.remove(a);
    }

    /** Accessors whose thread has ended (user threads that touched user memory, then died) are freed. */
    public static void sweepDeadAccessors() {
        for (Accessor a : ACCESSORS) {
            if (a.ownerEnded()) a.releaseAccessor();
        }
    }
    private static volatile Region[] regions = new Region[0];
    private static volatile int version;
    private static final Object REGISTRY_LOCK = new Object();

    private UserMemory() {
    }

    /**
     * Maps {@code len} bytes (rounded up to pages) of zeroed read-write memory framed by two
     * PROT_NONE guard pages, and registers it for direct access.
     */
    public static Region map(long len) {
        if (len <= 0) throw new IllegalArgumentException("len " + len);
        long size = (len + PAGE - 1) & -PAGE;
        long base = Sys.call(Sys.NR_MMAP, 0, size + 2 * PAGE, PROT_RW, MAP_PRIVATE_ANON, -1, 0);
        if (base < 0 && base > -4096) throw new IllegalStateException("mmap: errno " + -base);
        check(Sys.call(Sys.NR_MPROTECT, base, PAGE, PROT_NONE), "mprotect");
        check(Sys.call(Sys.NR_MPROTECT, base + PAGE + size, PAGE, PROT_NONE), "mprotect");
        Region r = new Region(base, size);
        synchronized (REGISTRY_LOCK) {
            Region[] old = regions;
            Region[] nu = Arrays.copyOf(old, old.length + 1);
            nu[old.length] = r;
            Arrays.sort(nu, (a, b) -> Long.compare(a.start, b.start));
            regions = nu;
            version++;
        }
        return r;
    }

    private static void check(long r, String what) {
        if (r < 0) throw new IllegalStateException(what + ": errno " + -r);
    }

    /**
     * Forgets every registered region overlapping [addr, addr+len) and waits for a grace period, so
     * that no thread dereferences it any more. The caller must itself be quiescent.
     */
    public static void forgetRange(long addr, long len) {
        boolean removed = false;
        synchronized (REGISTRY_LOCK) {
            Region[] old = regions;
            Region[] nu = Arrays.stream(old).filter(r -> {
                boolean overlap = Long.compareUnsigned(r.base, addr + len) < 0
                        && Long.compareUnsigned(addr, r.base + r.mapLen) < 0;
                if (overlap) r.live = false;
                return !overlap;
            }).toArray(Region[]::new);
            if (nu.length != old.length) {
                regions = nu;
                version++;
                removed = true;
            }
        }
        if (removed) gracePeriod();
    }

    public static boolean overlapsRegistered(long addr, long len) {
        for (Region r : regions) {
            if (Long.compareUnsigned(r.base, addr + len) < 0 && Long.compareUnsigned(addr, r.base + r.mapLen) < 0) {
                return true;
            }
        }
        return false;
    }

    /** Waits until every accessor that was dereferencing has left that access section. */
    static void gracePeriod() {
        for (Accessor a : ACCESSORS) {
            long w = (long) Accessor.WORD.getVolatile(a);
            if (a.quiescent(w)) continue;
            while ((long) Accessor.WORD.getVolatile(a) == w) {
                Thread.yield();
            }
        }
    }

    /** The registered region covering [addr, addr+len), or null. Caller is in an access section. */
    public static Region lookup(Accessor a, long addr, long len) {
        Region c = a.cached;
        int v = version;
        if (c != null && a.cachedVersion == v && c.covers(addr, len)) return c;
        Region[] rs = regions;
        int lo = 0, hi = rs.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Region r = rs[mid];
            if (Long.compareUnsigned(addr, r.start) < 0) hi = mid - 1;
            else if (Long.compareUnsigned(addr - r.start, r.size) >= 0) lo = mid + 1;
            else {
                if (!r.covers(addr, len)) return null;
                a.cached = r;
                a.cachedVersion = v;
                return r;
            }
        }
        return null;
    }

    /**
     * copy_from_user of {@code len} (≤ {@link #SCRATCH}) bytes: returns an address the caller may read
     * {@code len} bytes from right away (the user address itself for registered memory, else the
     * accessor's scratch), or 0 on fault. The caller is in an access section.
     */
    public static long resolveRead(Accessor a, long uaddr, int len) {
        if (lookup(a, uaddr, len) != null) return uaddr;
        return vmRead(a, uaddr, len) ? a.scratchData() : 0;
    }

    static boolean vmRead(Accessor a, long uaddr, int len) {
        long s = a.scratch;
        U.putLong(s, s + 64);
        U.putLong(s + 8, len);
        U.putLong(s + 16, uaddr);
        U.putLong(s + 24, len);
        return Sys.call(Sys.NR_PROCESS_VM_READV, Sys.PID, s, 1, s + 16, 1, 0) == len;
    }

    static boolean vmWrite(Accessor a, long uaddr, int len) {
        if (!a.storesOutsideRegions(uaddr, len)) return false;
        long s = a.scratch;
        U.putLong(s, s + 64);
        U.putLong(s + 8, len);
        U.putLong(s + 16, uaddr);
        U.putLong(s + 24, len);
        return Sys.call(Sys.NR_PROCESS_VM_WRITEV, Sys.PID, s, 1, s + 16, 1, 0) == len;
    }

    /** copy_to_user of one u64; false on fault. The caller is in an access section. */
    public static boolean putUser(Accessor a, long uaddr, long value) {
        if (lookup(a, uaddr, 8) != null) {
            U.putLong(uaddr, value);
            return true;
        }
        U.putLong(a.scratchData(), value);
        return vmWrite(a, uaddr, 8);
    }

    /** copy_to_user of one u64 with release semantics (ring slot and index publication). */
    public static boolean putUserRelease(Accessor a, long uaddr, long value) {
        if (lookup(a, uaddr, 8) != null) {
            U.putLongVolatile(null, uaddr, value);
            return true;
        }
        // process_vm_writev is a system call: a full barrier on both sides.
        U.putLong(a.scratchData(), value);
        return vmWrite(a, uaddr, 8);
    }

    /** get_user of one u64 into {@code out[0]}; false on fault. */
    public static boolean getUser(Accessor a, long uaddr, long[] out) {
        long p = resolveRead(a, uaddr, 8);
        if (p == 0) return false;
        out[0] = U.getLong(p);   // the region itself or the scratch copy: the same load
        return true;
    }

    /** get_user with acquire semantics (the kernel reading a slot the user clears). */
    public static boolean getUserAcquire(Accessor a, long uaddr, long[] out) {
        if (lookup(a, uaddr, 8) != null) {
            out[0] = U.getLongVolatile(null, uaddr);
            return true;
        }
        if (!vmRead(a, uaddr, 8)) return false;
        out[0] = U.getLong(a.scratchData());
        return true;
    }

    /** Whether [uaddr, uaddr+len) is directly accessible (inside a live registered region). */
    public static boolean isRegistered(long uaddr, long len) {
        for (Region r : regions) if (r.covers(uaddr, len)) return true;
        return false;
    }

    // ------------------------------------------------------------------ user-side helpers

    /** The accessor user-space helpers (reaper, builders, tests) use on a thread. */
    static final class UserAccessor extends Accessor {
        /**
         * The owner's kernel thread id, not its Thread: static state must not reach Thread objects
         * (Lincheck's model checker walks it). A reused tid only delays the sweep; a live owner's
         * tid always exists, so a live accessor is never freed.
         */
        private final int tid = Sys.gettid();

        @Override
        protected boolean ownerEnded() {
            // tid 0: still in Accessor's constructor (already in the registry, tid not yet set). Taken
            // for ended (there is no /proc/self/task/0), another thread's sweep freed the scratch of an
            // accessor about to be used: a use after free of native memory.
            int id = tid;
            return id != 0 && !java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/task/" + id));
        }

        @Override
        protected boolean quiescent(long w) {
            return (w & 1) == 0;
        }

        void enter() {
            WORD.setVolatile(this, word + 1);   // odd: active; full fence before the registry is read
        }

        void exit() {
            WORD.setRelease(this, word + 1);
        }
    }

    private static final ThreadLocal<UserAccessor> USER = ThreadLocal.withInitial(UserAccessor::new);

    /** User-space load of a u64 (acquire). Throws {@link UserFault} on a bad address. */
    public static long getLong(long uaddr) {
        UserAccessor a = USER.get();
        a.enter();
        try {
            if (lookup(a, uaddr, 8) != null) return U.getLongVolatile(null, uaddr);
            if (!vmRead(a, uaddr, 8)) throw new UserFault(uaddr);
            return U.getLong(a.scratchData());
        } finally {
            a.exit();
        }
    }

    /** User-space store of a u64 (release). Throws {@link UserFault} on a bad address. */
    public static void putLong(long uaddr, long value) {
        UserAccessor a = USER.get();
        a.enter();
        try {
            if (!putUserRelease(a, uaddr, value)) throw new UserFault(uaddr);
        } finally {
            a.exit();
        }
    }

    /** User-space store of a u32. Throws {@link UserFault} on a bad address. */
    public static void putInt(long uaddr, int value) {
        UserAccessor a = USER.get();
        a.enter();
        try {
            if (lookup(a, uaddr, 4) != null) {
                U.putInt(uaddr, value);
                return;
            }
            U.putInt(a.scratchData(), value);
            if (!vmWrite(a, uaddr, 4)) throw new UserFault(uaddr);
        } finally {
            a.exit();
        }
    }

    /** User-space load of a u32. Throws {@link UserFault} on a bad address. */
    public static int getInt(long uaddr) {
        UserAccessor a = USER.get();
        a.enter();
        try {
            long p = resolveRead(a, uaddr, 4);
            if (p == 0) throw new UserFault(uaddr);
            return U.getInt(p);
        } finally {
            a.exit();
        }
    }

    /** Thrown by the user-space helpers when user space itself touches a bad address. */
    public static final class UserFault extends RuntimeException {
        public UserFault(long addr) {
            super("user-space access to bad address 0x" + Long.toHexString(addr));
        }
    }
}
