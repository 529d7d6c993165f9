----------------------------- MODULE SysletTasks -----------------------------
(***************************************************************************)
(* The threads of one async head in v5: the head (the task that owns the   *)
(* user context), parked spare cachemiss threads, and busy background      *)
(* threads that finish a blocked syslet or threadlet.                      *)
(*                                                                         *)
(* Per-task state exactly as Milton Miller found it (2007-03-13, "Re:      *)
(* [patch 00/12] Syslets, Threadlets, generic AIO support, v5",            *)
(* linux-kernel; MM6): "t->at is only ever set to &t->__at and async_ready *)
(* is only set to the same at or NULL".  Modelling reading [I]:            *)
(*   at[t] # NULL          t is inside the syslet machinery: the head      *)
(*                         inside async_exec or a threadlet, a busy        *)
(*                         background thread, a parked (or parking) spare; *)
(*   asyncReady[t] # NULL  t is the head inside async_exec running an atom *)
(*                         without SYSLET_SYNC, or running a threadlet:    *)
(*                         if it blocks, it switches.                      *)
(*                                                                         *)
(* The head switch (Block): when the head blocks in a syscall, a spare     *)
(* becomes the head and returns to user space with 0 ("went async",        *)
(* restore_ip -- Milton's "minimal longjmp", MM18); the blocked task       *)
(* finishes the chain (or the threadlet function) in the background,       *)
(* posts the completion and parks as a spare.  A spare is created at entry *)
(* from ahu->new_thread_stack, which the kernel zeroes and user space      *)
(* refills.                                                                *)
(*                                                                         *)
(* Two kinds of entry.  A syslet (async_exec) runs atoms; an atom may      *)
(* carry SYSLET_SYNC, and then the head is not async-ready while it runs.  *)
(* A threadlet (threadlet_on ... threadlet_off) runs a user function on   *)
(* the head: its syscalls carry no flags, so the head is async-ready all   *)
(* along -- Milton's "callers who might go async on schedule()".           *)
(*                                                                         *)
(* Exclusion (MM21): forbidden syscalls (fork, clone, execve, exit,        *)
(* async_exec, ...) must be refused inside a syslet.  v5 asks "am I inside *)
(* a syslet?" with t->async_ready, which "would catch callers who might go *)
(* async on schedule() instead of those running async in the background";  *)
(* the fix asks t->at as well ("Or maybe a combination").                  *)
(***************************************************************************)
EXTENDS Naturals, FiniteSets

CONSTANTS
    Threads,      \* the tasks that can serve this head; any one of them is head at first
    NULL,
    MaxSubs,      \* entries (async_exec or threadlet_on) the user makes
    Kinds,        \* the entries the user makes: subset of {"syslet", "threadlet"}
    Exclusion     \* "async_ready" (v5) | "at" (fixed: at or async_ready)

ASSUME SomeThreads == Threads # {}
ASSUME SubsAreCounted == MaxSubs \in Nat
ASSUME KnownKinds == Kinds # {} /\ Kinds \subseteq {"syslet", "threadlet"}
ASSUME KnownExclusion == Exclusion \in {"async_ready", "at"}

\* &t->__at: the only non-NULL value t->at ever takes.
AT(t) == <<"__at", t>>

Subs == 1 .. MaxSubs
Roles == {"none", "head", "spare", "busy", "parking", "signalled"}

VARIABLES
    role,         \* role[t] \in Roles ("signalled": a background thread sent to user space)
    phase,        \* the user context: "user" (running user code) or "kernel" (inside an entry)
    kind,         \* the current entry: "syslet" or "threadlet"
    blocked,      \* blocked[t]: t sleeps in a syscall
    at,           \* t->at
    asyncReady,   \* t->async_ready
    syncAtom,     \* the head's current atom carries SYSLET_SYNC
    token,        \* ahu->new_thread_stack # 0
    sub,          \* entries made so far; the current one is sub
    owner,        \* owner[t]: the submission a background thread is finishing (0: none)
    resumed,      \* resumed[s]: how often user space was told that s went async
    completed,    \* completed[s]: ring entries produced for s
    cached,       \* submissions that returned synchronously (cached)
    tookStack,    \* submissions whose entry consumed new_thread_stack (created a spare)
    forbiddenRan, \* where a forbidden syscall ran inside a syslet: "head", "background"
    syncSwitched  \* a head switch happened while the head ran a SYSLET_SYNC atom

taskVars == <<role, phase, kind, blocked, at, asyncReady, syncAtom, token, sub, owner, resumed,
              completed, cached, tookStack, forbiddenRan, syncSwitched>>

Head == CHOOSE t \in Threads : role[t] = "head"
Spares == {t \in Threads : role[t] = "spare"}
UserMode == phase = "user"

\* "Am I inside a syslet?" -- the test that refuses forbidden syscalls.
InsideSyslet(t) ==
    IF Exclusion = "async_ready"
      THEN asyncReady[t] # NULL                    \* v5 (MM21)
      ELSE at[t] # NULL \/ asyncReady[t] # NULL    \* Milton: "Or maybe a combination"

\* A thread currently executing atoms (or threadlet code).
RunsAtoms(t) == ~blocked[t] /\ (role[t] = "busy" \/ (role[t] = "head" /\ phase = "kernel"))

\* The SYSLET_SYNC choices of an atom in an entry of kind k: a threadlet's
\* syscalls carry no flags.  Only the head's choice matters.
AtomSyncs(k) == IF k = "syslet" THEN BOOLEAN ELSE {FALSE}
Syncs(t) == IF role[t] = "head" THEN AtomSyncs(kind) ELSE {FALSE}

\* async_ready of the head for an atom with SYSLET_SYNC (sy) or without.
ReadyFor(sy, a) == IF sy THEN NULL ELSE a

\* t->at at entry: the head and a new spare enter the machinery.
EnterAt(t, s) == AT(s)

\* May the user make another entry?
CanSubmit == sub < MaxSubs

\* The head makes an entry only from user code: async_exec and threadlet_on
\* are system calls, and a syslet cannot re-enter sys_async_exec (v2's
\* recursion protection).
CanEnter == phase = "user"

\* The head switch happens when the blocking head is async-ready and a spare is parked.
Switches(t) == asyncReady[t] # NULL /\ Spares # {}

\* What the switch makes of the old head, its async_ready, and the new head's at.
DemotedRole == "busy"
ReadyAfterSwitch(t) == NULL
AtOfNewHead(s) == NULL

\* resumed after a background syscall returns: untouched (only the switch resumes).
ResumedAfterUnblock(t) == resumed

\* Ring entries for a cached return, and per posted background completion.
CachedEntries == 0
EntriesPerPost == 1

TasksInit ==
    /\ \E h \in Threads : role = [t \in Threads |-> IF t = h THEN "head" ELSE "none"]
    /\ phase = "user"
    /\ kind = "syslet"
    /\ blocked = [t \in Threads |-> FALSE]
    /\ at = [t \in Threads |-> NULL]
    /\ asyncReady = [t \in Threads |-> NULL]
    /\ syncAtom = FALSE
    /\ token = TRUE
    /\ sub = 0
    /\ owner = [t \in Threads |-> 0]
    /\ resumed = [s \in Subs |-> 0]
    /\ completed = [s \in Subs |-> 0]
    /\ cached = {}
    /\ tookStack = {}
    /\ forbiddenRan = {}
    /\ syncSwitched = FALSE

-----------------------------------------------------------------------------
(* Entering: async_exec (a syslet) or threadlet_on (a threadlet). *)

\* new_thread_stack after an entry that made the spares S: the kernel zeroes
\* it when create_async_thread() takes it, and only then.
TokenAfter(S) == token /\ S = {}

\* t enters as kind k; the threads in S become fresh spares.  The first atom
\* of a syslet may carry SYSLET_SYNC, in which case t is not async-ready.
EnterWith(t, S, k) ==
    /\ role' = [s \in Threads |-> IF s \in S THEN "spare" ELSE role[s]]
    /\ token' = TokenAfter(S)
    /\ tookStack' = IF S # {} THEN tookStack \cup {sub + 1} ELSE tookStack
    /\ phase' = "kernel"
    /\ kind' = k
    /\ sub' = sub + 1
    /\ at' = [s \in Threads |-> IF s \in S \/ s = t THEN EnterAt(t, s) ELSE at[s]]
    /\ \E sy \in AtomSyncs(k) :
         /\ syncAtom' = sy
         /\ asyncReady' = [asyncReady EXCEPT ![t] = ReadyFor(sy, AT(t))]
    /\ UNCHANGED <<blocked, owner, resumed, completed, cached, forbiddenRan, syncSwitched>>

\* CreateSpare: create_async_thread() from ahu->new_thread_stack, which the
\* kernel then zeroes ("User-space code has to check for new_thread_stack
\* going to NULL and has to refill it", v3 header).
CreateSpare(t, s, k) == EnterWith(t, {s}, k)

\* The head enters as kind k; make sure a spare is ready first.
EnterAs(t, k) ==
    /\ k \in Kinds
    /\ role[t] = "head"
    /\ CanEnter
    /\ CanSubmit
    /\ LET free == {s \in Threads : role[s] = "none"} IN
         IF Spares = {} /\ token /\ free # {}
           THEN \E s \in free : CreateSpare(t, s, k)
           ELSE EnterWith(t, {}, k)

\* ExecEnter: the head calls async_exec.
ExecEnter(t) == EnterAs(t, "syslet")

\* ThreadletOn: threadlet_on(restore_ip, ahu) arms the head; it then runs the
\* threadlet function in user mode, async-ready until threadlet_off.
ThreadletOn(t) == EnterAs(t, "threadlet")

\* RefillStack: user space puts a fresh stack into ahu->new_thread_stack.
RefillStack ==
    /\ phase = "user"
    /\ ~token
    /\ token' = TRUE
    /\ UNCHANGED <<role, phase, kind, blocked, at, asyncReady, syncAtom, sub, owner, resumed,
                   completed, cached, tookStack, forbiddenRan, syncSwitched>>

-----------------------------------------------------------------------------
(* Running. *)

\* ExecAtom: t runs one syscall (an atom's, or a threadlet's) to completion
\* without sleeping.  The syscall may be a forbidden one; it runs only if
\* the exclusion test misses.  The head picks up the next atom's SYSLET_SYNC.
ExecAtom(t) ==
    /\ RunsAtoms(t)
    /\ \E forbidden \in BOOLEAN, sy \in Syncs(t) :
         /\ forbiddenRan' = IF forbidden /\ ~InsideSyslet(t)
                              THEN forbiddenRan \cup {IF role[t] = "head" THEN "head" ELSE "background"}
                              ELSE forbiddenRan
         /\ IF role[t] = "head"
              THEN /\ syncAtom' = sy
                   /\ asyncReady' = [asyncReady EXCEPT ![t] = ReadyFor(sy, at[t])]
              ELSE UNCHANGED <<syncAtom, asyncReady>>
    /\ UNCHANGED <<role, phase, kind, blocked, at, token, sub, owner, resumed, completed, cached,
                   tookStack, syncSwitched>>

\* Block: the head sleeps in a syscall.  If it switches, a spare becomes head
\* and returns to user space with 0; the blocked task becomes a background
\* thread with async_ready cleared.  Otherwise the head just sleeps
\* (SYSLET_SYNC, or no spare: it blocks synchronously).
Block(t) ==
    /\ role[t] = "head"
    /\ phase = "kernel"
    /\ ~blocked[t]
    /\ blocked' = [blocked EXCEPT ![t] = TRUE]
    /\ IF Switches(t)
         THEN \E s \in Spares :
                /\ role' = [role EXCEPT ![t] = DemotedRole, ![s] = "head"]
                /\ asyncReady' = [asyncReady EXCEPT ![t] = ReadyAfterSwitch(t)]
                \* The new head leaves the machinery: it runs user code now.
                /\ at' = [at EXCEPT ![s] = AtOfNewHead(s)]
                /\ phase' = "user"
                /\ owner' = [owner EXCEPT ![t] = sub]
                /\ resumed' = [resumed EXCEPT ![sub] = @ + 1]
                /\ syncSwitched' = (syncSwitched \/ syncAtom)
                /\ syncAtom' = FALSE
         ELSE UNCHANGED <<role, asyncReady, at, phase, owner, resumed, syncSwitched, syncAtom>>
    /\ UNCHANGED <<kind, token, sub, completed, cached, tookStack, forbiddenRan>>

\* Unblock: the syscall returns.  A background thread carries on.
Unblock(t) ==
    /\ blocked[t]
    /\ blocked' = [blocked EXCEPT ![t] = FALSE]
    /\ resumed' = ResumedAfterUnblock(t)
    /\ UNCHANGED <<role, phase, kind, at, asyncReady, syncAtom, token, sub, owner, completed, cached,
                   tookStack, forbiddenRan, syncSwitched>>

\* The head leaves an entry of kind k without having switched: the cached
\* return ("Syslets that were executed synchronously (cached) are not
\* queued", v3 header).
ExitAs(t, k) ==
    /\ role[t] = "head"
    /\ phase = "kernel"
    /\ kind = k
    /\ ~blocked[t]
    /\ phase' = "user"
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ asyncReady' = [asyncReady EXCEPT ![t] = NULL]
    /\ syncAtom' = FALSE
    /\ cached' = cached \cup {sub}
    /\ completed' = [completed EXCEPT ![sub] = @ + CachedEntries]
    /\ UNCHANGED <<role, kind, blocked, token, sub, owner, resumed, tookStack, forbiddenRan, syncSwitched>>

\* ExecExit: async_exec returns the final atom.
ExecExit(t) == ExitAs(t, "syslet")

\* ThreadletOff: threadlet_off() on the head: the function finished inline.
ThreadletOff(t) == ExitAs(t, "threadlet")

\* Complete: a background chain (or threadlet) ended; its final atom (the
\* threadlet's event) is posted unless it carries SYSLET_NO_COMPLETE (post =
\* FALSE).  The thread then parks.
Complete(t, post) ==
    /\ role[t] = "busy"
    /\ ~blocked[t]
    /\ role' = [role EXCEPT ![t] = "parking"]
    /\ completed' = IF post THEN [completed EXCEPT ![owner[t]] = @ + EntriesPerPost] ELSE completed
    /\ owner' = [owner EXCEPT ![t] = 0]
    /\ UNCHANGED <<phase, kind, blocked, at, asyncReady, syncAtom, token, sub, resumed, cached,
                   tookStack, forbiddenRan, syncSwitched>>

\* Park: the thread joins the spares (cachemiss_loop; its wake-up protocol
\* is spec/SysletCachemiss.tla).
Park(t) ==
    /\ role[t] = "parking"
    /\ role' = [role EXCEPT ![t] = "spare"]
    /\ UNCHANGED <<phase, kind, blocked, at, asyncReady, syncAtom, token, sub, owner, resumed,
                   completed, cached, tookStack, forbiddenRan, syncSwitched>>

\* SignalToUser: a signal stops a background chain between atoms; the last
\* executed atom is posted (so nothing is lost) and the thread leaves to user
\* space at new_thread_ip/head_ip, no longer inside the machinery.
SignalToUser(t) ==
    /\ role[t] = "busy"
    /\ ~blocked[t]
    /\ role' = [role EXCEPT ![t] = "signalled"]
    /\ completed' = [completed EXCEPT ![owner[t]] = @ + EntriesPerPost]
    /\ owner' = [owner EXCEPT ![t] = 0]
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ UNCHANGED <<phase, kind, blocked, asyncReady, syncAtom, token, sub, resumed, cached,
                   tookStack, forbiddenRan, syncSwitched>>

\* AsyncThread: sys_async_thread() takes the signalled thread back to the pool.
AsyncThread(t) ==
    /\ role[t] = "signalled"
    /\ role' = [role EXCEPT ![t] = "spare"]
    /\ at' = [at EXCEPT ![t] = AT(t)]
    /\ UNCHANGED <<phase, kind, blocked, asyncReady, syncAtom, token, sub, owner, resumed,
                   completed, cached, tookStack, forbiddenRan, syncSwitched>>

TasksNext ==
    \/ \E t \in Threads :
         \/ ExecEnter(t) \/ ThreadletOn(t) \/ ExecAtom(t) \/ Block(t) \/ Unblock(t)
         \/ ExecExit(t) \/ ThreadletOff(t)
         \/ Complete(t, TRUE) \/ Complete(t, FALSE) \/ Park(t) \/ SignalToUser(t) \/ AsyncThread(t)
    \/ RefillStack

TasksSpec == TasksInit /\ [][TasksNext]_taskVars

\* Fairness: a thread that completed its chain runs on into cachemiss_loop
\* and parks.  Nothing else is assumed: the user, signals and syscalls may stop.
TasksFairness == \A t \in Threads : WF_taskVars(Park(t))
TasksLiveSpec == TasksSpec /\ TasksFairness

-----------------------------------------------------------------------------
(* Invariants.  Each names the finding it captures; see docs/invariants.md. *)

TasksTypeOK ==
    /\ role \in [Threads -> Roles]
    /\ phase \in {"user", "kernel"}
    /\ kind \in Kinds \cup {"syslet"}
    /\ blocked \in [Threads -> BOOLEAN]
    /\ syncAtom \in BOOLEAN
    /\ token \in BOOLEAN
    /\ sub \in 0 .. MaxSubs
    /\ owner \in [Threads -> 0 .. MaxSubs]
    /\ resumed \in [Subs -> Nat]
    /\ completed \in [Subs -> Nat]
    /\ cached \subseteq Subs
    /\ tookStack \subseteq Subs
    /\ forbiddenRan \subseteq {"head", "background"}
    /\ syncSwitched \in BOOLEAN

\* Head uniqueness: exactly one task owns the user context, across switches.
ExactlyOneHead == Cardinality({t \in Threads : role[t] = "head"}) = 1

\* Only the head switches: async_ready => t is the head inside an entry.
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
\* async_ready is cleared while the atom runs -- derived [I], MM21-SYNC.)
ForbiddenRefused == forbiddenRan = {}

\* MM21, Milton's exact case: a background thread running atoms.
NoForbiddenInBackground == "background" \notin forbiddenRan

\* MM18: each "went async" resume point is resumed at most once.
ResumedAtMostOnce == \A s \in Subs : resumed[s] <= 1

\* One event per submission (JA4), none for a cached one.
OneCompletionPerSyslet ==
    \A s \in Subs : completed[s] <= 1 /\ (s \in cached => completed[s] = 0 /\ resumed[s] = 0)

\* SYSLET_SYNC: "Never queue this syslet asynchronously - even if synchronous
\* execution causes a context-switching": a head running a SYNC atom that
\* blocks never switches.
NoSwitchOnSync == ~syncSwitched

\* Entries are made one at a time: every entry before the current one has
\* returned to user space, cached or "went async", and so has the current one
\* while the user context runs user code.
EntriesOneAtATime ==
    \A s \in 1 .. sub : (s < sub \/ phase = "user") => (s \in cached \/ resumed[s] > 0)

\* Only a thread running a syslet sleeps in one of its syscalls: the head or
\* a background thread.  A chain completes, parks or is sent to user space
\* between atoms, awake -- "a signal stops a background chain between atoms".
BlockedMeansRunning == \A t \in Threads : blocked[t] => role[t] \in {"head", "busy"}

\* The user context runs user code only with its head awake: a head asleep
\* in a syscall is inside the entry, and leaves it (the cached return) only
\* when the syscall has returned.
HeadAwakeInUser == phase = "user" => ~blocked[Head]

\* new_thread_stack is consumed exactly when an entry creates a spare from
\* it ("User-space code has to check for new_thread_stack going to NULL and
\* has to refill it", v3 header): never by an entry that makes none; and only
\* user space refills it, never an entry.
StackTakenBySpare ==
    [][/\ (token /\ ~token') <=> (tookStack' # tookStack)
       /\ (~token /\ token') => sub' = sub]_taskVars

\* Threadlets: the head running a threadlet is async-ready all along -- it is
\* one of Milton's "callers who might go async on schedule()".
ThreadletMayGoAsync ==
    \A t \in Threads :
        (role[t] = "head" /\ phase = "kernel" /\ kind = "threadlet") => asyncReady[t] # NULL

\* Liveness: a thread that completed its chain is a spare again ("The thread
\* then parks"), ready for the next switch.
ParkingEnds == \A t \in Threads : role[t] = "parking" ~> role[t] = "spare"

(***************************************************************************)
(* MM17, Milton: "Why does user space need scan for the stack being        *)
(* consumed?  Can't it infer that by the return code of the sync task?"    *)
(* If it could, a cached return would mean "new_thread_stack is still      *)
(* there" and a "went async" return (0) would mean "it was consumed".  Both *)
(* are false in v5 and in the fixed design: the spare is created at entry   *)
(* (consuming the stack) whether or not the entry then blocks, and a switch *)
(* uses a spare parked earlier.  Verdict: the return code does not tell;   *)
(* user space must look at new_thread_stack (fio refills it before every   *)
(* async_exec).  The two claims are stated so that TLC shows both          *)
(* counterexamples (model/manifest.json, MM17).                            *)
(***************************************************************************)
CachedKeepsStack == \A s \in cached : s \notin tookStack
AsyncTookStack == \A s \in Subs : resumed[s] > 0 => s \in tookStack
=============================================================================
