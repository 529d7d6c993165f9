------------------------------- MODULE Syslet -------------------------------
(***************************************************************************)
(* The syslet design composed: the threads of one async head (SysletTasks) *)
(* feed the completion ring (SysletRing); atom flags (SysletAtoms) decide  *)
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
    Threads, HeadThread, NULL, MaxSubs,   \* tasks
    N, W, Formula, Overflow, Depth,       \* ring
    Exclusion,                            \* "async_ready" (v5) | "at" (fixed)
    Decoding,                             \* "v5" | "validated"
    RingMutation, TaskMutation,           \* planted bugs of the parts ("none")
    SysletMutation                        \* "none" | "queue_sync_block"

ASSUME SysletMutation \in {"none", "queue_sync_block"}

VARIABLES
    slot, K, U, submitted, inflight, backlog, posted, dropped, silent,
    reapCount, wstate, wmin, eventsLeft,
    role, phase, blocked, at, asyncReady, token, sub, owner, resumed,
    completed, cached, forbiddenRan

ringVars == <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent,
              reapCount, wstate, wmin, eventsLeft>>
taskVars == <<role, phase, blocked, at, asyncReady, token, sub, owner, resumed,
              completed, cached, forbiddenRan>>
vars == <<ringVars, taskVars>>

Ring == INSTANCE SysletRing WITH Atoms <- 1 .. MaxSubs
Tasks == INSTANCE SysletTasks
\* Only the decoding operators of the atoms module are used here.
Flags == INSTANCE SysletAtoms WITH
    L <- 1, ChainWords <- {}, AtomMutation <- "none",
    word <- 0, result <- 0, pc <- 0, mode <- "cached", status <- "done", sig <- FALSE,
    posted <- 0, finalNC <- FALSE, syncSwitch <- FALSE, sinceSig <- 0

\* The flags of a final atom that matter to the ring.
FinalWords == {0, Flags!NO_COMPLETE}

Init == Ring!RingInit /\ Tasks!TasksInit

\* The user calls async_exec (not while it sleeps in async_wait), keeping at
\* most Depth syslets outstanding.
ExecEnter(t) ==
    /\ Ring!UserRunning
    /\ Ring!Outstanding < Depth
    /\ Tasks!ExecEnter(t)
    /\ UNCHANGED ringVars

\* The head blocks: if it switches, the submission has gone async.
Block(t) ==
    /\ Tasks!Block(t)
    /\ IF (asyncReady[t] # NULL /\ Tasks!Spares # {}) \/ SysletMutation = "queue_sync_block"
         THEN Ring!SubmitAsync(sub)
         ELSE UNCHANGED ringVars

\* A background chain ends: the final atom is posted unless NO_COMPLETE.
Complete(t) ==
    \E w \in FinalWords :
        LET queue == ~Flags!HasBit(w, Flags!NO_COMPLETE) IN
        /\ Tasks!Complete(t, queue)
        /\ IF queue THEN Ring!Post(owner[t]) ELSE Ring!Retire(owner[t])

SignalToUser(t) == Tasks!SignalToUser(t) /\ Ring!Post(owner[t])

TaskOnly(A) == A /\ UNCHANGED ringVars
UserRingStep(A) == A /\ Tasks!UserMode /\ UNCHANGED taskVars
KernelRingStep(A) == A /\ UNCHANGED taskVars

Next ==
    \/ \E t \in Threads :
         \/ ExecEnter(t)
         \/ TaskOnly(Tasks!ExecAtom(t))
         \/ Block(t)
         \/ TaskOnly(Tasks!Unblock(t))
         \/ TaskOnly(Tasks!ExecExit(t))
         \/ Complete(t)
         \/ TaskOnly(Tasks!Park(t))
         \/ SignalToUser(t)
         \/ TaskOnly(Tasks!AsyncThread(t))
    \/ TaskOnly(Tasks!RefillStack /\ Ring!UserRunning)
    \/ UserRingStep(Ring!Reap)
    \/ \E m \in 1 .. N : UserRingStep(Ring!WaitEnter(m))
    \/ KernelRingStep(Ring!WaitWake)
    \/ KernelRingStep(Ring!Flush)

Spec == Init /\ [][Next]_vars

-----------------------------------------------------------------------------
(* The invariants of the parts, and what only the composition can state. *)

TypeOK == Ring!RingTypeOK /\ Tasks!TasksTypeOK
NoOverwrite == Ring!NoOverwrite
SlotOwnership == Ring!SlotOwnership
ExactlyOnceReap == Ring!ExactlyOnceReap
Accounting == Ring!Accounting
NoCompletionLost == Ring!NoCompletionLost
WaitNeverStarves == Ring!WaitNeverStarves
ExactlyOneHead == Tasks!ExactlyOneHead
OnlyHeadAsyncReady == Tasks!OnlyHeadAsyncReady
AtShape == Tasks!AtShape
AtMeansAsyncThread == Tasks!AtMeansAsyncThread
ForbiddenRefused == Tasks!ForbiddenRefused
ResumedAtMostOnce == Tasks!ResumedAtMostOnce
OneCompletionPerSyslet == Tasks!OneCompletionPerSyslet

\* Cached => no ring entry: a submission that never went async never
\* reaches the ring, and one that went async was resumed exactly once.
CachedNeverQueued ==
    /\ \A s \in cached : s \notin submitted
    /\ \A s \in submitted : resumed[s] = 1
=============================================================================
