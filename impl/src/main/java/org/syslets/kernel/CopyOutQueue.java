package org.syslets.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.linux.UserMemory;

/**
 * Davide Libenzi's copy-out completions (DL2: "Did you actually bench it against a: int
 * async_wait(struct syslet_uatom **r, int n);"): a kernel-owned completion queue per async head, in
 * place of the shared ring, for a head whose {@code ahu} selects it ({@link #selected}). The kernel
 * alone holds the queue; user space sees atom pointers only in the array it passes to
 * {@link #waitEnter}, and only inside that call.
 *
 * <p>One monitor, as {@link CompletionRing}: posters ({@link #post}, with {@link #postWake}) and
 * waiters ({@link #waitEnter}, {@link #copyTake}, {@link #copyFault}) share {@link #lock} and the one
 * Condition {@link #wakeup}. The copy itself ({@link #copyStore}) runs without the lock: a
 * copy_to_user may fault and sleep, so a post can come between the take and the copy, and a faulted
 * copy must put what it took back <em>in front</em> of such a post (spec/SysletCopyOut.tla:
 * ProbeNoPostDuringCopy, OrderKept).
 *
 * <p>No v5 variant: the call is Davide's, not v5's. What the ring's v5 findings become under it is
 * docs/copyout.md's findings table; MM1 and RING-FULL have no indices to be about, and MM16's
 * overflow cannot happen (the queue is what the fixed ring's backlog was, all the time).
 */
public final class CopyOutQueue {
    final SysletKernel kernel;
    final long ahu;
    final ReentrantLock lock = new ReentrantLock();
    final Condition wakeup = lock.newCondition();
    /** Completed async syslets not yet copied out, oldest first. Guarded by {@link #lock}. */
    private final ArrayDeque<Long> queue = new ArrayDeque<>();
    /** The mins of the waiters asleep on this queue. Guarded by {@link #lock}. */
    private final List<long[]> sleeping = new ArrayList<>();
    long posted, copied, requeued, copyFaults;

    CopyOutQueue(SysletKernel kernel, long ahu) {
        this.kernel = kernel;
        this.ahu = ahu;
    }

    /** True when {@code ahu} selects copy-out (both fields readable and set as {@link AsyncHeadUserLayout#ASYNC_HEAD_COPYOUT} says). */
    static boolean selected(KTask t, long ahu) {
        long[] tmp = t.tmp;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, tmp) || tmp[0] != AsyncHeadUserLayout.ASYNC_HEAD_COPYOUT) return false;
        return UserMemory.getUser(t, ahu + AsyncHeadUserLayout.COMPLETION_RING, tmp) && tmp[0] == 0;
    }

    /**
     * The entry of nr 518: the argument check (-EINVAL before anything is read), the ahu (-EFAULT
     * when unreadable, -EINVAL when it selects a ring: no completion would ever reach this queue),
     * then {@link #waitEnter}.
     */
    static long asyncWaitCopyOut(SysletKernel k, KTask t, long min, long n, long r, long ahu) {
        if (n <= 0 || min < 0 || min > n) return -Errno.EINVAL;
        long[] tmp = t.tmp;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.RING_SIZE_BYTES, tmp)) return -Errno.EFAULT;
        long size = tmp[0];
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.COMPLETION_RING, tmp)) return -Errno.EFAULT;
        if (tmp[0] != 0 || size != AsyncHeadUserLayout.ASYNC_HEAD_COPYOUT) return -Errno.EINVAL;
        return k.copyOut(ahu).waitEnter(t, min, n, r);
    }

    // ================================================================== Post, PostWake

    /** Post: append the final atom to the queue (never fails: the queue is bounded by the syslets that ran), then PostWake. */
    public void post(KTask t, long atom) {
        lock.lock();
        try {
            queue.addLast(atom);
            posted++;
            postWake();
        } finally {
            lock.unlock();
        }
    }

    /** PostWake: wake the waiters if the queue now holds some sleeper's min. Lock held. */
    private void postWake() {
        int len = queue.size();
        for (long[] m : sleeping) {
            if (m[0] <= len) {
                wakeup.signalAll();
                return;
            }
        }
    }

    // ================================================================== WaitEnter, WaitIntr, CopyTake, CopyStore, CopyFault, WaitReturn

    /**
     * WaitEnter: sys_async_wait_copyout(min, n, r, ahu). Sleeps (really: the thread parks on the
     * Condition) until at least {@code min} completions are queued, takes up to {@code n} of them,
     * oldest first, and copies their addresses into the u64 array at {@code r}. Returns the count
     * {@code k} ({@code min <= k <= n}), or {@code -EINVAL} ({@code n <= 0}, {@code min < 0},
     * {@code min > n}), {@code -EINTR} (a signal while asleep; nothing taken), {@code -EFAULT}
     * ({@code r} not writable: everything taken is back in front of the queue, and {@code r} may hold
     * stale pointers that user space must not read), {@code -EBADF} (the kernel closed).
     */
    public long waitEnter(KTask t, long min, long n, long r) {
        if (n <= 0 || min < 0 || min > n) return -Errno.EINVAL;   // r cannot hold min: no wait can be satisfied
        long[] taken;
        lock.lock();
        try {
            if (queue.size() < min) {
                long e = sleep(t, min);
                if (e != 0) return e;
            }
            taken = copyTake(n, min);
        } finally {
            lock.unlock();
        }
        int j = copyStore(t, taken, r);
        if (j < taken.length) return copyFault(taken);
        return waitReturn(taken.length);
    }

    /** The sleep of WaitEnter, lock held (released while parked): 0 once min are queued; WaitIntr's -EINTR; -EBADF on close. */
    private long sleep(KTask t, long min) {
        long[] me = {min};
        sleeping.add(me);
        t.sleeping();   // quiescent for UserMemory grace periods while asleep
        try {
            while (queue.size() < min) {
                if (Recording.faulty(Recording.Fault.COPYOUT_WAKE_EARLY) && !queue.isEmpty()) return 0;   // planted
                if (kernel.isClosed()) return -Errno.EBADF;
                if (t.signalPending || Thread.interrupted()) return waitIntr();
                wakeup.await();
            }
            return 0;
        } catch (InterruptedException x) {
            return waitIntr();
        } finally {
            sleeping.remove(me);
            t.enterKernel();
        }
    }

    /** WaitIntr: a signal ended the sleep; nothing was taken, the signal stays pending until the return. */
    private static long waitIntr() {
        return -Errno.EINTR;
    }

    /** CopyTake: remove every queued completion up to {@code n} (not just min: TakesWhatIsQueued) into the kernel's own array. Lock held. */
    private long[] copyTake(long n, long min) {
        long k = Math.min(n, queue.size());
        long[] taken = new long[(int) k];
        boolean peek = Recording.faulty(Recording.Fault.COPYOUT_PEEK);   // planted: the take leaves them queued
        java.util.Iterator<Long> it = queue.iterator();
        for (int i = 0; i < k; i++) taken[i] = peek ? it.next() : queue.removeFirst();
        return taken;
    }

    /** CopyStore: copy_to_user of the taken pointers, no lock held. Returns how many were stored before a fault. */
    private static int copyStore(KTask t, long[] taken, long r) {
        for (int i = 0; i < taken.length; i++) {
            if (!UserMemory.putUser(t, r + 8L * i, taken[i])) return i;
        }
        return taken.length;
    }

    /** CopyFault: re-take the lock and put everything taken back in front of the queue, in order (behind nothing a later post added). */
    private long copyFault(long[] taken) {
        lock.lock();
        try {
            copyFaults++;
            if (!Recording.faulty(Recording.Fault.COPYOUT_REQUEUE_NONE)) {   // planted: the taken ones are lost
                for (int i = taken.length - 1; i >= 0; i--) queue.addFirst(taken[i]);
                requeued += taken.length;
            }
            postWake();   // another waiter may be satisfied by what came back
        } finally {
            lock.unlock();
        }
        return -Errno.EFAULT;
    }

    /** WaitReturn: the count; user space owns r[0..count). */
    private long waitReturn(int count) {
        lock.lock();
        try {
            copied += count;
        } finally {
            lock.unlock();
        }
        return count;
    }

    /** Wakes sleepers so they re-check signals and close (signal delivery, close). */
    void kick() {
        lock.lock();
        try {
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Snapshot of the counters. */
    public Stats stats() {
        lock.lock();
        try {
            return new Stats(ahu, posted, copied, requeued, copyFaults, queue.size(), sleeping.size());
        } finally {
            lock.unlock();
        }
    }

    /** Counters of one queue: {@code queued} completions held by the kernel, {@code sleepers} asleep in the wait. */
    public record Stats(long ahu, long posted, long copied, long requeued, long copyFaults, int queued, int sleepers) {
    }
}
