package org.syslets.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.syslets.abi.Errno;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import org.syslets.linux.Sys;
import org.syslets.linux.UserMemory;

/**
 * The emulated kernel side of syslets/threadlets, one instance per {@link Design}. Its public
 * entry points mirror the system calls one to one and take and return raw user addresses and
 * {@code -errno}, like the kernel ABI:
 * <pre>
 *   nr 512  asyncExec(uatom, ahu)            final atom (cached) | 0 (went async) | -errno
 *   nr 513  asyncWait(min, userRingIdx, ahu) 0 | -EFAULT | -EINVAL (fixed) | -EINTR
 *   nr 514  umemAdd(uptr, inc)               new value | -EFAULT
 *   nr 515  asyncThread(event, ahu)          0 | -errno
 *   nr 516  threadletOn(restoreIp, ahu)      0 | -errno
 *   nr 517  threadletOff()                   1 (finished inline) | 0 (went async)
 *   nr 518  asyncWaitCopyOut(min, n, r, ahu) count | -EINVAL | -EFAULT | -EINTR (Davide's copy-out, CopyOutQueue)
 * </pre>
 * Numbers 0..511 are the real x86-64 Linux table (atoms carry real numbers); v5's own 280–283 are
 * utimensat/epoll_pwait/signalfd/timerfd_create today, so the runtime's calls live above the real
 * table. {@code nr ≥ 519} is {@code -ENOSYS}. Forbidden inside a syslet: clone 56, fork 57, vfork 58,
 * execve 59, exit 60, exit_group 231, execveat 322, clone3 435 and every runtime call except
 * umem_add (which is how syslet loops work).
 *
 * <p>A thread that called {@link #startHead} (or a spare that became head) is a <em>registered
 * head</em>: when its syscall blocks, the user context moves to a spare, which re-enters the entry
 * with 0. Any other caller is an implicit head without an entry: its blocking syscalls simply block
 * (it cannot be resumed elsewhere), and SYSLET_ASYNC hands the chain to a spare thread while the
 * caller gets 0 back at once.
 */
public final class SysletKernel implements AutoCloseable {
    public static final int TABLE_SIZE_REAL = 512;
    public static final int NR_ASYNC_EXEC = 512, NR_ASYNC_WAIT = 513, NR_UMEM_ADD = 514, NR_ASYNC_THREAD = 515,
            NR_THREADLET_ON = 516, NR_THREADLET_OFF = 517, NR_ASYNC_WAIT_COPYOUT = 518;
    public static final int TABLE_SIZE = 519;
    /**
     * The emulated kernel stack: at most this many async_exec calls nested on one task (v5's MM21
     * hole lets an atom call async_exec, which a real kernel would follow until its stack overflowed).
     * The call that would nest deeper returns -ELOOP, the errno Linux gives for nesting too deep
     * (binfmt interpreters, epoll inside epoll), and is counted in {@code snapshot()}.
     */
    public static final int KERNEL_STACK_DEPTH = 16;

    final Design design;
    final AtomExecutor executor;
    final CopyOnWriteArrayList<KTask> tasks = new CopyOnWriteArrayList<>();
    final CopyOnWriteArrayList<AsyncHead> heads = new CopyOnWriteArrayList<>();
    /** The per-ahu ring state. */
    final Rings rings = new Rings(this);
    /** The copy-out queues, one per ahu that selects copy-out; guarded by itself, kept until close. */
    final java.util.HashMap<Long, CopyOutQueue> copyOuts = new java.util.HashMap<>();
    private final ConcurrentHashMap<Long, UserEntry> entries = new ConcurrentHashMap<>();
    private final AtomicLong nextIp = new AtomicLong(0x7e00_0000_0000L);
    private final AtomicLong headIds = new AtomicLong();
    final AtomicLong backlogTotal = new AtomicLong();
    final LongAdder forbiddenRefused = new LongAdder(), forbiddenLetThrough = new LongAdder(),
            jvmGuarded = new LongAdder(), retPtrFaults = new LongAdder(), signalsDelivered = new LongAdder(),
            kernelStackOverflows = new LongAdder();
    /** Java errors caught inside the runtime (turned into -ENOMEM); a plain field: no call in a handler. */
    volatile long internalErrors;
    private final Object umemLock = new Object();
    private final ThreadLocal<KTask> local;
    /** Set by {@link #close}: every entry point then returns -EBADF (like a closed io_uring fd). */
    private volatile boolean closed;

    public SysletKernel(Design design) {
        this.design = design;
        this.executor = new AtomExecutor(this);
        this.local = ThreadLocal.withInitial(() -> {
            sweepEndedThreads();
            KTask t = new KTask(this, Thread.currentThread(), false, Sys.gettid());
            t.ah = new AsyncHead(this, null, headIds.incrementAndGet());
            t.ah.head = t;
            heads.add(t.ah);
            tasks.add(t);
            return t;
        });
    }

    /** True once {@link #close} ran. */
    public boolean isClosed() {
        return closed;
    }

    public Design design() {
        return design;
    }

    KTask currentTask() {
        Thread th = Thread.currentThread();
        if (th instanceof KThread kt && kt.task.kernel == this) return kt.task;
        return local.get();
    }

    private static void enter(KTask t) {
        if (t.kdepth++ == 0) t.enterKernel();
    }

    /**
     * Leaving an entry point. The outermost one returns to user space, and that is where Linux
     * delivers a pending signal: until then it stays pending (every chain stops between atoms,
     * async_wait returns -EINTR at once), from then on it is gone. A load, not a store, on the path
     * without a signal.
     */
    private static void exit(KTask t) {
        if (--t.kdepth == 0) {
            if (t.signalPending) t.signalPending = false;
            t.leaveKernel();
        }
    }

    // ================================================================== entry points

    /** {@link #entry}'s code for {@link #syscall}: a real syscall made through the runtime (its arguments in t.args). */
    private static final int RUNTIME_SYSCALL = -1;

    /**
     * The entry table: every system call of the runtime comes in here, on the caller's task, and
     * only an errno leaves (a Java error inside is counted and becomes -ENOMEM, {@link #internalError};
     * the runtime's own unwinding, {@link KernelControl}, passes).
     */
    private long entry(KTask t, int nr, long a, long b, long a3) {
        enter(t);
        try {
            return switch (nr) {
                case NR_ASYNC_EXEC -> asyncExec(t, a, b);
                case NR_ASYNC_WAIT -> ring(a3).waitEnter(t, a, b);
                case NR_UMEM_ADD -> umemAdd(t, a, b);
                case NR_ASYNC_THREAD -> {
                    if (a != 0) ring(b).post(t, a);
                    yield 0;
                }
                case NR_THREADLET_ON -> threadletOn(t, a, b);
                case NR_ASYNC_WAIT_COPYOUT -> CopyOutQueue.asyncWaitCopyOut(this, t, t.args[0], t.args[1], t.args[2], t.args[3]);
                case RUNTIME_SYSCALL -> syscall(t, a);
                default -> -Errno.ENOSYS;
            };
        } catch (KernelControl c) {
            throw c;
        } catch (Throwable x) {
            if (!caught(t, x)) throw x;
            return internalError(t);
        } finally {
            exit(t);
        }
    }

    /**
     * sys_async_exec. Returns the final atom's address when the syslet ran to its end without the
     * head switching (cached), 0 when it went async (the completion will arrive in ahu's ring), or
     * {@code -errno}: {@code -EFAULT} for an unreadable atom or ahu (when needed) or a ret_ptr that
     * could not be written. On a registered head that is switched away, this call does not return on
     * the calling thread: the user context continues in the entry on another thread.
     */
    public long asyncExec(long uatom, long ahu) {
        return closed ? -Errno.EBADF : entry(currentTask(), NR_ASYNC_EXEC, uatom, ahu, 0);
    }

    private long asyncExec(KTask t, long uatom, long ahu) {
        if (t.kdepth > KERNEL_STACK_DEPTH) {
            // Milton (MM21): only v5's hole nests async_exec; a kernel would overflow its stack here.
            kernelStackOverflows.increment();
            return -Errno.ELOOP;
        }
        if (backlogTotal.get() != 0 && design.isFixed(Finding.MM16_OVERFLOW)) {
            CompletionRing r = rings.existing(ahu);   // a ring that does not exist has no backlog
            if (r != null) r.flush(t);
        }
        AsyncHead ah = t.ah;
        if (ah.head != t) {
            // Not the head (a background thread reaching async_exec through v5's MM21 hole):
            // run it synchronously, it can never switch.
            long fin = executor.runChain(t, uatom, ahu);
            return t.chainErr != 0 ? t.chainErr : fin;
        }
        long r = ah.execEnter(t, ahu);
        if (r < 0) return r;
        long fin = executor.runChain(t, uatom, ahu);
        if (ah.head == t) {
            ah.execExit(t);
            if (fin == AtomExecutor.HANDED_OFF) return 0;
            if (t.chainErr != 0) return t.chainErr;
            t.cachedCount++;
            return fin;
        }
        // The head switched away while we were blocked: finish as a background thread.
        ah.finishInBackground(t, fin, ahu);
        throw new AssertionError("a parked former head never returns into user frames");
    }

    /**
     * What the guards turn into -ENOMEM: what a runtime bug or an exhausted JVM throws (a
     * RuntimeException, a VirtualMachineError such as StackOverflowError or OutOfMemoryError, an
     * AssertionError). Any other Error (ThreadDeath, a linkage error, a test framework's own control
     * flow, as Lincheck's model checker uses) passes through untouched.
     */
    static boolean isInternal(Throwable x) {
        return x instanceof RuntimeException || x instanceof VirtualMachineError || x instanceof AssertionError;
    }

    /**
     * Which errors an entry point turns into -ENOMEM: on a runtime thread every internal one (it must
     * go back to the pool); on a user thread only an exhausted JVM (StackOverflowError,
     * OutOfMemoryError). A RuntimeException there is a runtime bug and stays loud, for the fuzzer and
     * the tests to see (and for tools such as Lincheck, whose instrumentation signals with them).
     */
    static boolean caught(KTask t, Throwable x) {
        return t.runtimeThread ? isInternal(x) : x instanceof VirtualMachineError;
    }

    /**
     * A Java error inside an entry point (a runtime bug, or the JVM out of stack or heap): counted,
     * and the caller gets -ENOMEM ("the kernel could not get what it needed"). Nothing but an errno
     * leaves the ABI. A thread that no longer owns the user context (a former head the detector
     * switched away) must not return into the user frames below it: it retires instead.
     */
    long internalError(KTask t) {
        internalErrors++;
        AsyncHead ah = t.ah;
        if (ah != null && ah.entry != null && ah.head != t && t.wasHead) ah.retireAfterError(t);
        return -Errno.ENOMEM;
    }

    /** sys_async_wait: see {@link CompletionRing#waitEnter}. */
    public long asyncWait(long minWaitEvents, long userRingIdx, long ahu) {
        return closed ? -Errno.EBADF : entry(currentTask(), NR_ASYNC_WAIT, minWaitEvents, userRingIdx, ahu);
    }

    /** sys_async_wait_copyout (Davide's copy-out wait): see {@link CopyOutQueue#waitEnter}. */
    public long asyncWaitCopyOut(long min, long n, long r, long ahu) {
        if (closed) return -Errno.EBADF;
        KTask t = currentTask();
        long[] a = t.args;
        a[0] = min; a[1] = n; a[2] = r; a[3] = ahu;
        return entry(t, NR_ASYNC_WAIT_COPYOUT, 0, 0, 0);
    }

    /** The copy-out queue of {@code ahu}, made on first use. */
    CopyOutQueue copyOut(long ahu) {
        synchronized (copyOuts) {
            return copyOuts.computeIfAbsent(ahu, x -> new CopyOutQueue(this, x));
        }
    }

    /** Kernel-side counters of the copy-out queue at {@code ahu} (created on first use). */
    public CopyOutQueue.Stats copyOutStats(long ahu) {
        return copyOut(ahu).stats();
    }

    private void kickCopyOuts() {
        List<CopyOutQueue> qs;
        synchronized (copyOuts) {
            qs = new ArrayList<>(copyOuts.values());
        }
        for (CopyOutQueue q : qs) q.kick();
    }

    /** sys_umem_add: adds {@code inc} to the u64 at {@code uptr}; returns the new value or {@code -EFAULT}. */
    public long umemAdd(long uptr, long inc) {
        return closed ? -Errno.EBADF : entry(currentTask(), NR_UMEM_ADD, uptr, inc, 0);
    }

    long umemAdd(KTask t, long uptr, long inc) {
        long nv;
        if (!design.isFixed(Finding.UMEM_ATOMIC)) {
            // UMEM-ATOMIC: v5's sys_umem_add is get_user, add, put_user: concurrent adds lose updates.
            if (!UserMemory.getUser(t, uptr, t.tmp)) return -Errno.EFAULT;
            nv = t.tmp[0] + inc;
            if (!UserMemory.putUser(t, uptr, nv)) return -Errno.EFAULT;   // AM1: -EFAULT, not ignored
            // Milton (MM9): v5's umem_add never sets force_noerror.
            return nv;
        }
        if (UserMemory.lookup(t, uptr, 8) != null && (uptr & 7) == 0) {
            long old;
            do {
                old = UserMemory.U.getLongVolatile(null, uptr);
                nv = old + inc;
            } while (!UserMemory.U.compareAndSwapLong(null, uptr, old, nv));
        } else {
            // Unregistered memory cannot be CASed safely from Java: serialize every umem_add on it
            // (atomic w.r.t. other umem_adds; docs/runtime.md).
            synchronized (umemLock) {
                if (!UserMemory.getUser(t, uptr, t.tmp)) return -Errno.EFAULT;
                nv = t.tmp[0] + inc;
                if (!UserMemory.putUser(t, uptr, nv)) return -Errno.EFAULT;
            }
        }
        t.forceNoerror = true;   // Milton (MM9): "umem_add should add force_noerror if the put_user succeeds"
        return nv;
    }

    /**
     * sys_async_thread(event, ahu): posts {@code event} (if non-NULL) into ahu's ring; on a runtime
     * thread that left to user space (SignalToUser) it then returns the thread to the pool (the
     * call does not return). A user thread cannot be drafted into the pool: it just gets 0.
     */
    public long asyncThread(long event, long ahu) {
        if (closed) return -Errno.EBADF;
        KTask t = currentTask();
        long r = entry(t, NR_ASYNC_THREAD, event, ahu, 0);
        if (r == 0 && t.runtimeThread && t.inSignalUser) throw new ReturnToPool();
        return r;
    }

    /**
     * threadlet_on(restore_ip, ahu): arms the calling head; until threadletOff, a blocking runtime
     * syscall ({@link #syscall}) switches the head and the new head enters the entry registered for
     * {@code restoreIp} (or the head's own entry when 0) with 0.
     */
    public long threadletOn(long restoreIp, long ahu) {
        return closed ? -Errno.EBADF : entry(currentTask(), NR_THREADLET_ON, restoreIp, ahu, 0);
    }

    private long threadletOn(KTask t, long restoreIp, long ahu) {
        AsyncHead ah = t.ah;
        if (ah.head != t) return -Errno.EINVAL;
        long r = ah.execEnter(t, ahu);
        if (r < 0) return r;
        ah.restoreEntry = restoreIp != 0 ? entries.get(restoreIp) : null;
        return 0;
    }

    /** threadlet_off(): 1 when the threadlet finished on the head (disarmed), 0 when it went async. */
    public long threadletOff() {
        if (closed) return -Errno.EBADF;
        KTask t = currentTask();
        AsyncHead ah = t.ah;
        if (ah.head != t) return 0;
        ah.restoreEntry = null;
        ah.execExit(t);
        return 1;
    }

    /**
     * Runs {@code fn} as a threadlet on the calling head: inline, a plain function call while it
     * does not block. If a runtime syscall inside it blocks, the head switches (the new head enters
     * the head's entry with 0), {@code fn} finishes on this thread in the background and its result
     * is posted as the completion event into ahu's ring (async_thread(event, ahu) semantics), after
     * which the thread parks as a spare. Returns fn's result when it finished inline, or
     * {@code -errno} when the threadlet could not be armed.
     */
    public long threadletExec(Threadlet fn, long ahu) {
        long r = threadletOn(0, ahu);
        if (r < 0) return r;
        KTask t = currentTask();
        long v;
        try {
            v = fn.run(this);
        } catch (Throwable x) {
            if (t.ah.head == t) throw x;   // the user's own exception, on the user's own thread
            // Thrown by the body after it went async: this thread must not carry it into the user
            // frames below (they belong to the context that moved on). Recorded like an entry's.
            t.ah.userFailure = x;
            v = 0;
        }
        if (threadletOff() == 1) {
            t.cachedCount++;
            return v;
        }
        // Went async: we are a background thread now. Finish as every background thread does
        // (Complete: post the event, then Park). The event is no atom: no flags (nothing silences
        // it), and no chain that a signal could stop; the last chain this task ran says nothing here.
        enter(t);
        t.lastValid = false;
        t.stoppedBySignal = false;
        t.ah.finishInBackground(t, v, ahu);
        throw new AssertionError("a parked former head never returns into user frames");
    }

    /**
     * A system call made through the runtime (threadlets, and any code that wants a block to be
     * able to switch the head). Returns the result or {@code -errno}.
     */
    public long syscall(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (closed) return -Errno.EBADF;
        KTask t = currentTask();
        long[] a = t.args;
        a[0] = a1; a[1] = a2; a[2] = a3; a[3] = a4; a[4] = a5; a[5] = a6;
        return entry(t, RUNTIME_SYSCALL, nr, 0, 0);
    }

    private long syscall(KTask t, long nr) {
        if (Recording.ON && t.at() != 0) {
            // Inside the machinery (a threadlet on the head, or a background thread): ExecAtom.
            Recording.beginAtom(t);
            long r = syscall0(t, nr, t.args);
            AtomExecutor.recordAtom(t);
            return r;
        }
        return syscall0(t, nr, t.args);
    }

    private long syscall0(KTask t, long nr, long[] a) {
        if (nr < 0 || nr >= TABLE_SIZE_REAL) return -Errno.ENOSYS;
        long refused = executor.exclusion(t, nr, a);
        if (refused != 0) return refused;
        return executor.realSyscall(t, nr, a);
    }

    public long syscall(long nr, long a1, long a2, long a3) {
        return syscall(nr, a1, a2, a3, 0, 0, 0);
    }

    /** A runtime call reached from an atom (umem_add; the rest only through v5's MM21 hole). */
    long runtimeCall(KTask t, long nr, long[] a) {
        switch ((int) nr) {
            case NR_UMEM_ADD: {
                long r = umemAdd(t, a[0], a[1]);
                return r;
            }
            case NR_ASYNC_EXEC: {
                // Only through v5's MM21 hole. In C the outer atom's decoded state lives on the
                // kernel stack; here it lives in the task, so keep it across the nested chain.
                int flags = t.aFlags, lastFlags = t.lastFlags;
                long next = t.aNext, retPtr = t.aRetPtr, atom = t.currentAtom;
                boolean valid = t.aValid, lastValid = t.lastValid;
                long r = asyncExec(a[0], a[1]);
                t.aFlags = flags;
                t.lastFlags = lastFlags;
                t.aNext = next;
                t.aRetPtr = retPtr;
                t.currentAtom = atom;
                t.aValid = valid;
                t.lastValid = lastValid;
                t.chainErr = 0;
                t.stoppedBySignal = false;
                return r;
            }
            case NR_ASYNC_WAIT: return asyncWait(a[0], a[1], a[2]);
            case NR_ASYNC_THREAD: return asyncThread(a[0], a[1]);
            case NR_THREADLET_ON: return threadletOn(a[0], a[1]);
            case NR_THREADLET_OFF: return threadletOff();
            case NR_ASYNC_WAIT_COPYOUT: return asyncWaitCopyOut(a[0], a[1], a[2], a[3]);
            default: return -Errno.ENOSYS;
        }
    }

    // ================================================================== heads, entries, signals

    /** Registers a user entry and returns its "ip" for head_ip / new_thread_ip / restore_ip. */
    public long registerEntry(UserEntry e) {
        long ip = nextIp.addAndGet(0x10);
        entries.put(ip, e);
        return ip;
    }

    UserEntry entryFor(long ip) {
        return ip == 0 ? null : entries.get(ip);
    }

    /**
     * Starts a registered head: a runtime thread that runs {@code entry} with
     * {@link UserEntry#STARTED}. After every head switch the new head calls {@code entry} with 0.
     * The head ends when the entry returns on the thread that is head at that moment.
     */
    public HeadHandle startHead(UserEntry entry) {
        AsyncHead ah = new AsyncHead(this, entry, headIds.incrementAndGet());
        heads.add(ah);
        KThread th = new KThread(this, ah, entry);
        th.task.ah = ah;
        ah.head = th.task;
        th.start();
        return new HeadHandle(ah);
    }

    /** Handle on a started head. */
    public static final class HeadHandle {
        private final AsyncHead ah;

        HeadHandle(AsyncHead ah) {
            this.ah = ah;
        }

        /** Waits until the head's user context ended; false on timeout. Rethrows nothing. */
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            return ah.exited.await(timeout, unit);
        }

        /** The Throwable the user entry ended with, if any. */
        public Throwable failure() {
            return ah.userFailure;
        }

        public long id() {
            return ah.id;
        }
    }

    /**
     * Sends a signal to the task with kernel thread id {@code tid}: a chain stops between atoms
     * (a head returns the last executed atom; a background thread completes it and leaves to user
     * space), a sleeping async_wait returns -EINTR, and so does a real syscall the task is asleep in
     * (a real signal, {@link Sys#interruptSyscall}), as in Linux: the fuzzer's chainsV5 hang was an
     * atom asleep for good in select(0, NULL, NULL, NULL, NULL) that no signal ended. A task that
     * enters a syscall just after this call looked is not interrupted (Linux blocks signals around
     * that window; a runtime in Java cannot): a caller that must end it signals again.
     * Returns 0, or -ESRCH (3) when no task of this kernel has that tid.
     */
    public long signal(int tid) {
        for (KTask t : tasks) {
            if (t.tid == tid) {
                t.signalPending = true;
                for (CompletionRing r : rings.now()) r.kick();
                kickCopyOuts();
                interruptIfInSyscall(t);
                return 0;
            }
        }
        return -3;
    }

    /** A real signal to {@code t} when it is inside a real syscall (its word says so): the syscall returns -EINTR. */
    private static void interruptIfInSyscall(KTask t) {
        int ph = KTask.phase(t.word());
        if ((ph == KTask.SYSCALL_SWITCHABLE || ph == KTask.SYSCALL_PINNED || ph == KTask.SWITCHED) && t.tid > 0) {
            Sys.interruptSyscall(t.tid);
        }
    }

    /** Post {@code atom} into ahu's ring from the calling thread, as a background completion would. */
    boolean postFromKernel(long ahu, long atom) {
        KTask t = currentTask();
        enter(t);
        try {
            return ring(ahu).post(t, atom);
        } finally {
            exit(t);
        }
    }

    CompletionRing ring(long ahu) {
        return rings.ring(ahu);
    }

    /** Threads that called into this kernel and have ended: their tasks, scratch and implicit heads go. */
    private void sweepEndedThreads() {
        for (KTask t : tasks) {
            if (t.runtimeThread || t.thread.getState() != Thread.State.TERMINATED) continue;
            tasks.remove(t);
            AsyncHead ah = t.ah;
            if (ah != null && ah.entry == null && ah.head == t) {
                ah.close();                  // its spares end; busy ones finish their chains first
                heads.remove(ah);
            }
            t.release();
        }
    }

    /** Kernel-side counters of the ring at {@code ahu} (created on first use). */
    public CompletionRing.RingStats ringStats(long ahu) {
        return ring(ahu).stats();
    }

    // ================================================================== snapshot

    /** A read-only snapshot for tests, model-based checks and trace validation. */
    public KernelSnapshot snapshot() {
        List<KernelSnapshot.HeadState> hs = new ArrayList<>();
        for (AsyncHead ah : heads) {
            ah.lock.lock();
            try {
                if (ah.entry == null && ah.spares.isEmpty() && ah.busy.isEmpty() && ah.switches == 0
                        && ah.asyncHandoffs == 0) continue;    // an idle implicit head: nothing to show
                List<KernelSnapshot.TaskState> spares = new ArrayList<>(), busy = new ArrayList<>(), retired = new ArrayList<>();
                for (KTask s : ah.spares) spares.add(taskState(s));
                for (KTask s : ah.busy) busy.add(taskState(s));
                for (KTask s : ah.retired) retired.add(taskState(s));
                KTask h = ah.head;
                hs.add(new KernelSnapshot.HeadState(ah.id, ah.entry != null, h == null ? null : taskState(h), spares, busy,
                        retired, ah.switches, ah.asyncHandoffs, ah.sparesCreated, ah.closed, ah.detectorKind));
            } finally {
                ah.lock.unlock();
            }
        }
        List<CompletionRing.RingStats> rs = new ArrayList<>();
        for (CompletionRing r : rings.now()) rs.add(r.stats());
        long cached = 0, async = 0;
        List<KernelSnapshot.TaskState> all = new ArrayList<>();
        for (KTask t : tasks) {
            cached += t.cachedCount;
            async += t.wentAsyncCount;
            all.add(taskState(t));
        }
        return new KernelSnapshot(hs, all, rs, cached, async, forbiddenRefused.sum(), forbiddenLetThrough.sum(),
                jvmGuarded.sum(), retPtrFaults.sum(), signalsDelivered.sum(), kernelStackOverflows.sum(), internalErrors);
    }

    private static KernelSnapshot.TaskState taskState(KTask t) {
        return new KernelSnapshot.TaskState(t.id, t.tid, t.atAddr, t.at(), t.asyncReady(), t.forceNoerror, t.nest,
                t.currentAtom, t.runtimeThread);
    }

    /**
     * Releases what this kernel created: every runtime thread ends (spares at once; threads parked
     * inside a former head's user frames after those frames are unwound; a thread asleep in a real
     * syscall when that syscall returns), with its /proc descriptors and native scratch; the caller's
     * own task and those of ended threads are freed; ring state is dropped. Waits for the runtime
     * threads that are ending (up to {@code -Dsyslets.closeWaitMs}, 10 s, in all): not for one asleep
     * in a real syscall, nor for a live head or a signalled thread running user code; each of those
     * frees its task when it ends. Afterwards every entry point returns -EBADF. Idempotent.
     */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (AsyncHead ah : heads) ah.close();
        for (CompletionRing r : rings.now()) r.kick();
        kickCopyOuts();
        long deadline = System.nanoTime() + CLOSE_WAIT_NS;
        waiting:
        for (KTask t : tasks) {
            if (!t.runtimeThread || t.thread == Thread.currentThread()) continue;
            while (t.thread.isAlive()) {
                // asleep in a real syscall: a signal ends it (-EINTR) and its chain then stops, as
                // close() ends every thread it runs; again each round, in case it slept in a new one
                int ph = KTask.phase(t.word());
                if (ph == KTask.SYSCALL_SWITCHABLE || ph == KTask.SYSCALL_PINNED || ph == KTask.SWITCHED) {
                    t.signalPending = true;
                    interruptIfInSyscall(t);
                }
                // running user code (a live head's entry, a signalled thread's): it ends when that code returns
                AsyncHead ah = t.ah;
                if (t.inSignalUser || (ah != null && ah.head == t)) continue waiting;
                long left = deadline - System.nanoTime();
                if (left <= 0) break waiting;
                try {
                    t.thread.join(Math.max(1, Math.min(CLOSE_KICK_MS, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break waiting;
                }
            }
        }
        Thread me = Thread.currentThread();
        for (KTask t : tasks) {
            if (t.runtimeThread) continue;
            if (t.thread == me || t.thread.getState() == Thread.State.TERMINATED) {
                tasks.remove(t);
                t.release();
            }
        }
        rings.clear();
        synchronized (copyOuts) {
            copyOuts.clear();
        }
        heads.removeIf(ah -> ah.entry == null && !tasks.contains(ah.head));
        entries.clear();
        UserMemory.sweepDeadAccessors();
    }

    static final long CLOSE_WAIT_NS = Long.getLong("syslets.closeWaitMs", 10_000) * 1_000_000;
    /** How often close() signals a thread still asleep in a syscall while it waits for it. */
    static final long CLOSE_KICK_MS = 10;

    /** The runtime's own unwinding (not an error): the entry points' error guards let it pass. */
    abstract static class KernelControl extends Error {
        KernelControl(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Ends a runtime thread that is parked inside user frames (a former head) once its head's user
     * context has ended or the kernel closed: the frames are unwound up to the thread's base. Those
     * frames belong to a context that moved to another thread, so their finally blocks run then, once,
     * on this thread (Java cannot end a thread otherwise). Do not catch.
     */
    static final class KernelExit extends KernelControl {
        KernelExit() {
            super("syslet kernel closed: unwinding a former head's abandoned user frames");
        }
    }

    /** Thrown by async_thread on a runtime thread in user space, to unwind back to the pool. Do not catch. */
    static final class ReturnToPool extends KernelControl {
        ReturnToPool() {
            super("async_thread: back to the pool");
        }
    }
}
