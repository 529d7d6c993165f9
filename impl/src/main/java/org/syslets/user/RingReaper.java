package org.syslets.user;

import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.Recording;
import org.syslets.linux.UserMemory;

/**
 * User side of the completion ring, as fio does it: read slot U, and if it is non-NULL take it,
 * clear it and advance U (wrapping at N). It never trusts kernel_ring_idx: the slot itself is the
 * publication (acquire load), and clearing it (release store) hands the slot back to the kernel.
 * Not thread-safe: one reaper per ring.
 */
public final class RingReaper {
    private final long ahu;
    private long u;

    public RingReaper(long ahu) {
        this.ahu = ahu;
        this.u = UserMemory.getLong(ahu + AsyncHeadUserLayout.USER_RING_IDX);
    }

    /** Reap: the atom address in slot U (then cleared, U advanced), or 0 when slot U is empty. */
    public long reap() {
        if (Recording.ON) {
            // Recording: the load and the clear of slot U are atomic w.r.t. posts (Recording's javadoc).
            Recording.lock();
            try {
                long atom = reapOnce();
                if (atom != 0) Recording.reap(ahu, atom, u);
                return atom;
            } finally {
                Recording.unlock();
            }
        }
        return reapOnce();
    }

    private long reapOnce() {
        long ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
        long n = UserMemory.getLong(ahu + AsyncHeadUserLayout.RING_SIZE_BYTES) / AsyncHeadUserLayout.RING_SLOT_SIZE;
        long slot = ring + u * AsyncHeadUserLayout.RING_SLOT_SIZE;
        long atom = UserMemory.getLong(slot);          // acquire: everything the poster wrote before is visible
        if (atom == 0) return 0;
        UserMemory.putLong(slot, 0);                   // release: the kernel may reuse the slot
        u = u + 1 == n ? 0 : u + 1;
        UserMemory.putLong(ahu + AsyncHeadUserLayout.USER_RING_IDX, u);   // a user convention only
        return atom;
    }

    /** The user index U to pass to async_wait. */
    public long userIndex() {
        return u;
    }
}
