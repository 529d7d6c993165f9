------------------------------- MODULE Syslet -------------------------------
(***************************************************************************)
(* The syslet design composed: the threads of one async head (SysletTasks) *)
(* feed the completion ring (SysletRing); atom flags (SysletFlags) decide  *)
(* whether a finished background syslet is queued.                        *)
(*                                                                         *)
(*   head switch (Tasks Block)        = the syslet goes async (Ring)       *)
(*   background chain ends (Complete) = Post, or Retire on NO_COMPLETE     *)
(*   signalled background thread      = Post of its last executed atom     *)
(*   user space reaps and waits       only while the user context runs     *)
(*                                     user code (Tasks phase = "user")    *)
(*                                                                         *)
(* The variants of the parts are constants here: a v5 model and a fixed    *)
(* model differ only in their .cfg.                                        *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets, Sequences

CONSTANTS
    Threads, NULL, MaxSubs, Kinds,        \* tasks
    N, W, Formula, Overflow, Depth,       \* ring
    Exclusion,                            \* "async_ready" (v5) | "at" (fixed)
    Decoding                              \* "v5" | "validated"

VARIABLES
    slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
    pub, upc, ureg, wstate, wret, wmin, eventsLeft, sigPending, faulted, errors,
    role, phase, kind, blocked, at, asyncReady, syncAtom, token, sub, owner, resumed,
    completed, cached, tookStack, forbiddenRan, syncSwitched

ringVars == <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
              pub, upc, ureg, wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>
taskVars == <<role, phase, kind, blocked, at, asyncReady, syncAtom, token, sub, owner, resumed,
              completed, cached, tookStack, forbiddenRan, syncSwitched>>
vars == <<ringVars, taskVars>>

\* Submissions are the ring's syslets; completion faults are the ring models' concern.
Ring == INSTANCE SysletRing WITH Atoms <- 1 .. MaxSubs, FaultyAtoms <- {}
Tasks == INSTANCE SysletTasks
Flags == INSTANCE SysletFlags

\* The flags of a final atom that matter to the ring.
FinalWords == {0, Flags!NO_COMPLETE}

Init == Ring!RingInit /\ Tasks!TasksInit

\* The user enters (async_exec or threadlet_on) -- not while it sleeps in
\* async_wait or is in the middle of a reap -- keeping at most Depth
\* syslets outstanding.
EnterStep(A) ==
    /\ Ring!UserIdle
    /\ Ring!Outstanding < Depth
    /\ A
    /\ UNCHANGED ringVars
ExecEnter(t) == EnterStep(Tasks!ExecEnter(t))
ThreadletOn(t) == EnterStep(Tasks!ThreadletOn(t))

\* The submission goes async exactly when the blocking head switches.
WentAsync(t) == Tasks!Switches(t)

\* The head blocks: if it switches, the submission has gone async.
Block(t) ==
    /\ Tasks!Block(t)
    /\ IF WentAsync(t) THEN Ring!SubmitAsync(sub) ELSE UNCHANGED ringVars

\* A background chain ends: the final atom is posted unless NO_COMPLETE.
Complete(t) ==
    \E w \in FinalWords :
        LET queue == ~Flags!HasBit(w, Flags!NO_COMPLETE) IN
        /\ Tasks!Complete(t, queue)
        /\ IF queue THEN Ring!Post(owner[t]) ELSE Ring!Retire(owner[t])

\* A signal stopped the chain: its last executed atom is posted (the chain
\* ended early, and user space must learn of it).
SignalToUser(t) == Tasks!SignalToUser(t) /\ Ring!Post(owner[t])

\* The other steps of one part, each named after that part's action (so that
\* counterexamples name them): a task step leaves the ring alone, a ring step
\* the tasks; the user's ring steps happen only while it runs user code.
ExecAtom(t) == Tasks!ExecAtom(t) /\ UNCHANGED ringVars
Unblock(t) == Tasks!Unblock(t) /\ UNCHANGED ringVars
ExecExit(t) == Tasks!ExecExit(t) /\ UNCHANGED ringVars
ThreadletOff(t) == Tasks!ThreadletOff(t) /\ UNCHANGED ringVars
Park(t) == Tasks!Park(t) /\ UNCHANGED ringVars
AsyncThread(t) == Tasks!AsyncThread(t) /\ UNCHANGED ringVars
RefillStack == Tasks!RefillStack /\ Ring!UserIdle /\ UNCHANGED ringVars
ReapRead == Ring!ReapRead /\ Tasks!UserMode /\ UNCHANGED taskVars
ReapClear == Ring!ReapClear /\ Tasks!UserMode /\ UNCHANGED taskVars
ReapAdvance == Ring!ReapAdvance /\ Tasks!UserMode /\ UNCHANGED taskVars
WaitEnter(m) == Ring!WaitEnter(m) /\ Tasks!UserMode /\ UNCHANGED taskVars
PublishK == Ring!PublishK /\ UNCHANGED taskVars
Flush == Ring!Flush /\ UNCHANGED taskVars
Signal == Ring!Signal /\ UNCHANGED taskVars
WaitIntr == Ring!WaitIntr /\ UNCHANGED taskVars
WaitReturn == Ring!WaitReturn /\ UNCHANGED taskVars

Next ==
    \/ \E t \in Threads :
         \/ ExecEnter(t) \/ ThreadletOn(t) \/ ExecAtom(t) \/ Block(t) \/ Unblock(t)
         \/ ExecExit(t) \/ ThreadletOff(t) \/ Complete(t) \/ Park(t) \/ SignalToUser(t)
         \/ AsyncThread(t)
    \/ RefillStack
    \/ ReapRead \/ ReapClear \/ ReapAdvance
    \/ \E m \in Ring!WaitMins : WaitEnter(m)
    \/ PublishK \/ Flush \/ Signal \/ WaitIntr \/ WaitReturn

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* The invariants of the parts, and what only the composition can state. *)

TypeOK == Ring!RingTypeOK /\ Tasks!TasksTypeOK
NoOverwrite == Ring!NoOverwrite
SlotOwnership == Ring!SlotOwnership
ReapSeesPublished == Ring!ReapSeesPublished
ExactlyOnceReap == Ring!ExactlyOnceReap
Accounting == Ring!Accounting
NoCompletionLost == Ring!NoCompletionLost
WaitNeverStarves == Ring!WaitNeverStarves
WaitReturnsWithEvents == Ring!WaitReturnsWithEvents
EventsLeftExact == Ring!EventsLeftExact
DepthKept == Ring!DepthKept
PublishedIsReapable == Ring!PublishedIsReapable
WaitDecidedOnce == Ring!WaitDecidedOnce
ExactlyOneHead == Tasks!ExactlyOneHead
OnlyHeadAsyncReady == Tasks!OnlyHeadAsyncReady
AtShape == Tasks!AtShape
AtMeansAsyncThread == Tasks!AtMeansAsyncThread
ForbiddenRefused == Tasks!ForbiddenRefused
NoForbiddenInBackground == Tasks!NoForbiddenInBackground
ResumedAtMostOnce == Tasks!ResumedAtMostOnce
OneCompletionPerSyslet == Tasks!OneCompletionPerSyslet
NoSwitchOnSync == Tasks!NoSwitchOnSync
ThreadletMayGoAsync == Tasks!ThreadletMayGoAsync
BlockedMeansRunning == Tasks!BlockedMeansRunning
HeadAwakeInUser == Tasks!HeadAwakeInUser
StackTakenBySpare == Tasks!StackTakenBySpare

\* Cached => no ring entry: a submission that never went async never
\* reaches the ring, and one that went async was resumed exactly once.
CachedNeverQueued ==
    /\ \A s \in cached : s \notin submitted
    /\ \A s \in submitted : resumed[s] = 1

\* A syslet leaves the ring without an entry only because its final atom
\* said SYSLET_NO_COMPLETE: a chain stopped by a signal produced its event
\* (SignalToUser) and must be posted, never retired as silent.
SilentMeansNoComplete == \A s \in silent : completed[s] = 0

\* The other side (JA4, "one event per async syslet, unless its final atom
\* says NO_COMPLETE"): a syslet that went async and has ended -- posted,
\* backlogged, reaped, or stopped by a signal -- has produced its event.
EndedSysletCompleted == \A s \in submitted \ (inflight \cup silent) : completed[s] = 1

\* "user space reaps and waits only while the user context runs user code":
\* a reap in progress or an async_wait keeps the user context out of
\* async_exec and threadlet_on.
UserRingStepsInUserCode == (upc # "idle" \/ wstate # "user") => Tasks!UserMode
=============================================================================
