package org.syslets.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;

/**
 * The kernel's rings, one {@link CompletionRing} per ahu address: made on first use, dropped while
 * idle beyond a limit.
 *
 * <p>Guarded by its own monitor: made and dropped rarely, looked up once per post or wait. Not a
 * ConcurrentHashMap: page-aligned ahu values share Long's low hash bits, so their bins turn into
 * TreeBins, and a JCStress TwoPostersFixed fork hung for good with one poster parked in
 * TreeBin.contendedLock (inside remove) and the other blocked on that bin (inside computeIfAbsent).
 * A plain map under one lock has no such state, and iteration takes a copy.
 */
final class Rings {
    /**
     * At most this many rings keep kernel-side state while idle (no backlog, no sleeper). An idle
     * ring's state is only its counters: K, U and the slots live in user memory, so a ring dropped
     * here is recreated, identical, at its next use. v5 has no call that unregisters an ahu, and the
     * runtime cannot see a client unmap memory it did not map, so a limit is what bounds the state.
     */
    static final int IDLE_LIMIT = 256;

    private final SysletKernel kernel;
    private final HashMap<Long, CompletionRing> byAhu = new HashMap<>();
    /**
     * This kernel's limit (guarded by this). A dropped ring's statistics (posted, dropped) start
     * again at 0 when it is remade, so the JCStress tests that compare a ring's counters before and
     * after a sample keep every ring (StressAccess#keepingEveryRing).
     */
    int idleLimit = IDLE_LIMIT;
    private long tick;   // guarded by this

    Rings(SysletKernel kernel) {
        this.kernel = kernel;
    }

    /** The ring of {@code ahu}, made if there is none. */
    synchronized CompletionRing ring(long ahu) {
        long now = ++tick;
        CompletionRing r = byAhu.get(ahu);
        if (r == null) {
            if (byAhu.size() >= idleLimit) releaseIdle(now);
            r = new CompletionRing(kernel, ahu);
            byAhu.put(ahu, r);
        }
        r.lastUse = now;
        return r;
    }

    /** The ring of {@code ahu} if it exists (not made, not counted as a use). */
    synchronized CompletionRing existing(long ahu) {
        return byAhu.get(ahu);
    }

    /** The rings as they are now, to iterate without this lock (kicking a waiter takes a ring's lock). */
    synchronized List<CompletionRing> now() {
        return new ArrayList<>(byAhu.values());
    }

    synchronized void clear() {
        byAhu.clear();
    }

    /**
     * Drops idle rings until at most half the limit remain. A ring is dropped under its own lock and
     * marked, and every user of a ring re-checks the mark under that lock (CompletionRing#released), so
     * a waiter and a poster can never end up on two different objects for one ahu.
     */
    private void releaseIdle(long now) {   // holds this; releaseIfIdle only tries a ring's lock
        for (Iterator<CompletionRing> it = byAhu.values().iterator(); it.hasNext(); ) {
            if (byAhu.size() <= idleLimit / 2) return;
            CompletionRing r = it.next();
            // the least recently used half only: a ring just posted to keeps its counters
            if (now - r.lastUse > idleLimit / 2 && r.releaseIfIdle()) it.remove();
        }
    }
}
