package org.syslets.kernel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import org.syslets.abi.AtomCodec;
import org.syslets.linux.BlockDetector;
import org.syslets.linux.UserMemory;

/**
 * The kernel's per-thread state (a slice of {@code task_struct}) for one Java thread and one
 * {@link SysletKernel}.
 *
 * <p>{@code at} and {@code asyncReady} mirror Milton's description exactly (MM6): {@code at} is only
 * ever NULL or {@link #atAddr} (the address of this task's {@code __at}), {@code asyncReady} only NULL
 * or {@code at}. at ≠ NULL ⇔ the thread is inside the syslet machinery (head inside async_exec, busy
 * background thread, parked spare); asyncReady ≠ NULL ⇔ the thread is the head inside async_exec
 * running a non-SYNC atom (only such a thread may be switched away from).
 *
 * <p>The state word ({@link UserMemory.Accessor#word}) is {@code seq << 3 | phase}. It is both the
 * "in syscall #seq" word the blocking detector polls and the grace-period word of
 * {@link UserMemory}. Only RUNNING dereferences registered user memory.
 */
final class KTask extends UserMemory.Accessor implements AtomCodec.Memory {
    static final int IDLE = 0, RUNNING = 1, SYSCALL_SWITCHABLE = 2, SYSCALL_PINNED = 3, SWITCHED = 4, SLEEPING = 5;
    private static final AtomicLong IDS = new AtomicLong();
    private static final VarHandle AT, ASYNC_READY;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            AT = l.findVarHandle(KTask.class, "at", long.class);
            ASYNC_READY = l.findVarHandle(KTask.class, "asyncReady", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final SysletKernel kernel;
    final Thread thread;
    final long id = IDS.incrementAndGet();
    /** {@code &t->__at}: a non-NULL token unique to this task. */
    final long atAddr = 0x7a7_0000_0000L + id * 0x100;
    volatile int tid;
    /** True for threads the runtime created (spares); false for user threads that called in. */
    final boolean runtimeThread;

    @SuppressWarnings("unused") private volatile long at;
    @SuppressWarnings("unused") private volatile long asyncReady;
    /** Plain mirror of the state word's sequence: only the owning thread changes its own word on the fast path. */
    private long seq;

    /** The async head this task belongs to (as head, spare or busy thread); set under its lock. */
    volatile AsyncHead ah;
    /** Milton (MM9): per-thread force_syscall_noerror. */
    boolean forceNoerror;
    /** A pending signal: honoured between atoms and by async_wait. */
    volatile boolean signalPending;
    /** The syscall number in progress (for /proc/<tid>/syscall confirmation by the detector). */
    long currentNr;
    /** The atom a busy thread is executing (snapshot only: a plain store, read racily). */
    long currentAtom;
    /** FlagDecoding.validate accepted the current atom's flags. */
    boolean aValid;
    /** Created as a spare (goes to new_thread_ip on a signal) or was once a head (goes to head_ip). */
    volatile boolean wasHead;
    /** new_thread_ip read from ahu when this task was created as a spare. */
    long newThreadIp;
    /** How many user-context entries are nested on this Java stack (bounded, see AsyncHead.park). */
    int nest;
    /** Scratch for get_user. */
    final long[] tmp = new long[1];
    /** Decoded header (AtomCodec#copyUatom), argument pointers and values of the atom being executed. */
    final long[] hdr = new long[AtomCodec.HEADER_WORDS], argPtr = new long[6], args = new long[6];
    /** Nesting of kernel entry points on this thread (only the outermost changes the state word). */
    int kdepth;
    /** Set by execAtom when the atom itself (header or arg_ptr array) could not be read. */
    boolean atomFault;
    /** Error of the last chain (0, or -EFAULT when a ret_ptr store failed / an atom was unreadable). */
    long chainErr;
    /** Flags of the last atom that was executed (NO_COMPLETE decides on them). */
    int lastFlags;
    /** The final atom's flag word passed validation (a rejected word's NO_COMPLETE means nothing). */
    boolean lastValid;
    /** The chain stopped between atoms because of a signal. */
    boolean stoppedBySignal;
    /** Inside a SignalToUser callback (async_thread then returns the thread to the pool). */
    boolean inSignalUser;
    /** Per-task counters (summed by the snapshot; plain, written by the owner only). */
    long cachedCount, wentAsyncCount;

    // Decoded atom being executed (no allocation per atom).
    int aFlags;
    long aNext;
    long aRetPtr;
    int aNr;

    // Work handed to a parked spare.
    static final int W_NONE = 0, W_BECOME_HEAD = 1, W_RUN_CHAIN = 2, W_EXIT = 3;
    volatile int work;
    long workAtom, workAhu;
    UserEntry workEntry;
    long workRet;

    volatile BlockDetector detector;

    KTask(SysletKernel kernel, Thread thread, boolean runtimeThread, int tid) {
        this.kernel = kernel;
        this.thread = thread;
        this.runtimeThread = runtimeThread;
        this.tid = tid;
        this.detector = new BlockDetector(tid);
    }

    /** Runtime threads learn their tid once they run. */
    void bindTid(int tid) {
        this.tid = tid;
        this.detector.close();
        this.detector = new BlockDetector(tid);
    }

    @Override
    protected boolean ownerEnded() {
        // The registry holds this task from Accessor's constructor on, before KTask's own fields are
        // set: a task still being built (thread null) is not ended. NEW (not yet started) is not ended.
        Thread th = thread;
        return th != null && th.getState() == Thread.State.TERMINATED;
    }

    /** The thread is gone (or the kernel closed): its native scratch, detector fds and registry entries go. */
    void release() {
        detector.close();
        releaseAccessor();
        if (Recording.ON) Recording.forget(this);
    }

    // ------------------------------------------------------------------ at / async_ready
    long at() { return (long) AT.getAcquire(this); }
    long asyncReady() { return (long) ASYNC_READY.getAcquire(this); }
    void setAt(boolean inside) { AT.setRelease(this, inside ? atAddr : 0L); }
    /** async_ready := at (ready) or NULL. */
    void setAsyncReady(boolean ready) { ASYNC_READY.setRelease(this, ready ? atAddr : 0L); }

    // ------------------------------------------------------------------ state word
    static int phase(long w) { return (int) (w & 7); }

    long word() { return (long) WORD.getVolatile(this); }

    /** Kernel entry: RUNNING with a full fence, before any registry lookup. */
    void enterKernel() {
        seq += 8;
        WORD.setVolatile(this, seq | RUNNING);
    }

    /** Leaving the kernel (back to user code, or parking): quiescent. */
    void leaveKernel() {
        seq += 8;
        WORD.setRelease(this, seq | IDLE);
    }

    /** Quiescent sleep (async_wait, parked spare). Re-enter with {@link #enterKernel}. */
    void sleeping() {
        seq += 8;
        WORD.setRelease(this, seq | SLEEPING);
    }

    /**
     * "In syscall #seq": a plain release store before the real syscall. The detector polls it; a
     * stale read only delays detection.
     */
    long beginSyscall(boolean switchable) {
        seq += 8;
        long w = seq | (switchable ? SYSCALL_SWITCHABLE : SYSCALL_PINNED);
        WORD.setRelease(this, w);
        return w;
    }

    /**
     * After the syscall: CAS back to RUNNING. False when the detector won the race and switched the
     * head away (the word is SWITCHED): this thread now finishes the chain in the background.
     * The CAS is also the full fence the grace-period protocol needs before the next registry lookup.
     */
    boolean endSyscall(long w) {
        seq += 8;
        if (WORD.compareAndSet(this, w, seq | RUNNING)) return true;
        return false;
    }

    /** After a lost race: re-enter RUNNING (full fence) from SWITCHED. */
    void resumeAfterSwitch() {
        seq += 8;
        WORD.setVolatile(this, seq | RUNNING);
    }

    /**
     * After a Java error inside the runtime: leave a syscall bracket the error may have cut short,
     * so the detector never mistakes this running thread for one asleep in a syscall. If the
     * detector already switched the head away, this thread is a background thread now.
     */
    void recoverAfterError() {
        long w = word();
        int ph = phase(w);
        if (ph == SYSCALL_SWITCHABLE || ph == SYSCALL_PINNED) {
            if (!endSyscall(w)) ah.unblock(this);
        } else if (ph == SWITCHED) {
            ah.unblock(this);
        } else if (ph != RUNNING) {
            enterKernel();
        }
    }

    /** Detector side: switch the head away if it is still in syscall {@code w}. */
    boolean casSwitched(long w) {
        return WORD.compareAndSet(this, w, (w & ~7L) | SWITCHED);
    }

    @Override
    protected boolean quiescent(long w) {
        return phase(w) != RUNNING;
    }

    /**
     * The kernel's stores (ret_ptr, ring slots and K, new_thread_stack, umem_add) outside the
     * registered regions reach only mappings atoms made: anything else is the JVM's memory. A ret_ptr
     * whose low five bytes an unaligned -ENOSYS had overwritten named the last byte below a glibc
     * heap, and the store made its arena pointer 0x00ffffffffffffff ("malloc assertion failure", a
     * SIGBUS in malloc on a starting thread: the fuzzer's fixed-design crash, WildPointerTest).
     */
    @Override
    protected boolean storesOutsideRegions(long addr, int len) {
        return JvmGuard.atomMapping(addr, len);
    }

    // ------------------------------------------------------------------ copy_uatom's view of user memory
    @Override
    public long resolve(long addr, int len) {
        return UserMemory.resolveRead(this, addr, len);
    }

    @Override
    public int loadInt(long base) {
        return UserMemory.U.getInt(base);
    }

    @Override
    public long loadLong(long base) {
        return UserMemory.U.getLong(base);
    }

    @Override
    public String toString() {
        return "task" + id + "/tid" + tid;
    }
}
