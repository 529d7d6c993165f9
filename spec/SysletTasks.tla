----------------------------- MODULE SysletTasks -----------------------------
(***************************************************************************)
(* The threads of one async head in v5: the head (the task that owns the   *)
(* user context), parked spare cachemiss threads, and busy background      *)
(* threads that finish a blocked syslet.                                   *)
(*                                                                         *)
(* Per-task state exactly as Milton found it (MM6, docs/sources.md):       *)
(* "t->at is only ever set to &t->__at and async_ready is only set to the  *)
(* same at or NULL".  Modelling reading [I]:                               *)
(*   at[t] # NULL          t is inside the syslet machinery: the head      *)
(*                         inside async_exec, a busy background thread, a  *)
(*                         parked (or parking) spare;                      *)
(*   asyncReady[t] # NULL  t is the head inside async_exec running an atom *)
(*                         without SYSLET_SYNC: if it blocks, it switches. *)
(*                                                                         *)
(* The head switch (Block): when the head blocks in an atom's syscall, a   *)
(* spare becomes the head and returns to user space with 0 ("went async",  *)
(* restore_ip/head_ip -- Milton's "minimal longjmp", MM18); the blocked    *)
(* task finishes the chain in the background, posts the completion and     *)
(* parks as a spare.  A spare is created at async_exec entry from          *)
(* ahu->new_thread_stack, which the kernel zeroes and user space refills.  *)
(*                                                                         *)
(* Exclusion (MM21): forbidden syscalls (fork, clone, execve, exit,        *)
(* async_exec, ...) must be refused inside a syslet.  v5 asks "am I inside *)
(* a syslet?" with t->async_ready, which "would catch callers who might go *)
(* async on schedule() instead of those running async in the background";  *)
(* the fix asks t->at as well ("Or maybe a combination").                  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Threads,      \* the tasks that can serve this head
    HeadThread,   \* the task that is head initially
    NULL,
    MaxSubs,      \* async_exec calls the user makes
    Exclusion,    \* "async_ready" (v5) | "at" (fixed: at or async_ready)
    TaskMutation  \* "none", or one planted bug that a sibling model must catch

ASSUME HeadThread \in Threads
ASSUME MaxSubs \in Nat
ASSUME Exclusion \in {"async_ready", "at"}
ASSUME TaskMutation \in {"none", "keep_ready", "no_demote", "ready_without_at",
                         "head_keeps_at", "double_resume", "post_cached", "post_twice",
                         "sub_overrun"}

\* &t->__at: the only non-NULL value t->at ever takes.
AT(t) == <<"__at", t>>

Subs == 1 .. MaxSubs
Roles == {"none", "head", "spare", "busy", "parking", "signalled"}

VARIABLES
    role,        \* role[t] \in Roles ("signalled": a background thread sent to user space)
    phase,       \* the user context: "user" (running user code) or "kernel" (inside async_exec)
    blocked,     \* blocked[t]: t sleeps in an atom's syscall
    at,          \* t->at
    asyncReady,  \* t->async_ready
    token,       \* ahu->new_thread_stack # 0
    sub,         \* async_exec calls made so far; the current one is sub
    owner,       \* owner[t]: the submission a background thread is finishing (0: none)
    resumed,     \* resumed[s]: how often user space was told that s went async
    completed,   \* completed[s]: ring entries produced for s
    cached,      \* submissions that returned synchronously (cached)
    forbiddenRan \* where a forbidden syscall ran inside a syslet: "head", "background"

taskVars == <<role, phase, blocked, at, asyncReady, token, sub, owner, resumed,
              completed, cached, forbiddenRan>>

Head == CHOOSE t \in Threads : role[t] = "head"
Spares == {t \in Threads : role[t] = "spare"}
UserMode == phase = "user"

\* "Am I inside a syslet?" -- the test that refuses forbidden syscalls.
InsideSyslet(t) ==
    IF Exclusion = "async_ready"
      THEN asyncReady[t] # NULL                    \* v5 (MM21)
      ELSE at[t] # NULL \/ asyncReady[t] # NULL    \* Milton: "Or maybe a combination"

\* A thread currently executing atoms.
RunsAtoms(t) == ~blocked[t] /\ (role[t] = "busy" \/ (role[t] = "head" /\ phase = "kernel"))

TasksInit ==
    /\ role = [t \in Threads |-> IF t = HeadThread THEN "head" ELSE "none"]
    /\ phase = "user"
    /\ blocked = [t \in Threads |-> FALSE]
    /\ at = [t \in Threads |-> NULL]
    /\ asyncReady = [t \in Threads |-> NULL]
    /\ token = TRUE
    /\ sub = 0
    /\ owner = [t \in Threads |-> 0]
    /\ resumed = [s \in Subs |-> 0]
    /\ completed = [s \in Subs |-> 0]
    /\ cached = {}
    /\ forbiddenRan = {}

-----------------------------------------------------------------------------
(* Entering async_exec. *)

\* t enters async_exec; the threads in S become fresh spares.  The first atom
\* may carry SYSLET_SYNC (sy), in which case t is not async-ready while it runs.
EnterWith(t, S) ==
    /\ role' = [s \in Threads |-> IF s \in S THEN "spare" ELSE role[s]]
    /\ token' = (token /\ S = {})
    /\ phase' = "kernel"
    /\ sub' = sub + 1
    /\ \E sy \in BOOLEAN :
         /\ at' = [s \in Threads |->
                     IF s \in S \/ (s = t /\ TaskMutation # "ready_without_at") THEN AT(s) ELSE at[s]]
         /\ asyncReady' = [asyncReady EXCEPT ![t] = IF sy THEN NULL ELSE AT(t)]
    /\ UNCHANGED <<blocked, owner, resumed, completed, cached, forbiddenRan>>

\* CreateSpare: create_async_thread() from ahu->new_thread_stack, which the
\* kernel then zeroes ("User-space code has to check for new_thread_stack
\* going to NULL and has to refill it", v3 header).
CreateSpare(t, s) == EnterWith(t, {s})

\* ExecEnter: the head calls async_exec; make sure a spare is ready first.
ExecEnter(t) ==
    /\ role[t] = "head"
    /\ phase = "user"
    /\ sub < MaxSubs \/ (TaskMutation = "sub_overrun" /\ sub = MaxSubs)
    /\ LET free == {s \in Threads : role[s] = "none"} IN
         IF Spares = {} /\ token /\ free # {}
           THEN \E s \in free : CreateSpare(t, s)
           ELSE EnterWith(t, {})

\* RefillStack: user space puts a fresh stack into ahu->new_thread_stack.
RefillStack ==
    /\ phase = "user"
    /\ ~token
    /\ token' = TRUE
    /\ UNCHANGED <<role, phase, blocked, at, asyncReady, sub, owner, resumed,
                   completed, cached, forbiddenRan>>

-----------------------------------------------------------------------------
(* Running atoms. *)

\* ExecAtom: t runs one atom's syscall to completion without sleeping.  The
\* syscall may be a forbidden one; it runs only if the exclusion test misses.
\* The head picks up the next atom's SYSLET_SYNC flag.
ExecAtom(t) ==
    /\ RunsAtoms(t)
    /\ \E forbidden \in BOOLEAN, sy \in BOOLEAN :
         /\ forbiddenRan' = IF forbidden /\ ~InsideSyslet(t)
                              THEN forbiddenRan \cup {IF role[t] = "head" THEN "head" ELSE "background"}
                              ELSE forbiddenRan
         /\ asyncReady' = IF role[t] = "head"
                            THEN [asyncReady EXCEPT ![t] = IF sy THEN NULL ELSE at[t]]
                            ELSE asyncReady
    /\ UNCHANGED <<role, phase, blocked, at, token, sub, owner, resumed, completed, cached>>

\* Block: the head sleeps in an atom's syscall.  If it is async-ready and a
\* spare is parked, the head switch happens: the spare becomes head and
\* returns to user space with 0; the blocked task becomes a background thread
\* with async_ready cleared.  Otherwise the head just sleeps (SYSLET_SYNC, or
\* no spare: it blocks synchronously).
Block(t) ==
    /\ role[t] = "head"
    /\ phase = "kernel"
    /\ ~blocked[t]
    /\ blocked' = [blocked EXCEPT ![t] = TRUE]
    /\ IF asyncReady[t] # NULL /\ Spares # {}
         THEN \E s \in Spares :
                /\ role' = [role EXCEPT ![t] = IF TaskMutation = "no_demote" THEN "head" ELSE "busy",
                                        ![s] = "head"]
                /\ asyncReady' = [asyncReady EXCEPT ![t] = IF TaskMutation = "keep_ready" THEN @ ELSE NULL]
                \* The new head leaves the machinery: it runs user code now.
                /\ at' = [at EXCEPT ![s] = IF TaskMutation = "head_keeps_at" THEN @ ELSE NULL]
                /\ phase' = "user"
                /\ owner' = [owner EXCEPT ![t] = sub]
                /\ resumed' = [resumed EXCEPT ![sub] = @ + 1]
         ELSE UNCHANGED <<role, asyncReady, at, phase, owner, resumed>>
    /\ UNCHANGED <<token, sub, completed, cached, forbiddenRan>>

\* Unblock: the syscall returns.  A background thread carries on with the chain.
Unblock(t) ==
    /\ blocked[t]
    /\ blocked' = [blocked EXCEPT ![t] = FALSE]
    /\ resumed' = IF TaskMutation = "double_resume" /\ role[t] = "busy"
                    THEN [resumed EXCEPT ![owner[t]] = @ + 1] ELSE resumed
    /\ UNCHANGED <<role, phase, at, asyncReady, token, sub, owner, completed, cached, forbiddenRan>>

\* ExecExit: the chain ended in the head: the cached return to user space
\* with the final atom; nothing is queued ("Syslets that were executed
\* synchronously (cached) are not queued", v3 header).
ExecExit(t) ==
    /\ role[t] = "head"
    /\ phase = "kernel"
    /\ ~blocked[t]
    /\ phase' = "user"
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ asyncReady' = [asyncReady EXCEPT ![t] = NULL]
    /\ cached' = cached \cup {sub}
    /\ completed' = IF TaskMutation = "post_cached" THEN [completed EXCEPT ![sub] = @ + 1] ELSE completed
    /\ UNCHANGED <<role, blocked, token, sub, owner, resumed, forbiddenRan>>

\* Complete: a background chain ended; its final atom is posted unless it
\* carries SYSLET_NO_COMPLETE (post = FALSE).  The thread then parks.
Complete(t, post) ==
    /\ role[t] = "busy"
    /\ ~blocked[t]
    /\ role' = [role EXCEPT ![t] = "parking"]
    /\ completed' = IF post
                      THEN [completed EXCEPT ![owner[t]] = @ + (IF TaskMutation = "post_twice" THEN 2 ELSE 1)]
                      ELSE completed
    /\ owner' = [owner EXCEPT ![t] = 0]
    /\ UNCHANGED <<phase, blocked, at, asyncReady, token, sub, resumed, cached, forbiddenRan>>

\* Park: the thread joins the spares (cachemiss_loop).
Park(t) ==
    /\ role[t] = "parking"
    /\ role' = [role EXCEPT ![t] = "spare"]
    /\ UNCHANGED <<phase, blocked, at, asyncReady, token, sub, owner, resumed, completed, cached, forbiddenRan>>

\* SignalToUser: a signal stops a background chain between atoms; the last
\* executed atom is posted (so nothing is lost) and the thread leaves to user
\* space at new_thread_ip/head_ip, no longer inside the machinery.
SignalToUser(t) ==
    /\ role[t] = "busy"
    /\ ~blocked[t]
    /\ role' = [role EXCEPT ![t] = "signalled"]
    /\ completed' = [completed EXCEPT ![owner[t]] = @ + 1]
    /\ owner' = [owner EXCEPT ![t] = 0]
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ UNCHANGED <<phase, blocked, asyncReady, token, sub, resumed, cached, forbiddenRan>>

\* AsyncThread: sys_async_thread() takes the signalled thread back to the pool.
AsyncThread(t) ==
    /\ role[t] = "signalled"
    /\ role' = [role EXCEPT ![t] = "spare"]
    /\ at' = [at EXCEPT ![t] = AT(t)]
    /\ UNCHANGED <<phase, blocked, asyncReady, token, sub, owner, resumed, completed, cached, forbiddenRan>>

TasksNext ==
    \/ \E t \in Threads :
         \/ ExecEnter(t) \/ ExecAtom(t) \/ Block(t) \/ Unblock(t) \/ ExecExit(t)
         \/ Complete(t, TRUE) \/ Complete(t, FALSE) \/ Park(t) \/ SignalToUser(t) \/ AsyncThread(t)
    \/ RefillStack

TasksSpec == TasksInit /\ [][TasksNext]_taskVars

-----------------------------------------------------------------------------
(* Invariants.  Each names the finding it captures; see docs/invariants.md. *)

TasksTypeOK ==
    /\ role \in [Threads -> Roles]
    /\ phase \in {"user", "kernel"}
    /\ blocked \in [Threads -> BOOLEAN]
    /\ token \in BOOLEAN
    /\ sub \in 0 .. MaxSubs
    /\ owner \in [Threads -> 0 .. MaxSubs]
    /\ resumed \in [Subs -> Nat]
    /\ completed \in [Subs -> Nat]
    /\ cached \subseteq Subs
    /\ forbiddenRan \subseteq {"head", "background"}

\* Head uniqueness: exactly one task owns the user context, across switches.
ExactlyOneHead == Cardinality({t \in Threads : role[t] = "head"}) = 1

\* Only the head switches: async_ready => t is the head inside async_exec.
OnlyHeadAsyncReady ==
    \A t \in Threads : asyncReady[t] # NULL => role[t] = "head" /\ phase = "kernel"

\* MM6: at \in {NULL, &t->__at} and async_ready \in {NULL, at}.
AtShape == \A t \in Threads : at[t] \in {NULL, AT(t)} /\ asyncReady[t] \in {NULL, at[t]}

\* MM6/MM21: at marks exactly the tasks inside the syslet machinery -- the
\* marker the fixed exclusion test relies on.
AtMeansAsyncThread ==
    \A t \in Threads :
        (at[t] # NULL) <=> (role[t] \in {"spare", "busy", "parking"}
                            \/ (role[t] = "head" /\ phase = "kernel"))

\* MM21: no forbidden syscall runs inside a syslet, in the head or in the
\* background.  (v5 misses the head running a SYSLET_SYNC atom too: its
\* async_ready is cleared while the atom runs.)
ForbiddenRefused == forbiddenRan = {}

\* MM21, Milton's exact case: a background thread running atoms.
NoForbiddenInBackground == "background" \notin forbiddenRan

\* MM18: each "went async" resume point is resumed at most once.
ResumedAtMostOnce == \A s \in Subs : resumed[s] <= 1

\* One event per submission (JA4), none for a cached one.
OneCompletionPerSyslet ==
    \A s \in Subs : completed[s] <= 1 /\ (s \in cached => completed[s] = 0 /\ resumed[s] = 0)
=============================================================================
