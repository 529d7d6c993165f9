package org.syslets.kernel;

import java.util.concurrent.locks.LockSupport;
import org.syslets.linux.Sys;

/**
 * The stress suites' only door into package-private runtime code. It lives in the stress module's
 * test sources but in package {@code org.syslets.kernel}, so it calls the runtime's own
 * package-private methods directly (same runtime package on the class path; compile-checked, unlike
 * reflection). It copies no runtime logic: every method is a call into impl. docs/stress.md.
 *
 * <p>Needed because impl has no public API for driving one head-switch decision (the head's
 * end-of-syscall CAS against the watcher's switch) without the /proc-polling detector and a real
 * thread creation per sample.
 */
public final class StressAccess {
    private StressAccess() {
    }

    /**
     * One parked spare of a fresh async head, in the runtime's own cachemiss loop
     * ({@code AsyncHead.cachemissLoop}), and the head's exit handing it its last work
     * ({@code AsyncHead.close}: work := W_EXIT, then unpark) -- the same store-then-unpark hand-off
     * as the head switch's W_BECOME_HEAD and SYSLET_ASYNC's W_RUN_CHAIN. The spare's task is bound
     * to the thread that runs {@link #loop} (one per thread: a KTask registers a native accessor for
     * good).
     */
    public static final class ParkedSpare {
        private static final ThreadLocal<KTask> TASKS = new ThreadLocal<>();
        private final SysletKernel k;
        private final AsyncHead ah;

        public ParkedSpare(SysletKernel k) {
            this.k = k;
            this.ah = new AsyncHead(k, ret -> { }, 0);
        }

        /** The spare's side: join the spares, then cachemiss_loop until work arrives; returns when it did. */
        public void loop() {
            KTask t = TASKS.get();
            if (t == null) TASKS.set(t = new KTask(k, Thread.currentThread(), true, 0));
            t.work = KTask.W_NONE;
            t.ah = ah;
            ah.lock.lock();
            try {
                t.setAt(true);             // a parked spare is inside the syslet machinery
                ah.spares.addLast(t);
                ah.spareCount = ah.spares.size();
            } finally {
                ah.lock.unlock();
            }
            ah.cachemissLoop(t, true);     // a spare thread the runtime started (KThread): no user frames below
        }

        /** The waker's side: the head exits and hands every spare W_EXIT (store, then unpark). */
        public void handOff() {
            ah.close();
        }
    }

    /**
     * The watcher of a head, in the runtime's own cachemiss loop: with the perf detector it sleeps in
     * ppoll on the head's context-switch event and its eventfd. The head is a thread asleep for the
     * JVM's life (its event never fires), so only the waker's eventfd write can end the wait.
     */
    public static final class WatchingSpare {
        private static final ThreadLocal<KTask> TASKS = new ThreadLocal<>();
        private static KTask sleeper;
        private final SysletKernel k;
        private final AsyncHead ah;

        public WatchingSpare(SysletKernel k) {
            this.k = k;
            this.ah = new AsyncHead(k, ret -> { }, 0);
        }

        private static synchronized KTask sleeperHead(SysletKernel k) {
            if (sleeper == null) {
                java.util.concurrent.CompletableFuture<Integer> tid = new java.util.concurrent.CompletableFuture<>();
                Thread th = new Thread(() -> {
                    tid.complete(Sys.gettid());
                    for (;;) LockSupport.park();
                }, "watching-spare-head");
                th.setDaemon(true);
                th.start();
                sleeper = new KTask(k, th, true, tid.join());
            }
            return sleeper;
        }

        /** The watcher's side: become the head's watcher, then cachemiss_loop until work arrives. */
        public void loop() {
            KTask h = sleeperHead(k);
            KTask t = TASKS.get();
            if (t == null) TASKS.set(t = new KTask(k, Thread.currentThread(), true, Sys.gettid()));
            t.work = KTask.W_NONE;
            t.ah = ah;
            ah.lock.lock();
            try {
                ah.head = h;
                t.setAt(true);
                ah.spares.addLast(t);
                ah.spareCount = ah.spares.size();
                ah.watcher = t;
            } finally {
                ah.lock.unlock();
            }
            ah.cachemissLoop(t, true);
        }

        /** The waker's side: the head exits and hands every spare W_EXIT (store, then wake). */
        public void handOff() {
            ah.close();
        }
    }

    /**
     * One head with one parked spare, as {@code AsyncHead.createSpare} leaves them, and the head
     * inside a switchable syscall ({@code KTask.beginSyscall(true)}), the state the watcher polls.
     * Tasks are reused across samples ({@link HeadPair#reset}): every KTask registers a native
     * accessor for the process lifetime.
     */
    public static final class HeadPair {
        private final SysletKernel k;
        private final KTask old, spare;
        private AsyncHead ah;
        private long w;

        public HeadPair(SysletKernel k) {
            this.k = k;
            this.old = new KTask(k, Thread.currentThread(), true, 0);
            this.spare = new KTask(k, Thread.currentThread(), true, 0);
        }

        /** Fresh async head: {@code old} is head inside async_exec (at, async_ready) in a switchable syscall. */
        public void reset() {
            ah = new AsyncHead(k, ret -> { }, 0);
            old.ah = ah;
            spare.ah = ah;
            old.wasHead = false;
            ah.head = old;
            ah.lock.lock();
            try {
                spare.setAt(true);         // a parked spare is inside the syslet machinery
                spare.setAsyncReady(false);
                ah.spares.addLast(spare);
                ah.spareCount = ah.spares.size();
            } finally {
                ah.lock.unlock();
            }
            if (ah.execEnter(old, 0) != 0) {   // a spare exists, so execEnter reads no ahu
                throw new IllegalStateException("execEnter refused");
            }
            w = old.beginSyscall(true);    // "in syscall #seq", switchable
        }

        /**
         * The head's side, exactly as {@code AtomExecutor.realSyscall} then {@code SysletKernel.asyncExec}:
         * the syscall returned; CAS back to RUNNING, or — the watcher won — {@code unblock}; then the
         * thread returns into user frames only if it is still head. Returns 1 when it does.
         */
        public int headReturnsFromSyscall() {
            if (!old.endSyscall(w)) ah.unblock(old);
            return ah.head == old ? 1 : 0;
        }

        /**
         * The watcher's side, exactly as {@code AsyncHead.cachemissLoop} once the detector said
         * "asleep in that syscall": under the head's lock, CAS the head's word to SWITCHED and
         * {@code block(old, spare)}. Returns 1 when the spare became head (it then runs user code).
         */
        public int watcherSwitches() {
            boolean switched = false;
            ah.lock.lock();
            try {
                if (ah.head == old && !ah.closed && old.casSwitched(w)) {
                    ah.block(old, spare);
                    switched = true;
                }
            } finally {
                ah.lock.unlock();
            }
            return switched ? 1 : 0;
        }

        /** Who is head now: 1 = the former head, 2 = the spare, 0 = nobody. */
        public int head() {
            KTask h = ah.head;
            return h == old ? 1 : h == spare ? 2 : 0;
        }

        /** at/async_ready of the former head (MM6 shape): 1 if it is still async-ready. */
        public int oldAsyncReady() {
            return old.asyncReady() != 0 ? 1 : 0;
        }
    }

    /**
     * {@code k}, keeping the state of every ring it ever makes: the JCStress tests read a ring's
     * counters before and after a sample, across thousands of ahu values, and a dropped idle ring
     * would start its counters again at 0 in between.
     */
    public static SysletKernel keepingEveryRing(SysletKernel k) {
        return withIdleRingLimit(k, Integer.MAX_VALUE);
    }

    /**
     * {@code k}, keeping at most {@code limit} idle rings' state: with 1, every new ring drops every
     * other idle ring (JCStress PostVsDrop, WaitVsDrop race a user of a ring against its drop).
     */
    public static SysletKernel withIdleRingLimit(SysletKernel k, int limit) {
        synchronized (k.rings) {
            k.rings.idleLimit = limit;
        }
        return k;
    }
}
