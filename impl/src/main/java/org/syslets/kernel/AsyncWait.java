package org.syslets.kernel;

import java.util.ArrayList;
import java.util.List;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.design.Finding;
import org.syslets.linux.UserMemory;

/**
 * {@code sys_async_wait} on one ring: {@link #waitEnter} computes events_left and sleeps;
 * {@link #countDown} (called by every post under the ring lock) counts it down and wakes the waiter
 * at 0. One events_left per waiter (v5 had one per async_head; with one waiter they coincide).
 */
public final class AsyncWait {
    private final CompletionRing ring;
    private final List<Waiter> waiters = new ArrayList<>();

    private static final class Waiter {
        long eventsLeft;
        Waiter(long l) { eventsLeft = l; }
    }

    AsyncWait(CompletionRing ring) {
        this.ring = ring;
    }

    /**
     * WaitEnter: under the ring lock, compute events_left and sleep really (the thread parks) while
     * it is positive. Returns 0, {@code -EFAULT} (bad ahu), {@code -EINVAL} (fixed: min &gt; N or
     * U ≥ N), {@code -EINTR} (signal or Java interrupt while asleep).
     */
    public long waitEnter(KTask t, long minWaitEvents, long userRingIdx) {
        SysletKernel k = ring.kernel;
        ring.lock.lock();
        if (ring.released) {
            ring.lock.unlock();
            return k.ring(ring.ahu).wait.waitEnter(t, minWaitEvents, userRingIdx);   // dropped while idle
        }
        // Recording: held across the reads of K and slot[U] and the decision, released before the sleep.
        boolean recHeld = false;
        if (Recording.ON) {
            Recording.lock();
            recHeld = true;
        }
        Waiter w = null;
        try {
            if (k.design.isFixed(Finding.MM16_OVERFLOW)) ring.flush(t);
            long[] tmp = t.tmp;
            long ahu = ring.ahu;
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
            ring.lock.unlock();
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
                ring.wakeup.await();
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
            Recording.record(a, ring.ahu, 0, 0, -1, -1, 0, 0, "-");
        } finally {
            Recording.unlock();
        }
    }

    /** The posters' half of a wake-up (PublishK): {@code n} events were posted; count every waiter down, wake those at 0. Ring lock held. */
    public void countDown(int n) {
        boolean wake = false;
        for (Waiter w : waiters) {
            if (w.eventsLeft > 0) {
                w.eventsLeft -= n;
                if (w.eventsLeft <= 0) wake = true;
            }
        }
        if (wake) ring.wakeup.signalAll();
    }

    /** Wakes sleepers so they re-check signals (signal delivery). */
    void kick() {
        ring.lock.lock();
        try {
            ring.wakeup.signalAll();
        } finally {
            ring.lock.unlock();
        }
    }

    int sleepers() {
        return waiters.size();
    }
}
