package org.syslets.kernel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.abi.Errno;
import org.syslets.abi.Flags;
import org.syslets.linux.BlockDetector;
import org.syslets.linux.UserMemory;

/**
 * {@code struct async_head}: one user context (the head), its parked spares (cachemiss threads,
 * v5's ready list) and its busy background threads. All role changes happen under {@link #lock}.
 *
 * <p><b>The head switch without moving a Java stack.</b> A registered head runs a user
 * {@link UserEntry}. When the head really blocks in a runtime syscall, a spare (the watcher)
 * becomes head and calls that entry afresh with 0 — v5's restore_ip "minimal longjmp" (MM18). The
 * old thread finishes the chain in the background, posts the completion and then <em>parks where
 * it is</em> as a spare, deep inside the user frames that called asyncExec: it never returns into
 * them (no user code, not even a finally block, runs on it again). If it later becomes head again it
 * re-enters the entry nested on its own stack; the nesting is bounded by {@link #MAX_NEST}, beyond
 * which the thread retires (parks for good, counted in the snapshot) instead of rejoining the pool.
 *
 * <p><b>Blocking detection.</b> The first spare is the watcher: it polls the head's state word on
 * a timed park, and when it sees the same "in syscall #seq" on two consecutive polls it asks
 * {@link BlockDetector} whether the head sleeps in that syscall; if so it CASes the word to SWITCHED
 * (the head's own CAS after the syscall decides the race the other way) and performs {@link #block}.
 * Polling backs off while the head is outside the kernel and stops entirely (deep sleep, woken by
 * the next execEnter) after a long idle period. That is the {@code "poll"} detector; the default,
 * {@code "perf"}, does not poll at all: the watcher sleeps in ppoll on the head's context-switch
 * event and its own eventfd (BlockDetector), and confirms as above when the head is switched out.
 * Chosen per head at its creation ({@link #detectorKind}, -Dsyslets.detector=poll forces polling;
 * perf_event_open refused means polling).
 */
public final class AsyncHead {
    /** Bound on user-context entries nested on one Java stack before a thread retires. */
    static final int MAX_NEST = 16;
    /**
     * Watcher polling policy (docs/runtime.md has the measurements): poll every POLL_MIN while the
     * head is inside the kernel, back off exponentially to POLL_MAX while it is not, and stop polling
     * (deep sleep, woken by the next execEnter) after DEEP_AFTER of idleness. Spare threads set their
     * timer slack to 1 µs (prctl PR_SET_TIMERSLACK), otherwise every timed park is stretched by the
     * default 50 µs. Tunable with -Dsyslets.pollMinUs, -Dsyslets.pollMaxUs, -Dsyslets.deepAfterMs.
     */
    static final long POLL_MIN_NS = Long.getLong("syslets.pollMinUs", 50) * 1000,
            POLL_MAX_NS = Long.getLong("syslets.pollMaxUs", 500) * 1000,
            DEEP_AFTER_NS = Long.getLong("syslets.deepAfterMs", 100) * 1_000_000,
            /** A spare idle this long leaves the pool (one stays per head): -Dsyslets.spareIdleMs. */
            SPARE_IDLE_NS = Long.getLong("syslets.spareIdleMs", 10_000) * 1_000_000;

    /** The block detectors: the watcher polls the head's state word, or sleeps until the head is switched out. */
    static final String DETECTOR_POLL = "poll", DETECTOR_PERF = "perf";
    /** This head's detector, chosen at its creation; shown in the snapshot. */
    final String detectorKind;

    final SysletKernel k;
    /** The head's user entry; null for an implicit head (a caller that did not register one). */
    final UserEntry entry;
    final long id;
    final ReentrantLock lock = new ReentrantLock();
    volatile KTask head;
    final ArrayDeque<KTask> spares = new ArrayDeque<>();
    final LinkedHashSet<KTask> busy = new LinkedHashSet<>();
    final List<KTask> retired = new ArrayList<>();
    volatile int spareCount;
    /** The spare that watches the head (package access: the stress suite's WatchingSpare sets it). */
    KTask watcher;
    /** The watcher is backed off or in deep sleep: the next execEnter pokes it (one unpark). */
    private volatile boolean watcherSlow;
    /** Threadlet mode: where the new head resumes after a switch (restore_ip), else {@link #entry}. */
    UserEntry restoreEntry;
    volatile boolean closed;
    /** Threads that called {@link #park} (former heads, inside user frames): close() wakes each. */
    private final java.util.Set<KTask> parkedInUserFrames = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Set by SysletKernel#close only: threads parked in user frames unwind then (see awaitExit). */
    private volatile boolean kernelClosed;
    final CountDownLatch exited = new CountDownLatch(1);
    volatile Throwable userFailure;
    long switches, asyncHandoffs, sparesCreated;
    /** Recording: async_exec entries of this head so far (SysletTasks' sub); under Recording.LOCK. */
    private long recSubs;

    AsyncHead(SysletKernel k, UserEntry entry, long id) {
        this.k = k;
        this.entry = entry;
        this.id = id;
        this.detectorKind = DETECTOR_POLL.equals(System.getProperty("syslets.detector")) || BlockDetector.perfRefusal() != 0
                ? DETECTOR_POLL : DETECTOR_PERF;
    }

    /** Unparks a spare; a watcher asleep in ppoll (the perf detector) is woken through its eventfd. */
    private static void wake(KTask s) {
        LockSupport.unpark(s.thread);
        if (!Recording.faulty(Recording.Fault.WATCHER_UNWOKEN)) s.detector.wake();   // planted: unpark only
    }

    // ================================================================== ExecEnter / ExecExit

    /**
     * ExecEnter: the head enters async_exec. Ensures a spare exists (registered heads only: an
     * implicit head has no entry to re-enter, so it can never switch), then at := &__at and
     * async_ready := at. Returns 0 or {@code -EFAULT} (ahu unreadable while a spare was needed).
     *
     * <p>Recording (registered heads): the head lock and then the recording lock are held across the
     * spare check, the spare's creation (token read and zeroed) and at := async_ready := &__at, which
     * makes "no spare, so create one" atomic w.r.t. Park, as SysletTasks' ExecEnter is; without
     * recording a background thread may park between the check and the creation and the head then
     * has two spares (an extra spare, not a behaviour of ExecEnter, harmless). The branches are the
     * same either way: only the interleaving is narrowed. Event: CreateSpare(t, s) or ExecEnter(t),
     * with the submission number sub'.
     */
    public long execEnter(KTask t, long ahu) {
        boolean rec = Recording.ON && entry != null;
        if (rec) {
            lock.lock();
            Recording.lock();
        }
        try {
            KTask created = null;
            if (entry != null && spareCount == 0) {
                long r = createSpare(t, ahu);
                if (r < 0) return r;
                if (rec && r == 1) created = spares.peekLast();
            }
            t.setAt(true);
            t.setAsyncReady(true);
            if (rec) {
                Recording.of(t).sub = ++recSubs;
                Recording.task(created != null ? "CreateSpare" : "ExecEnter", this, t, created, Recording.of(t).sub, -1, -1, ahu, "-");
            }
        } finally {
            if (rec) {
                Recording.unlock();
                lock.unlock();
            }
        }
        if (watcherSlow) wakeWatcher();   // only after an idle period; never in a hot cached loop
        return 0;
    }

    /**
     * ExecExit: the cached return: clear async_ready and at; the caller returns the final atom.
     * Recording: ExecExit touches only the head's own at/async_ready and the user context's phase; no
     * other task changes them while the head runs outside a switchable syscall (the detector switches
     * only a head whose state word says "in syscall", AtomExecutor#realSyscall), so the recording
     * lock alone orders it.
     */
    public void execExit(KTask t) {
        boolean rec = Recording.ON && entry != null;
        if (rec) Recording.lock();
        try {
            t.setAsyncReady(false);
            t.setAt(false);
            if (rec) Recording.task("ExecExit", this, t, null, Recording.of(t).sub, -1, -1, 0, "-");
        } finally {
            if (rec) Recording.unlock();
        }
    }

    // ================================================================== CreateSpare

    /**
     * CreateSpare: consumes {@code ahu->new_thread_stack} (the kernel zeroes it). A zero token
     * means no new spare (then a block just blocks). Returns 1 when a spare was created, 0 when
     * there was no token, {@code -EFAULT} when ahu is unreadable.
     */
    public long createSpare(KTask t, long ahu) {
        long[] tmp = t.tmp;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, tmp)) return -Errno.EFAULT;
        if (tmp[0] == 0) return 0;
        if (!UserMemory.getUser(t, ahu + AsyncHeadUserLayout.NEW_THREAD_IP, tmp)) return -Errno.EFAULT;
        long ip = tmp[0];
        if (!UserMemory.putUser(t, ahu + AsyncHeadUserLayout.NEW_THREAD_STACK, 0)) return -Errno.EFAULT;
        KThread th = new KThread(k, this, null);
        KTask s = th.task;
        s.newThreadIp = ip;
        lock.lock();
        try {
            s.ah = this;
            s.setAt(true);            // a parked spare is inside the syslet machinery
            spares.addLast(s);
            spareCount = spares.size();
            sparesCreated++;
            if (watcher == null && entry != null) watcher = s;
        } finally {
            lock.unlock();
        }
        try {
            th.start();
        } catch (Throwable x) {
            // No native thread (ulimit, memory): no spare, as if the token had been 0; counted.
            lock.lock();
            try {
                spares.remove(s);
                spareCount = spares.size();
                sparesCreated--;
                if (watcher == s) watcher = spares.peekFirst();
            } finally {
                lock.unlock();
            }
            k.tasks.remove(s);
            s.release();
            k.internalErrors++;
            return 0;
        }
        return 1;
    }

    // ================================================================== Block / Unblock

    /**
     * Block: the head switch. {@code old} (the head, asleep in a syscall or about to run a
     * SYSLET_ASYNC atom) becomes a busy background thread; spare {@code nu} becomes head and
     * leaves the machinery to re-enter the user entry with 0. Lock held.
     */
    public void block(KTask old, KTask nu) {
        head = nu;
        spares.remove(nu);
        spareCount = spares.size();
        if (!Recording.faulty(Recording.Fault.SECOND_HEAD)) {   // planted bug: the old head is not demoted
            busy.add(old);
            old.setAsyncReady(false);      // only the head is async-ready; old.at stays: busy background thread
        }
        old.wasHead = true;
        old.wentAsyncCount++;
        if (Recording.ON) recordSubmit(old);
        nu.setAt(false);
        nu.setAsyncReady(false);
        if (Recording.ON && entry != null) {
            // Block: the head switch, under the head lock (held by every caller) and the recording
            // lock: the roles, old's async_ready and nu's at as they are after the switch; old's
            // Unblock (unblock(): takes the head lock) and nu's user-side steps come after.
            Recording.Notes n = Recording.of(old);
            n.owner = n.sub;
            Recording.lock();
            try {
                Recording.task("Block", this, old, nu, n.owner, nu.at() != 0 ? 1 : 0, old.asyncReady() != 0 ? 1 : 0, 0,
                        busy.contains(old) && head != old ? "busy" : "head");
            } finally {
                Recording.unlock();
            }
        }
        switches++;
        watcher = entry != null ? spares.peekFirst() : null;
        if (watcher != null) wake(watcher);
    }

    /**
     * Unblock: the syscall returned in a thread that is no longer head (the detector won the CAS).
     * Waits for the switcher's bookkeeping (it holds the lock while it runs {@link #block}).
     */
    public void unblock(KTask t) {
        lock.lock();
        try {
            if (Recording.ON && entry != null) recordTask("Unblock", t, 0, "-");   // after Block (same lock)
        } finally {
            lock.unlock();
        }
        t.resumeAfterSwitch();
    }

    /** asyncFlag's answers: the atom runs here (no spare), the chain was handed off, ahu is unreadable. */
    static final int RUN_HERE = 0, HANDED = 1, AHU_FAULT = -1;

    /**
     * SYSLET_ASYNC on a switchable head: switch before executing. Registered head: a spare becomes
     * head now and this thread continues as background ({@link #RUN_HERE}: keep executing). Implicit
     * head: the caller's context cannot move, so the chain is handed to a spare and the caller
     * returns 0 ({@link #HANDED}). Without a spare (no new_thread_stack token) the atom runs
     * synchronously. The chain needs ahu (token, ring): an unreadable ahu is {@link #AHU_FAULT}
     * before anything of the atom ran, whether or not a spare is at hand.
     */
    int asyncFlag(KTask t, long uatom, long ahu) {
        if (UserMemory.resolveRead(t, ahu, AsyncHeadUserLayout.SIZE) == 0) return AHU_FAULT;
        if (entry == null) {
            if (spareCount == 0) {
                long c = createSpare(t, ahu);
                if (c < 0) return AHU_FAULT;
                if (c == 0) return RUN_HERE;
            }
            lock.lock();
            try {
                // The most recently parked spare (LIFO, as runBackgroundChain parks at the tail): the
                // others really idle and leave after SPARE_IDLE_NS. The oldest first kept every spare
                // of a burst warm for good, and the pool only ever grew (SparePoolTest).
                KTask s = spares.pollLast();
                if (s == null) return RUN_HERE;
                spareCount = spares.size();
                busy.add(s);
                asyncHandoffs++;
                t.wentAsyncCount++;
                if (Recording.ON) recordSubmit(s);   // before the unpark: precedes s's Post
                s.workAtom = uatom;
                s.workAhu = ahu;
                s.work = KTask.W_RUN_CHAIN;
                LockSupport.unpark(s.thread);
                return HANDED;
            } finally {
                lock.unlock();
            }
        }
        lock.lock();
        try {
            KTask nu = spares.peekFirst();
            if (nu == null || head != t) return RUN_HERE;
            block(t, nu);
            // SYSLET_ASYNC: the switch happens before the atom runs, nothing sleeps: Block at once
            // followed by Unblock (SysletTasks has no other way to make the head a background
            // thread); the atom is then t's ExecAtom as a busy thread.
            if (Recording.ON) recordTask("Unblock", t, 0, "-");
            nu.workEntry = restoreEntry != null ? restoreEntry : entry;
            nu.workRet = 0;
            nu.work = KTask.W_BECOME_HEAD;
            wake(nu);   // nu is the watcher: perhaps asleep in ppoll
            return RUN_HERE;
        } finally {
            lock.unlock();
        }
    }

    // ================================================================== Complete / Park / SignalToUser

    /**
     * Complete: a background chain ended: post its final atom unless that atom has NO_COMPLETE. A
     * word rejected with EINVAL means nothing, NO_COMPLETE included, and a chain stopped by a signal
     * ended early: both are always posted, so user space learns of the error or the interruption
     * (spec: SysletAtoms ExecAtom, nc == ok /\ ... /\ ~StoppedBySignal).
     */
    public void complete(KTask t, long finalAtom, long ahu) {
        boolean suppressed = t.lastValid && (t.lastFlags & Flags.NO_COMPLETE) != 0 && !t.stoppedBySignal;
        // Task level: a chain stopped by a signal is SignalToUser (recorded there), else Complete.
        if (Recording.ON && entry != null && !t.stoppedBySignal) recordComplete(t, finalAtom != 0 && !suppressed);
        if (finalAtom != 0 && !suppressed) {
            k.ring(ahu).post(t, finalAtom);
            if (Recording.faulty(Recording.Fault.POST_TWICE)) k.ring(ahu).post(t, finalAtom);   // planted bug
        } else if (Recording.ON && finalAtom != 0) {
            Recording.lock();
            try {
                Recording.record("Retire", ahu, t.id, finalAtom, -1, -1, 0, 0, "-");
            } finally {
                Recording.unlock();
            }
        }
    }

    /**
     * Recording, task level: Complete(t, post). Complete changes only t's role (busy -> parking) and
     * its submission's completion count; no other task's step reads either, so the recording lock
     * alone orders it (after t's Block/Unblock/ExecAtoms, program order; before its Post, which
     * SysletTasks does not see).
     */
    private void recordComplete(KTask t, boolean post) {
        if (entry == null) return;
        Recording.lock();
        try {
            Recording.task("Complete", this, t, null, Recording.of(t).owner, -1, -1, 0, post ? "post" : "nopost");
        } finally {
            Recording.unlock();
        }
    }

    /** Recording, task level: an event of t alone (caller: the head lock where roles change). */
    private void recordTask(String a, KTask t, long sub, String out) {
        Recording.lock();
        try {
            Recording.task(a, this, t, null, sub, -1, -1, 0, out);
        } finally {
            Recording.unlock();
        }
    }

    /** Recording: SubmitAsync of the syslet that {@code bg} now runs in the background (its ring is
     *  known only at its Post/Retire: the converter links them by task id). */
    private static void recordSubmit(KTask bg) {
        Recording.lock();
        try {
            Recording.record("SubmitAsync", 0, bg.id, 0, -1, -1, 0, 0, "-");
        } finally {
            Recording.unlock();
        }
    }

    /**
     * A former head whose syscall returned after the switch: Complete (post), SignalToUser when a
     * signal stopped the chain, then Park. A Java error in complete or signalToUser is counted and
     * the thread still parks; it never returns into the user frames below it.
     */
    void finishInBackground(KTask t, long fin, long ahu) {
        completeCounted(t, fin, ahu);
        park(t);
    }

    /**
     * Complete (post), then SignalToUser when a signal stopped the chain; a Java error inside either
     * is counted (internalErrors) instead of leaving the background thread.
     */
    private void completeCounted(KTask t, long fin, long ahu) {
        try {
            complete(t, fin, ahu);
            if (t.stoppedBySignal) signalToUser(t, ahu);
        } catch (SysletKernel.KernelControl c) {
            throw c;
        } catch (Throwable x) {
            if (!SysletKernel.isInternal(x)) throw x;
            k.internalErrors++;
        }
    }

    /** A thread that must not return into user frames after an internal error: it leaves the pool for good. */
    void retireAfterError(KTask t) {
        lock.lock();
        try {
            busy.remove(t);
            spares.remove(t);
            spareCount = spares.size();
            if (watcher == t) watcher = spares.peekFirst();
            t.setAsyncReady(false);
            t.setAt(false);
            retired.add(t);
        } finally {
            lock.unlock();
        }
        t.kdepth = 0;
        t.sleeping();
        awaitExit(t);
    }

    /**
     * Park: the thread becomes a spare (v5's cachemiss_loop) and waits for work right here on its
     * current stack. Never returns into the caller's frames: when the async head closes, or when the
     * thread has too many nested user contexts, it parks for good.
     */
    public void park(KTask t) {
        parkedInUserFrames.add(t);   // from here on this thread only waits, inside user frames
        boolean retire;
        lock.lock();
        try {
            busy.remove(t);
            t.setAsyncReady(false);
            retire = t.nest >= MAX_NEST || closed;
            if (retire) {
                t.setAt(false);
                retired.add(t);
            } else {
                t.setAt(true);
                spares.addLast(t);
                spareCount = spares.size();
                if (watcher == null && entry != null) watcher = t;
                // Park (after Complete), or AsyncThread (after SignalToUser: the thread returns to the
                // pool), under the head lock: it orders the new spare before any ExecEnter that sees it.
                // A retiring thread (MAX_NEST, closed) is not recorded: SysletTasks has no such step.
                if (Recording.ON) {
                    Recording.Notes n = Recording.of(t);
                    if (entry != null) recordTask(n.signalled ? "AsyncThread" : "Park", t, 0, "-");
                    n.signalled = false;
                }
            }
        } finally {
            lock.unlock();
        }
        t.kdepth = 0;
        t.sleeping();
        if (!retire) spareLoop(t, false);
        // Either retired, or the head closed: this thread must never run user code again. It waits
        // until its head is closed (the head's user context ended, or close()), then unwinds.
        awaitExit(t);
    }

    /**
     * A thread inside user frames that may never run user code again: parks until the kernel closes,
     * then ends by unwinding those frames. Not when only its head's user context ended: user code
     * that catches Throwable would see the unwinding while the program still runs.
     */
    private void awaitExit(KTask t) {
        while (!kernelClosed) LockSupport.park(this);
        parkedInUserFrames.remove(t);
        lock.lock();
        try {
            retired.remove(t);
            spares.remove(t);
            spareCount = spares.size();
        } finally {
            lock.unlock();
        }
        throw new SysletKernel.KernelExit();
    }

    /** A runtime thread that ended: it is in none of this head's lists any more. */
    void forget(KTask t) {
        lock.lock();
        try {
            spares.remove(t);
            busy.remove(t);
            retired.remove(t);
            spareCount = spares.size();
            if (watcher == t) watcher = entry != null ? spares.peekFirst() : null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * SignalToUser: a signalled background thread stopped between atoms and completed; it leaves to
     * user space at head_ip (if it was once a head) or new_thread_ip (if created as a spare) — the
     * Java callback registered for that ip — told {@code -EINTR}, and returns to the pool through
     * async_thread (called by the callback, or implicitly when the callback returns).
     */
    public void signalToUser(KTask t, long ahu) {
        long[] tmp = t.tmp;
        long ip = t.newThreadIp;
        if (t.wasHead && UserMemory.getUser(t, ahu + AsyncHeadUserLayout.HEAD_IP, tmp)) ip = tmp[0];
        t.signalPending = false;
        UserEntry e = k.entryFor(ip);
        lock.lock();
        try {
            busy.remove(t);
            t.setAsyncReady(false);
            t.setAt(false);
            if (Recording.ON && entry != null) {
                // SignalToUser: after AsyncHead#complete posted the last executed atom; under the head lock.
                Recording.Notes n = Recording.of(t);
                recordTask("SignalToUser", t, n.owner, "-");
                n.signalled = true;
            }
        } finally {
            lock.unlock();
        }
        k.signalsDelivered.increment();
        if (e == null) return;
        int saved = t.kdepth;
        t.kdepth = 0;
        t.leaveKernel();
        t.inSignalUser = true;
        try {
            e.enter(-Errno.EINTR);
        } catch (SysletKernel.ReturnToPool ignored) {
            // async_thread() brought the thread back
        } catch (Throwable x) {
            userFailure = x;
        } finally {
            t.inSignalUser = false;
            t.kdepth = saved;
            t.enterKernel();
        }
    }

    // ================================================================== the spare's loop

    /** Runs the user context on {@code t} (now head) with {@code ret} in the return register. */
    void runUserContext(KTask t, UserEntry e, long ret) {
        int saved = t.kdepth;
        t.kdepth = 0;
        if (t.signalPending) t.signalPending = false;   // delivered: this thread returns to user space
        t.leaveKernel();
        t.nest++;
        try {
            e.enter(ret);
        } catch (SysletKernel.ReturnToPool x) {
            // a head called async_thread: not meaningful; treated as the end of the user context
        } catch (SysletKernel.KernelExit x) {
            throw x;                                  // a nested former head unwinding: not the user's failure
        } catch (Throwable x) {
            userFailure = x;
        } finally {
            t.nest--;
            t.kdepth = saved;
        }
        // The entry returned on the thread that is head: the user program of this head is over.
        lock.lock();
        try {
            if (head == t) {
                head = null;
                closed = true;
                for (KTask s : spares) {
                    s.work = KTask.W_EXIT;
                    wake(s);
                }
            }
        } finally {
            lock.unlock();
        }
        exited.countDown();
    }

    /**
     * The spare's life: {@link #cachemissLoop} until the head closes. A Java error inside the loop
     * (the watcher's probes, a chain's completion) is counted and the thread goes back to waiting
     * for work: it stays in the pool, and no uncaught-exception handler ever fires.
     */
    void spareLoop(KTask t, boolean base) {
        for (;;) {
            try {
                cachemissLoop(t, base);
                return;
            } catch (SysletKernel.KernelControl c) {
                throw c;
            } catch (Throwable x) {
                if (!SysletKernel.isInternal(x)) throw x;
                k.internalErrors++;
                t.kdepth = 0;
                t.sleeping();
            }
        }
    }

    /**
     * v5's cachemiss_loop: wait for work (polling the head when this spare is the watcher). Returns
     * when the head closes, or ({@code base}: a spare with no user frames below it) when it has idled
     * for {@link #SPARE_IDLE_NS} while another spare is in the pool: the pool shrinks to one spare.
     */
    void cachemissLoop(KTask t, boolean base) {
        long lastSeen = -1, interval = POLL_MIN_NS, idleNs = 0;
        for (;;) {
            int w = t.work;
            if (w == KTask.W_NONE) {
                if (closed) return;
                if (watcher != t) {
                    // Morton (AM3): no lost wake-up. A hand-off stores the work, then unparks; a
                    // hand-off after the check above leaves the permit, so park returns at once
                    // (the permit is v2's TASK_RUNNING set by wake_up_process before schedule()).
                    if (Recording.faulty(Recording.Fault.LOST_WAKEUP)) LockSupport.parkNanos(this, 1);   // planted
                    if (!base) {
                        LockSupport.park(this);
                        continue;
                    }
                    long t0 = System.nanoTime();
                    LockSupport.parkNanos(this, SPARE_IDLE_NS);
                    if (t.work == KTask.W_NONE && System.nanoTime() - t0 >= SPARE_IDLE_NS && leavePoolIdle(t)) return;
                    continue;
                }
                // ---- watcher
                KTask h = head;
                if (h == null) {
                    LockSupport.park(this);
                    continue;
                }
                int ev;
                if (detectorKind.equals(DETECTOR_PERF) && (ev = h.detector.switchEvent()) >= 0) {
                    // perf: check once, then sleep in the kernel until the head is switched out (or
                    // we are woken). A switch-out after the check leaves perf's flag set: ppoll
                    // returns at once (Morton, AM3: no lost wake-up).
                    long word = h.word();
                    if (KTask.phase(word) == KTask.SYSCALL_SWITCHABLE && h.detector.blockedIn(h.currentNr)) {
                        if (switchHead(t, h, word)) continue;
                    }
                    if (!t.detector.beginWait()) {
                        LockSupport.parkNanos(this, POLL_MIN_NS);   // no eventfd: poll this round
                        continue;
                    }
                    // Dekker with wake(): waiting is set, then everything a waker changes is re-read.
                    if (t.work != KTask.W_NONE || closed || watcher != t || head != h) {
                        t.detector.endWait();
                        continue;
                    }
                    if (!t.detector.awaitSwitchOut(ev)) LockSupport.parkNanos(this, POLL_MIN_NS);   // head thread gone: no busy loop on HUP
                    continue;
                }
                // ---- poll: the head's state word on a timed park
                if (idleNs >= DEEP_AFTER_NS) {
                    watcherSlow = true;                    // Dekker with execEnter: store, then re-check
                    if (h.word() == lastSeen) LockSupport.park(this);
                    watcherSlow = false;
                    idleNs = 0;
                    interval = POLL_MIN_NS;
                    continue;
                }
                if (interval > POLL_MIN_NS) watcherSlow = true;
                LockSupport.parkNanos(this, interval);
                if (!watcherSlow && interval > POLL_MIN_NS) {   // poked by execEnter
                    interval = POLL_MIN_NS;
                    idleNs = 0;
                }
                long word = h.word();
                int ph = KTask.phase(word);
                if (ph == KTask.SYSCALL_SWITCHABLE) {
                    if (word == lastSeen && h.detector.blockedIn(h.currentNr) && switchHead(t, h, word)) {
                        lastSeen = -1;
                        continue;
                    }
                    interval = POLL_MIN_NS;
                    idleNs = 0;
                } else if (word == lastSeen) {
                    idleNs += interval;
                    interval = Math.min(interval * 2, POLL_MAX_NS);
                } else {
                    interval = POLL_MIN_NS;
                    idleNs = 0;
                }
                lastSeen = word;
                continue;
            }
            t.work = KTask.W_NONE;
            switch (w) {
                case KTask.W_BECOME_HEAD:
                    runUserContext(t, t.workEntry, t.workRet);
                    break;
                case KTask.W_RUN_CHAIN:
                    runBackgroundChain(t, t.workAtom, t.workAhu);
                    break;
                case KTask.W_EXIT:
                    return;
                default:
                    break;
            }
        }
    }

    /**
     * The watcher {@code t} saw head {@code h} asleep in syscall {@code word}: CAS the word to
     * SWITCHED (the head's own CAS after the syscall decides the race the other way), Block, and
     * run the user context on {@code t}. False when the race or the roles went the other way.
     */
    private boolean switchHead(KTask t, KTask h, long word) {
        lock.lock();
        try {
            if (head != h || watcher != t || closed || !h.casSwitched(word)) return false;
            block(h, t);
        } finally {
            lock.unlock();
        }
        runUserContext(t, restoreEntry != null ? restoreEntry : entry, 0);
        return true;
    }

    /**
     * An implicit head's SYSLET_ASYNC chain, run by a spare in the background. runChain never
     * throws; a Java error while completing is counted and the thread still returns to the pool.
     */
    private void runBackgroundChain(KTask t, long uatom, long ahu) {
        t.kdepth = 1;
        t.enterKernel();
        long fin = k.executor.runChain(t, uatom, ahu);
        completeCounted(t, fin, ahu);
        lock.lock();
        try {
            busy.remove(t);
            t.setAsyncReady(false);
            if (closed) return;
            t.setAt(true);
            spares.addLast(t);
            spareCount = spares.size();
        } finally {
            lock.unlock();
            t.kdepth = 0;
            t.sleeping();
        }
    }

    /** An idle spare leaves the pool (under the lock, so no hand-off can pick it meanwhile) if another stays. */
    private boolean leavePoolIdle(KTask t) {
        lock.lock();
        try {
            if (closed || t.work != KTask.W_NONE || watcher == t || spares.size() <= 1 || !spares.remove(t)) return false;
            spareCount = spares.size();
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void wakeWatcher() {
        watcherSlow = false;
        KTask w = watcher;
        if (w != null) wake(w);
    }

    /** Wakes every thread of this head (shutdown): spares end, threads parked in user frames unwind. */
    void close() {
        lock.lock();
        try {
            closed = true;
            kernelClosed = true;
            for (KTask s : spares) {
                s.work = KTask.W_EXIT;
                wake(s);
            }
            for (KTask s : retired) LockSupport.unpark(s.thread);
            for (KTask s : parkedInUserFrames) LockSupport.unpark(s.thread);
        } finally {
            lock.unlock();
        }
    }
}
