package org.syslets.user;

import java.nio.charset.StandardCharsets;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.AtomLayout;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;

/**
 * A bump allocator over a runtime-mapped region (guard pages on both sides) for building atoms,
 * argument words, rings and async_head_user blocks in real native memory.
 */
public final class UserArena implements AutoCloseable {
    private final UserMemory.Region region;
    private long next;

    private UserArena(UserMemory.Region region) {
        this.region = region;
        this.next = region.address();
    }

    public static UserArena map(long bytes) {
        return new UserArena(UserMemory.map(bytes));
    }

    public UserMemory.Region region() {
        return region;
    }

    /** {@code len} zeroed bytes aligned to {@code align}. */
    public long alloc(long len, long align) {
        long p = (next + align - 1) & -align;
        if (p + len > region.end()) throw new IllegalStateException("arena full");
        next = p + len;
        return p;
    }

    /** A u64 user variable holding {@code value} (arguments are passed by pointer: arg_ptr). */
    public long word(long value) {
        long p = alloc(8, 8);
        UserMemory.putLong(p, value);
        return p;
    }

    /** A NUL-terminated UTF-8 string, written as little-endian words (x86-64). */
    public long cstring(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int words = b.length / 8 + 1;
        long p = alloc(8L * words, 8);
        for (int w = 0; w < words; w++) {
            long v = 0;
            for (int i = 0; i < 8 && w * 8 + i < b.length; i++) v |= (b[w * 8 + i] & 0xFFL) << (8 * i);
            UserMemory.putLong(p + 8L * w, v);
        }
        return p;
    }

    /** A real pipe made by pipe2(2) with {@code flags}: {read fd, write fd}. */
    public int[] pipe(int flags) {
        long fds = alloc(8, 8);
        long r = Sys.call(Sys.NR_PIPE2, fds, flags);
        if (r != 0) throw new IllegalStateException("pipe2: " + r);
        return new int[] {UserMemory.getInt(fds), UserMemory.getInt(fds + 4)};
    }

    /** An 80-byte atom. {@code argPtrs} are addresses of argument words (at most 6). */
    public long atom(int flags, int nr, long retPtr, long next, long... argPtrs) {
        long p = alloc(AtomLayout.SIZE, 8);
        writeAtom(p, flags, nr, retPtr, next, argPtrs);
        return p;
    }

    /** Writes an atom at {@code p} (any user address the caller owns). */
    public static void writeAtom(long p, int flags, int nr, long retPtr, long next, long... argPtrs) {
        if (argPtrs.length > AtomLayout.ARG_COUNT) throw new IllegalArgumentException("at most 6 args");
        UserMemory.putInt(p + AtomLayout.FLAGS, flags);
        UserMemory.putInt(p + AtomLayout.NR, nr);
        UserMemory.putLong(p + AtomLayout.RET_PTR, retPtr);
        UserMemory.putLong(p + AtomLayout.NEXT, next);
        for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
            UserMemory.putLong(p + AtomLayout.argPtr(i), i < argPtrs.length ? argPtrs[i] : 0);
        }
    }

    /** Sets atom {@code p}'s next pointer. */
    public static void link(long atom, long next) {
        UserMemory.putLong(atom + AtomLayout.NEXT, next);
    }

    /**
     * An async_head_user with a ring of {@code slots} u64 slots, kernel/user index 0, and one spare
     * token in new_thread_stack (the user's "stack" for the first cachemiss thread).
     */
    public long ahu(int slots, long newThreadIp, long headIp) {
        long ring = alloc(8L * slots, 8);
        long ahu = alloc(AsyncHeadUserLayout.SIZE, 64);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, ring);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, 8L * slots);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, 0x5eed_0000L + slots);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.NEW_THREAD_IP, newThreadIp);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.HEAD_IP, headIp);
        return ahu;
    }

    public long ahu(int slots) {
        return ahu(slots, 0, 0);
    }

    /**
     * An async_head_user that selects Davide's copy-out completions: no ring (completion_ring NULL,
     * ring_size_bytes {@code ASYNC_HEAD_COPYOUT}), one spare token; reap with sys_async_wait_copyout.
     */
    public long copyOutAhu() {
        long ahu = ahu(1);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.COMPLETION_RING, 0);
        UserMemory.putLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, AsyncHeadUserLayout.ASYNC_HEAD_COPYOUT);
        return ahu;
    }

    @Override
    public void close() {
        region.unmap();
    }
}
