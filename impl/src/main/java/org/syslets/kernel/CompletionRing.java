package org.syslets.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.design.Finding;
import org.syslets.linux.UserMemory;

/**
 * Kernel side of one completion ring: the ring itself lives in user memory at
 * {@code ahu->completion_ring} with N = {@code ring_size_bytes / 8} u64 slots, and
 * {@code ahu->kernel_ring_idx} (K) wraps at N exactly as in v5. One object per {@code ahu} address,
 * and one monitor: the posters' side ({@link #post}, {@link #flush}) and the waiters' side
 * ({@link #waitEnter}: sys_async_wait, its events_left counted down by every post) share
 * {@link #lock} and the one Condition {@link #wakeup}, as spec/SysletRing.tla's steps share the ring.
 *
 * <p><b>Slot ownership.</b> NULL ⇒ the kernel may write the slot; non-NULL ⇒ the user owns it until it
 * stores NULL. {@link #post} never stores over a non-NULL slot.
 *
 * <p><b>Memory ordering.</b> The kernel stores the slot with release semantics, and only then
 * publishes the new K (release). The user never trusts K: it reads slot U with acquire semantics
 * and owns whatever non-NULL value it sees, including everything the posting thread wrote before the
 * slot store (the atom's ret through ret_ptr). The user clears the slot with a release store, and the
 * kernel reads it with acquire before reusing it, so the user's last reads of the atom happen before
 * the kernel's next store into that slot. Registered ring memory uses {@code Unsafe} volatile
 * accesses; any other ring memory goes through process_vm_writev/readv, which are system calls and
 * therefore full barriers.
 *
 * <p><b>Serialization.</b> Posts (and flushes and async_wait's accounting) are serialized per ring by
 * a sleeping lock: v5 needed a sleeping lock because put_user to unpinned memory may fault and sleep.
 *
 * <p><b>Overflow.</b> Milton (MM16): v5 drops a completion whose slot is taken and nobody can tell
 * (here: counted in {@link #dropped}, visible in the snapshot). Fixed: the completion is kept in a
 * kernel-side backlog and {@link #flush}ed into freed slots on every post and every kernel entry —
 * io_uring's IORING_FEAT_NODROP choice; nothing is lost.
 */
public final class CompletionRing {
    final SysletKernel kernel;
    final long ahu;
    final ReentrantLock lock = new ReentrantLock();
    final Condition wakeup = lock.newCondition();
    final ArrayDeque<Long> backlog = new ArrayDeque<>();
    long posted, dropped, flushed, faults;

    CompletionRing(SysletKernel kernel, long ahu) {
        this.kernel = kernel;
        this.ahu = ahu;
    }

    /**
     * Post: store {@code atom} into slot K and advance K (wrapping at N), never over a non-NULL
     * slot. v5 drops (and counts) when slot K is taken; fixed appends to the backlog. Returns true
     * when the atom reached the ring. The caller is RUNNING (may touch user memory).
     */
    public boolean post(KTask t, long atom) {
        if (CopyOutQueue.selected(t, ahu)) {   // Davide (DL2): this head shares no ring
            kernel.copyOut(ahu).post(t, atom);
            return true;
        }
        lock.lock();
        if (released && !Recording.faulty(Recording.Fault.DROP_UNCHECKED)) {   // planted bug when faulty
            lock.unlock();
            return kernel.ring(ahu).post(t, atom);   // dropped while idle: the ahu's current ring
        }
        if (Recording.ON) Recording.lock();   // held across slot load, slot store, K publication
        try {
            boolean fixed = kernel.design.isFixed(Finding.MM16_OVERFLOW);
            if (fixed) {
                flushLocked(t);
                if (!backlog.isEmpty()) {      // keep completion order: behind the backlog
                    backlog.addLast(atom);
                    kernel.backlogTotal.incrementAndGet();
                    if (Recording.ON) Recording.record("Post", ahu, t.id, atom, -1, -1, 0, 0, "backlog");
                    return false;
                }
            }
            int r = store(t, atom);
            if (r == STORED) {
                posted++;
                if (Recording.ON) Recording.record("Post", ahu, t.id, atom, lastK, -1, 0, 0, "stored");
                countDown(1);
                return true;
            }
            if (r == FAULT) faults++;
            if (fixed) {
                backlog.addLast(atom);
                kernel.backlogTotal.incrementAndGet();
            } else {
                // Milton (MM16): the slot is taken (or the ring is bad): v5 loses this completion.
                dropped++;
            }
            if (Recording.ON) {
                Recording.record("Post", ahu, t.id, atom, r == FAULT ? -1 : lastK, -1, 0, 0,
                        r == FAULT ? "fault" : fixed ? "backlog" : "dropped");
            }
            return false;
        } finally {
            if (Recording.ON) Recording.unlock();
            lock.unlock();
        }
    }

    /** Recording only: K after the last {@link #store} (the new K when stored, the K read when taken). */
    private long lastK;

    /** Fixed design: move backlog entries into freed slots (called on every post and kernel entry). */
    public int flush(KTask t) {
        lock.lock();
        if (released) {
            lock.unlock();
            return 0;                               // an idle ring has no backlog to flush
        }
        if (Recording.ON) Recording.lock();
        try {
            return flushLocked(t);
        } finally {
            if (Recording.ON) Recording.unlock();
            lock.unlock();
        }
    }

    private int flushLocked(KTask t) {
        int n = 0;
        while (!backlog.isEmpty()) {
            boolean newestFirst = Recording.faulty(Recording.Fault.FLUSH_NEWEST_FIRST);   // planted bug
            long atom = newestFirst ? backlog.peekLast() : backlog.peekFirst();
            if (store(t, atom) != STORED) break;
            if (newestFirst) backlog.removeLast(); else backlog.removeFirst();
            if (Recording.ON) Recording.record("Flush", ahu, t.id, atom, lastK, -1, 0, 0, "-");
            kernel.backlogTotal.decrementAndGet();
            posted++;
            flushed++;
            n++;
            countDown(1);
        }
        return n;
    }

    static final int STORED = 0, TAKEN = 1, FAULT = 2;

    /** One slot store with the index publication after it. Lock held. */
    private int store(KTask t, long atom) {
        long[] tmp = t.tmp;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.COMPLETION_RING, tmp)) return FAULT;
        long ring = tmp[0];
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, tmp)) return FAULT;
        long n = tmp[0] / AsyncHeadUserLayout.RING_SLOT_SIZE;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, tmp)) return FAULT;
        long k = tmp[0];
        if (n <= 0 || Long.compareUnsigned(k, n) >= 0) return FAULT;
        long slot = ring + k * AsyncHeadUserLayout.RING_SLOT_SIZE;
        if (!UserMemory.getUserAcquire(t, slot, tmp)) return FAULT;   // acquire: pairs with the user's clearing store
        if (Recording.ON) lastK = k;
        if (tmp[0] != 0 && !Recording.faulty(Recording.Fault.POST_OVERWRITES)) return TAKEN;
        if (!UserMemory.putUserRelease(t, slot, atom)) return FAULT;  // slot first ...
        long k2 = k + 1 == n ? 0 : k + 1;                              // wrapped index, as v5
        if (!UserMemory.putUserRelease(t, ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, k2)) return FAULT; // ... then K
        if (Recording.ON) lastK = k2;
        return STORED;
    }

    // ================================================================== async_wait: WaitEnter, WaitWake, WaitIntr

    /** The sleepers of async_wait on this ring, each with its own events_left (v5 had one per async_head; with one waiter they coincide). Guarded by {@link #lock}. */
    private final List<Waiter> waiters = new ArrayList<>();

    private static final class Waiter {
        long eventsLeft;
        Waiter(long l) { eventsLeft = l; }
    }

    /**
     * WaitEnter: under the ring lock, compute events_left and sleep really (the thread parks) while
     * it is positive. Returns 0, {@code -EFAULT} (bad ahu), {@code -EINVAL} (fixed: min &gt; N or
     * U ≥ N), {@code -EINTR} (signal or Java interrupt while asleep).
     */
    public long waitEnter(KTask t, long minWaitEvents, long userRingIdx) {
        SysletKernel k = kernel;
        lock.lock();
        if (released && !Recording.faulty(Recording.Fault.DROP_UNCHECKED)) {   // planted bug when faulty
            lock.unlock();
            return k.ring(ahu).waitEnter(t, minWaitEvents, userRingIdx);   // dropped while idle
        }
        // Recording: held across the reads of K and slot[U] and the decision, released before the sleep.
        boolean recHeld = false;
        if (Recording.ON) {
            Recording.lock();
            recHeld = true;
        }
        Waiter w = null;
        try {
            if (k.design.isFixed(Finding.MM16_OVERFLOW)) flush(t);
            long[] tmp = t.tmp;
            if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.KERNEL_RING_IDX, tmp)) return -Errno.EFAULT;
            long kIdx = tmp[0];
            if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, tmp)) return -Errno.EFAULT;
            long n = tmp[0] / AsyncHeadUserLayout.RING_SLOT_SIZE;
            if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.COMPLETION_RING, tmp)) return -Errno.EFAULT;
            long ringAddr = tmp[0];
            long eventsLeft;
            if (!k.design.isFixed(Finding.MM1_WRAPAROUND) || Recording.faulty(Recording.Fault.WAIT_V5_FORMULA)) {
                // Milton (MM1): events_left = min - (K - U) in unsigned long arithmetic: misses K < U
                // (the waiter then waits for N more events than intended, possibly forever).
                eventsLeft = minWaitEvents - (kIdx - userRingIdx);
            } else {
                if (n <= 0 || Long.compareUnsigned(minWaitEvents, n) > 0 || Long.compareUnsigned(userRingIdx, n) >= 0
                        || Long.compareUnsigned(kIdx, n) >= 0) {
                    return -Errno.EINVAL;   // fixed: a wait for more than N events can never be satisfied
                }
                long pending = kIdx - userRingIdx + (kIdx < userRingIdx ? n : 0);   // Milton's "+N when K < U"
                if (kIdx == userRingIdx && k.design.isFixed(Finding.RING_FULL)) {
                    // RING-FULL: K == U is empty or full; slot[U] non-NULL means N pending.
                    if (!UserMemory.getUserAcquire(t, ringAddr + userRingIdx * 8, tmp)) return -Errno.EFAULT;
                    if (tmp[0] != 0) pending = n;
                }
                eventsLeft = minWaitEvents - pending;
            }
            if (Recording.ON) {
                Recording.record("WaitEnter", ahu, t.id, 0, -1, userRingIdx, minWaitEvents, eventsLeft,
                        eventsLeft <= 0 ? "return" : "sleep");
            }
            if (eventsLeft <= 0) return 0;
            w = new Waiter(eventsLeft);
            waiters.add(w);
            if (Recording.ON) {
                Recording.unlock();
                recHeld = false;
            }
            return sleep(t, w, k);
        } finally {
            if (w != null) waiters.remove(w);
            if (recHeld) Recording.unlock();
            lock.unlock();
        }
    }

    /**
     * The sleep of WaitEnter, ring lock held (released while parked): 0 when woken with no events
     * left, -EINTR on a signal, -EBADF when close() kicked the sleeper.
     *
     * <p>A method of its own so that waitEnter stays small enough for Lincheck to instrument: its
     * agent gives up on a method whose stack frames ASM cannot recompute ("Too many operations")
     * and runs it uninstrumented, and an uninstrumented waitEnter calling into instrumented
     * UserMemory made Lincheck fail on UserMemory's raw-address Unsafe loads (RingLincheckTest).
     */
    private long sleep(KTask t, Waiter w, SysletKernel k) {
        t.sleeping();   // quiescent for UserMemory grace periods while asleep
        try {
            while (w.eventsLeft > 0) {
                // A pending signal ends the wait (at once if it was pending on entry) and stays
                // pending until the return to user space, so a chain around this atom stops too.
                if (k.isClosed()) return -Errno.EBADF;   // close() kicked us: the kernel is gone
                if (t.signalPending || Thread.interrupted()) {
                    if (Recording.ON) recordAfterSleep("WaitIntr");
                    return -Errno.EINTR;
                }
                wakeup.await();
            }
            if (Recording.ON) recordAfterSleep("WaitWake");
            return 0;
        } catch (InterruptedException e) {
            if (Recording.ON) recordAfterSleep("WaitIntr");
            return -Errno.EINTR;
        } finally {
            t.enterKernel();
        }
    }

    /** Recording: the waiter is back (ring lock held, so ordered against every post). */
    private void recordAfterSleep(String a) {
        Recording.lock();
        try {
            Recording.record(a, ahu, 0, 0, -1, -1, 0, 0, "-");
        } finally {
            Recording.unlock();
        }
    }

    /** The posters' half of a wake-up (PublishK): {@code n} events were posted; count every waiter down, wake those at 0. Ring lock held. */
    private void countDown(int n) {
        boolean wake = false;
        for (Waiter w : waiters) {
            if (w.eventsLeft > 0) {
                w.eventsLeft -= n;
                if (w.eventsLeft <= 0) wake = true;
            }
        }
        if (wake) wakeup.signalAll();
    }

    /** Wakes sleepers so they re-check signals (signal delivery). */
    void kick() {
        lock.lock();
        try {
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int sleepers() {
        return waiters.size();
    }

    /**
     * Set (under {@link #lock}) when the kernel drops this idle ring: a thread that locks it
     * afterwards goes to the ahu's current ring instead, so waiters and posters always meet.
     */
    boolean released;
    /** Rings#ring's tick at this ring's last use (approximate LRU for releasing idle rings). */
    volatile long lastUse;

    /** Drops this ring if it is idle: no backlog, no sleeper. Returns true when dropped. */
    boolean releaseIfIdle() {
        if (!lock.tryLock()) return false;
        try {
            boolean busy = !backlog.isEmpty() || sleepers() != 0;
            if (released || busy && !Recording.faulty(Recording.Fault.DROP_BUSY)) return false;   // planted bug when faulty
            released = true;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Snapshot of the counters. */
    public RingStats stats() {
        lock.lock();
        try {
            return new RingStats(ahu, posted, dropped, backlog.size(), flushed, faults, sleepers());
        } finally {
            lock.unlock();
        }
    }

    /** Counters of one ring. {@code sleepers}: threads currently asleep in async_wait on it. */
    public record RingStats(long ahu, long posted, long dropped, int backlog, long flushed, long faults, int sleepers) {
    }
}
