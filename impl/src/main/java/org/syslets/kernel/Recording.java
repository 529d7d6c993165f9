package org.syslets.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Trace recording: the ring-level and task-level events of a real run, in the spec's vocabulary
 * (spec/SysletTrace.tla), for trace validation by TLC (module {@code trace/}).
 *
 * <p><b>Off by default, free when off.</b> {@link #ON} is a {@code static final} read once from
 * {@code -Dsyslets.trace=true}; every hook is {@code if (Recording.ON) ...}, which the JIT removes
 * entirely when it is false — no load, no branch, no allocation on any path (bench: see
 * docs/trace-validation.md for the cached-path numbers). When it is true, a hook costs one volatile
 * read of {@link #active} unless a recording was started.
 *
 * <p><b>Total order.</b> Every event is appended under the one global {@link #LOCK}, and each hook
 * holds that lock across the step's linearization point, not just the append:
 * <ul>
 *   <li>Post and Flush ({@link CompletionRing#post}/{@link CompletionRing#flush}): the lock is held
 *       for the whole call, i.e. across the acquire load of slot K, the slot store and the release
 *       store of K (the ring lock is held too; LOCK always nests inside the ring lock);</li>
 *   <li>Reap ({@code org.syslets.user.RingReaper#reap}): across the acquire load of slot U and the
 *       clearing store — the user side takes no kernel lock, so without this a post could see the
 *       cleared slot and be appended before the reap that cleared it;</li>
 *   <li>WaitEnter: across the reads of K and slot[U] and the events_left decision (not across the
 *       sleep); WaitWake/WaitIntr: when the waiter has the ring lock back after the sleep;</li>
 *   <li>SubmitAsync: in {@link AsyncHead#block} and the implicit head's SYSLET_ASYNC hand-off, under
 *       the head lock, before the background thread can run the chain, so it precedes its Post.</li>
 * </ul>
 * Any two steps that touch the same ring word (slot, K) are therefore appended in the order in
 * which they touched it, and steps that touch different words commute in the spec. The price: while
 * recording, a reap is atomic with respect to posts (a subset of the real interleavings — exactly
 * the atomicity spec/SysletRing.tla's Reap assumes; the non-atomic interleavings of post vs reap are
 * stress/'s JCStress tests). Recording never changes which branch the runtime takes.
 *
 * <p>Task level (registered heads only, {@link #task}; spec/SysletTaskTrace.tla): role changes
 * (CreateSpare, Block, Unblock, Park, AsyncThread, SignalToUser) are recorded under the head's lock
 * with LOCK nested inside it, so they are listed in the order in which they changed the roles;
 * ExecAtom, ExecExit and Complete touch only the acting task's own variables (the detector's Block
 * is the one other writer of a head's async_ready, and an atom it switched away from is recorded as
 * Block + Unblock, not ExecAtom); RefillStack holds LOCK across reading and storing the token, and
 * the kernel's consumption of it (AsyncHead#execEnter) holds LOCK too.
 *
 * <p><b>Planted bugs</b> ({@link Fault}): only reachable when {@link #ON} (the trace JVM); in a
 * production JVM every {@code Recording.ON && fault == ...} test is constant false. They exist to
 * show that TLC rejects traces of a broken runtime at the right step (trace/ TraceTeethTest).
 */
public final class Recording {
    /**
     * What the recorder keeps of one task between its events (trace JVM only; the task's own state
     * has no recording fields): the submission it entered as head ({@code sub}) and the one it
     * finishes in the background ({@code owner}); the current atom's at/async_ready as the exclusion
     * test saw them and its verdict ("-", "refused", "ran"); whether the detector switched the head
     * away inside it (then it is Block+Unblock, not ExecAtom); whether it left to user space by
     * SignalToUser (its return to the pool is AsyncThread, not Park). Written under the same locks
     * as the events that read them.
     */
    static final class Notes {
        long sub, owner;
        boolean at, ready, switched, signalled;
        String verdict = "-";
    }

    /** Keyed by the task itself (identity: no boxing, nothing allocated on a lookup that finds it). */
    private static final ConcurrentHashMap<KTask, Notes> NOTES = new ConcurrentHashMap<>();

    /** The recorder's notes of task {@code t} (call under {@code if (Recording.ON)}). */
    static Notes of(KTask t) {
        Notes n = NOTES.get(t);
        return n != null ? n : NOTES.computeIfAbsent(t, k -> new Notes());
    }

    /** Task {@code t} is gone: its notes go too. */
    static void forget(KTask t) {
        NOTES.remove(t);
    }

    /** Start of an atom (or a threadlet's runtime syscall): the exclusion test has not run yet. */
    static void beginAtom(KTask t) {
        Notes n = of(t);
        n.switched = false;
        n.verdict = "-";
        n.at = t.at() != 0;
        n.ready = t.asyncReady() != 0;
    }

    /** Compiled-in switch: {@code -Dsyslets.trace=true}. Constant for the JVM's lifetime. */
    public static final boolean ON = Boolean.getBoolean("syslets.trace");

    static final ReentrantLock LOCK = new ReentrantLock();
    private static volatile boolean active;
    private static final List<Event> events = new ArrayList<>();

    /** One planted runtime bug at a time (trace JVM only). */
    public enum Fault {
        NONE,
        /** CompletionRing stores over a taken slot (the v1 doc's "will not overwrite" broken). */
        POST_OVERWRITES,
        /** CompletionRing#waitEnter decides with v5's K - U even when MM1 is fixed (the wrong formula). */
        WAIT_V5_FORMULA,
        /** The fixed backlog is flushed newest first (completion order broken). */
        FLUSH_NEWEST_FIRST,
        /** A background completion is posted twice (AsyncHead#complete). */
        POST_TWICE,
        /**
         * A second head: the head switch ({@link AsyncHead#block}) makes the spare head but does not
         * demote the old head — it keeps async_ready and is not counted busy, so two tasks consider
         * themselves the owner of the user context (spec: SysletTasks' "no_demote"/"keep_ready").
         */
        SECOND_HEAD,
        /**
         * A lost wake-up in the spare's loop ({@link AsyncHead#cachemissLoop}): after checking its
         * work word the spare re-arms its sleep (consumes the park permit a hand-off may have left),
         * as v1's cachemiss_loop re-set TASK_INTERRUPTIBLE after the check (AM3; spec:
         * SysletCachemiss with Placement = "head"). For the stress suite's JCStress CachemissWakeup.
         */
        LOST_WAKEUP,
        /**
         * A watcher asleep in ppoll (the perf detector) is only unparked by a hand-off or close
         * ({@link AsyncHead}'s wake skips the eventfd): it sleeps on with work handed to it (AM3).
         * For the stress suite's JCStress WatcherWakeup.
         */
        WATCHER_UNWOKEN,
        /**
         * A user of a ring the kernel dropped while idle does not re-check the drop mark
         * ({@link CompletionRing#post}, {@link CompletionRing#waitEnter}): it posts to, or sleeps on, an
         * object the kernel no longer finds for its ahu. For the stress suite's JCStress
         * PostVsDrop and WaitVsDrop.
         */
        DROP_UNCHECKED,
        /**
         * {@link CompletionRing#releaseIfIdle} drops a ring that has a sleeper or a backlog (the
         * "idle" condition broken). For the stress suite's JCStress PostVsDrop and WaitVsDrop.
         */
        DROP_BUSY,
        /** {@link CopyOutQueue}: a waiter returns as soon as anything is queued, before its min (early return). */
        COPYOUT_WAKE_EARLY,
        /** {@link CopyOutQueue}: the take copies the completions but leaves them queued (duplicates). */
        COPYOUT_PEEK,
        /** {@link CopyOutQueue}: a faulted copy forgets what it took (lost completions). */
        COPYOUT_REQUEUE_NONE
    }

    static volatile Fault fault = Fault.NONE;

    /** Plants {@code f} (trace JVM only: throws unless {@link #ON}). */
    public static void plant(Fault f) {
        if (!ON) throw new IllegalStateException("fault injection needs -Dsyslets.trace=true");
        fault = f;
    }

    static boolean faulty(Fault f) {
        return ON && fault == f;
    }

    /**
     * One recorded event. {@code ring}: the ahu address (0 for SubmitAsync: the converter links it
     * to the ring of the task's next Post/Retire); {@code task}: the KTask id that submitted, posted
     * or retired; {@code atom}: the atom (or event) address; {@code k}/{@code u}: K after a
     * post/flush (-1 when not read), U after a reap or the U passed to a wait; {@code m}/{@code el}:
     * min_wait_events and the events_left computed; {@code out}: Post stored|dropped|backlog|fault,
     * WaitEnter sleep|return.
     */
    public record Event(String a, long ring, long task, long atom, long k, long u, long m, long el, String out) {
    }

    private Recording() {
    }

    /** Starts a new recording (trace JVM only). */
    public static void start() {
        if (!ON) throw new IllegalStateException("recording needs -Dsyslets.trace=true");
        LOCK.lock();
        try {
            events.clear();
            active = true;
        } finally {
            LOCK.unlock();
        }
    }

    /** Stops the recording and returns its events in their total order. */
    public static List<Event> stop() {
        LOCK.lock();
        try {
            active = false;
            return new ArrayList<>(events);
        } finally {
            LOCK.unlock();
        }
    }

    /** Takes the recording lock (hooks only; call under {@code if (Recording.ON)}). */
    public static void lock() {
        LOCK.lock();
    }

    public static void unlock() {
        LOCK.unlock();
    }

    /** Sees every appended event on the thread that appends it, under {@link #LOCK} (trace JVM only). */
    @FunctionalInterface
    public interface Listener {
        void appended(Event e);
    }

    private static volatile Listener listener;

    /**
     * Installs {@code l} (null removes it). The refinement table's test uses it to see which method
     * emits each event (its stack); the runtime's branches are the same with or without it.
     */
    public static void listen(Listener l) {
        if (!ON) throw new IllegalStateException("a listener needs -Dsyslets.trace=true");
        listener = l;
    }

    /** Appends an event; the caller holds {@link #LOCK} across the step's linearization point. */
    static void record(String a, long ring, long task, long atom, long k, long u, long m, long el, String out) {
        if (!active) return;
        Event e = new Event(a, ring, task, atom, k, u, m, el, out);
        events.add(e);
        Listener l = listener;
        if (l != null) l.appended(e);
    }

    /**
     * A task-level event (spec/SysletTasks.tla via spec/SysletTaskTrace.tla) of a <em>registered</em>
     * head {@code ah} (implicit heads are not recorded at this level: docs/trace-validation.md,
     * "Limits"). Encoded in {@link Event}'s fields: {@code ring} = the head's id, {@code task} = the
     * acting task, {@code atom} = the second task (CreateSpare: the new spare, Block: the new head;
     * 0 otherwise), {@code k}/{@code u} = at/async_ready as 0/1 (-1: not logged), {@code m} = the
     * submission number (ExecEnter: sub after; Block/Complete/SignalToUser: the task's owner),
     * {@code el} = the ahu (ExecEnter/CreateSpare), {@code out} = verdict, role or post flag.
     * Caller holds {@link #LOCK} across the step's linearization point.
     */
    static void task(String a, AsyncHead ah, KTask t, KTask s, long sub, int at, int ready, long ahu, String out) {
        record(a, ah.id, t.id, s == null ? 0 : s.id, at, ready, sub, ahu, out);
    }

    /**
     * RefillStack hook for {@code org.syslets.user.SpareStacks} (user side): {@code before} is the
     * value of ahu->new_thread_stack that the refill replaced (only a refill of 0 is a spec step).
     * Caller holds {@link #LOCK} across the read of the old value and the store of the new one.
     */
    public static void refill(long ahu, long before) {
        record("RefillStack", ahu, 0, 0, -1, -1, 0, before, "-");
    }

    /** Reap hook for {@code org.syslets.user.RingReaper} (user side). Caller holds {@link #LOCK}. */
    public static void reap(long ahu, long atom, long uAfter) {
        record("Reap", ahu, 0, atom, -1, uAfter, 0, 0, "-");
    }
}
