----------------------------- MODULE SysletRing -----------------------------
(***************************************************************************)
(* The v5 syslet completion ring and sys_async_wait.                       *)
(*                                                                         *)
(* User space hands the kernel a ring of N pointer slots (async_head_user: *)
(* completion_ring, ring_size_bytes).  When an asynchronous syslet ends,   *)
(* the background thread stores its final atom in slot kernel_ring_idx (K) *)
(* and advances K, wrapping to 0 at the end of the ring.  User space reaps *)
(* in order from its own index U: it reads the slot, clears it to NULL and *)
(* advances U.  A NULL slot belongs to the kernel, a non-NULL one to user  *)
(* space ("The kernel will not overwrite non-NULL pointers (but will       *)
(* return an error)", v1 documentation, docs/sources.md).                  *)
(*                                                                         *)
(* sys_async_wait(min, user_ring_idx, ahu) computes, under the head lock,  *)
(*     ah->events_left = min_wait_events - (kernel_ring_idx - user_ring_idx)*)
(* (quoted by Milton, docs/sources.md) and sleeps while events_left > 0;   *)
(* every successful post counts events_left down and wakes the waiter at   *)
(* 0.                                                                      *)
(*                                                                         *)
(* Variants (constant Formula), never copies of this module:               *)
(*   "v5"     the formula above in W-bit unsigned arithmetic      (MM1)    *)
(*   "milton" Milton's fix: add N when K < U                               *)
(*   "full"   Milton's fix, and K = U with slot[U] # NULL is N events      *)
(*            pending, not 0                                  (RING-FULL)  *)
(*   "free"   free-running W-bit indices, slot = index mod N (v7/io_uring) *)
(* Overflow (constant Overflow): "drop" is v5 -- a post that finds its     *)
(* slot taken is lost, and nothing reaches user space (MM16); "backlog" is *)
(* the fix -- the completion waits in a kernel-side backlog and is flushed *)
(* into the ring at the next kernel entry (io_uring's IORING_FEAT_NODROP). *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Sequences

CONSTANTS
    N,            \* number of ring slots (ring_size_bytes / 8)
    W,            \* width in bits of the index and events_left words
    Atoms,        \* the async syslets, named by positive integers (their final atom)
    NULL,         \* the empty slot
    Formula,      \* "v5" | "milton" | "full" | "free"
    Overflow,     \* "drop" | "backlog"
    Depth,        \* user-space discipline: at most Depth syslets outstanding (fio: iodepth)
    RingMutation  \* "none", or one planted bug that a sibling model must catch

ASSUME N \in Nat \ {0}
ASSUME Atoms \subseteq Nat \ {0} /\ NULL \notin Atoms
ASSUME W \in Nat \ {0}
\* events_left is a signed W-bit word: it must hold +N and -N without aliasing.
ASSUME N <= 2^(W-1)
\* Free-running indices wrap at 2^W; the slot index i % N stays consistent across
\* that wrap only if N divides 2^W -- which is why v7 and io_uring round the ring
\* up to a power of two (fio commit 05f6a172).
ASSUME Formula = "free" => (2^W) % N = 0
ASSUME Formula \in {"v5", "milton", "full", "free"}
ASSUME Overflow \in {"drop", "backlog"}
ASSUME Depth \in Nat
ASSUME RingMutation \in {"none", "overwrite", "reap_no_clear", "lose", "k_no_wrap", "no_wake"}

VARIABLES
    slot,       \* slot[i] \in Atoms \cup {NULL}: the user's ring memory
    K,          \* kernel_ring_idx
    U,          \* the user's consume index (passed to async_wait as user_ring_idx)
    submitted,  \* async syslets submitted so far
    inflight,   \* async syslets still running in background threads
    backlog,    \* fixed design: completions that found their slot taken, in order
    posted,     \* atoms stored into the ring (ever)
    dropped,    \* v5: completions lost because their slot was taken (MM16)
    silent,     \* syslets whose final atom had SYSLET_NO_COMPLETE (no entry, by design)
    reapCount,  \* reapCount[a]: how often user space reaped a
    wstate,     \* the user thread: "user" (running), "sleeping" in async_wait, "woken"
    wmin,       \* min_wait_events of the current sleep
    eventsLeft  \* ah->events_left, a signed W-bit word

ringVars == <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent,
              reapCount, wstate, wmin, eventsLeft>>

Slots == 0 .. N - 1
Mod == 2^W
Wrapped == Formula # "free"
\* The values an index can take: wrapped at N (v5) or free-running at 2^W.
Indices == IF Wrapped THEN Slots ELSE 0 .. Mod - 1

SlotOf(i) == i % N
\* The kernel's index advance: v5 wraps to 0 at the end of the ring.
Inc(i) == IF Wrapped
            THEN IF RingMutation = "k_no_wrap" \/ i + 1 < N THEN i + 1 ELSE 0
            ELSE (i + 1) % Mod
\* Unsigned W-bit subtraction, and the two's-complement reading of a W-bit word.
USub(a, b) == (a - b) % Mod
Signed(x) == IF x >= 2^(W-1) THEN x - Mod ELSE x

InRing == {slot[i] : i \in Slots} \ {NULL}
RingCount == Cardinality({i \in Slots : slot[i] # NULL})
BacklogSet == {backlog[i] : i \in 1 .. Len(backlog)}
Reaped == {a \in Atoms : reapCount[a] > 0}
Outstanding == Cardinality(submitted) - Cardinality(Reaped)

(***************************************************************************)
(* The number of pending events async_wait believes in, per variant.       *)
(***************************************************************************)
Pending(u) ==
    CASE Formula = "v5"     -> USub(K, u)
                \* Milton (MM1): "This completely misses the wraparound case of
                \* kernel_ring_idx < user_ring_idx"; K - U wraps to 2^W - (U - K).
      [] Formula = "milton" -> IF K < u THEN K - u + N ELSE K - u
                \* Milton: "add max_ring_index if kernel < user".
      [] Formula = "full"   -> IF K = u /\ slot[SlotOf(u)] # NULL THEN N
                               ELSE IF K < u THEN K - u + N ELSE K - u
                \* RING-FULL: K = U is empty *or* full; the slot tells which.
      [] Formula = "free"   -> USub(K, u)

\* ah->events_left = min_wait_events - pending, computed in W-bit words.
EventsLeft(m, u) == Signed(USub(m, Pending(u)))

-----------------------------------------------------------------------------
(* Kernel side. *)

\* The slot store, the index publication and the count-down of events_left, done
\* under the head's lock.  The slot is written before K is published, and user
\* space reads the slot, not K (see impl CompletionRing for the memory ordering).
Store(a) ==
    /\ slot' = [slot EXCEPT ![SlotOf(K)] = a]
    /\ K' = Inc(K)
    /\ posted' = posted \cup {a}
    /\ IF eventsLeft > 0
         THEN /\ eventsLeft' = eventsLeft - 1
              /\ wstate' = IF eventsLeft = 1 /\ wstate = "sleeping" /\ RingMutation # "no_wake"
                             THEN "woken" ELSE wstate
         ELSE UNCHANGED <<eventsLeft, wstate>>

CanStore == slot[SlotOf(K)] = NULL

\* A syslet goes asynchronous (in the composed spec: the head switch).
SubmitAsync(a) ==
    /\ a \in Atoms \ submitted
    /\ submitted' = submitted \cup {a}
    /\ inflight' = inflight \cup {a}
    /\ UNCHANGED <<slot, K, U, backlog, posted, dropped, silent, reapCount, wstate, wmin, eventsLeft>>

\* Post: the background thread that ran syslet a stores a's final atom.
\* It never overwrites a non-NULL slot (v1 documentation, docs/sources.md).
Post(a) ==
    /\ a \in inflight
    /\ inflight' = inflight \ {a}
    /\ IF (CanStore /\ (backlog = <<>> \/ Overflow = "drop")) \/ RingMutation = "overwrite"
         THEN /\ Store(a)
              /\ UNCHANGED <<backlog, dropped>>
         ELSE /\ IF RingMutation = "lose"
                   THEN UNCHANGED <<backlog, dropped>>
                 ELSE IF Overflow = "drop"
                   \* Milton (MM16): the completion is lost and "the only case a
                   \* return code is given to userspace is sys_async_thread".
                   THEN /\ dropped' = dropped \cup {a}
                        /\ UNCHANGED backlog
                   ELSE /\ backlog' = Append(backlog, a)
                        /\ UNCHANGED dropped
              /\ UNCHANGED <<slot, K, posted, wstate, eventsLeft>>
    /\ UNCHANGED <<U, submitted, silent, reapCount, wmin>>

\* A syslet whose final atom has SYSLET_NO_COMPLETE ends without a ring entry.
Retire(a) ==
    /\ a \in inflight
    /\ inflight' = inflight \ {a}
    /\ silent' = silent \cup {a}
    /\ UNCHANGED <<slot, K, U, submitted, backlog, posted, dropped, reapCount, wstate, wmin, eventsLeft>>

CanFlush == Overflow = "backlog" /\ backlog # <<>> /\ CanStore

\* Flush (fixed design): move the oldest backlogged completion into a freed slot.
Flush ==
    /\ CanFlush
    /\ Store(Head(backlog))
    /\ backlog' = Tail(backlog)
    /\ UNCHANGED <<U, submitted, inflight, dropped, silent, reapCount, wmin>>

-----------------------------------------------------------------------------
(* User side. *)

UserRunning == wstate = "user"

\* Reap: user space reads slot U (the slot, not K), clears it, advances U.
Reap ==
    /\ UserRunning
    /\ slot[SlotOf(U)] # NULL
    /\ LET a == slot[SlotOf(U)] IN
         /\ reapCount' = [reapCount EXCEPT ![a] = @ + 1]
         /\ slot' = IF RingMutation = "reap_no_clear" THEN slot
                    ELSE [slot EXCEPT ![SlotOf(U)] = NULL]
         /\ U' = IF Wrapped THEN (IF U + 1 = N THEN 0 ELSE U + 1) ELSE (U + 1) % Mod
    /\ UNCHANGED <<K, submitted, inflight, backlog, posted, dropped, silent, wstate, wmin, eventsLeft>>

\* WaitEnter(m): sys_async_wait(m, U, ahu).  The fixed kernel first flushes its
\* backlog (so a backlogged completion is never invisible to a waiter); the
\* guard ~CanFlush says "Flush steps happen first".  The fixed kernel also
\* rejects m > N with EINVAL; m ranges over 1..N here.
WaitEnter(m) ==
    /\ UserRunning
    /\ m \in 1 .. N
    /\ ~CanFlush
    /\ LET left == EventsLeft(m, U) IN
         /\ eventsLeft' = left
         /\ wstate' = IF left > 0 THEN "sleeping" ELSE "user"
         /\ wmin' = IF left > 0 THEN m ELSE 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reapCount>>

\* WaitWake: the woken waiter returns 0 to user space.
WaitWake ==
    /\ wstate = "woken"
    /\ wstate' = "user"
    /\ wmin' = 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reapCount, eventsLeft>>

-----------------------------------------------------------------------------
(* The ring on its own: syslets go async and complete nondeterministically. *)

RingInit ==
    /\ slot = [i \in Slots |-> NULL]
    /\ K = 0
    /\ U = 0
    /\ submitted = {}
    /\ inflight = {}
    /\ backlog = <<>>
    /\ posted = {}
    /\ dropped = {}
    /\ silent = {}
    /\ reapCount = [a \in Atoms |-> 0]
    /\ wstate = "user"
    /\ wmin = 0
    /\ eventsLeft = 0

\* Submit: user space keeps at most Depth syslets outstanding (fio's iodepth).
\* Syslets are submitted in the order of their names; completions come back in
\* any order (JA3), so nothing is lost by fixing the submission order.
Submit(a) ==
    /\ UserRunning
    /\ Outstanding < Depth
    /\ a \in Atoms \ submitted
    /\ \A b \in Atoms \ submitted : a <= b
    /\ SubmitAsync(a)

\* Retire (NO_COMPLETE) belongs to the composed spec, where the atom flags
\* decide it; on its own the ring posts every async syslet.
RingNext ==
    \/ \E a \in Atoms : Submit(a) \/ Post(a)
    \/ Flush
    \/ Reap
    \/ \E m \in 1 .. N : WaitEnter(m)
    \/ WaitWake

RingFairness ==
    /\ \A a \in Atoms : WF_ringVars(Post(a))
    /\ WF_ringVars(Flush)
    /\ WF_ringVars(WaitWake)

RingSpec == RingInit /\ [][RingNext]_ringVars /\ RingFairness

-----------------------------------------------------------------------------
(* Invariants.  Each names the finding it captures; see docs/invariants.md. *)

RingTypeOK ==
    /\ slot \in [Slots -> Atoms \cup {NULL}]
    /\ K \in Indices
    /\ U \in Indices
    /\ submitted \subseteq Atoms
    /\ inflight \subseteq submitted
    /\ backlog \in Seq(Atoms)
    /\ posted \subseteq submitted
    /\ dropped \subseteq submitted
    /\ silent \subseteq submitted
    /\ reapCount \in [Atoms -> Nat]
    /\ wstate \in {"user", "sleeping", "woken"}
    /\ wmin \in 0 .. N
    /\ eventsLeft \in -(2^(W-1)) .. 2^(W-1) - 1

\* v1 documentation: "The kernel will not overwrite non-NULL pointers".
\* Every atom stored in the ring is still there or has been reaped.
NoOverwrite == \A a \in posted : a \in InRing \/ reapCount[a] > 0

\* NULL slot => the kernel may write it; non-NULL => user space owns it.  The
\* owned slots are exactly the run of RingCount slots starting at U, and K
\* points just past that run.
SlotOwnership ==
    /\ \A i \in Slots : (slot[i] # NULL) <=> ((i - SlotOf(U)) % N < RingCount)
    /\ SlotOf(K) = (SlotOf(U) + RingCount) % N

\* Exactly-once reaping: nothing is reaped that was not posted, nothing twice.
ExactlyOnceReap == \A a \in Atoms : reapCount[a] <= 1 /\ (reapCount[a] = 1 => a \in posted)

\* Accounting (MM16): every async syslet is in exactly one place: still
\* running, backlogged, in the ring, reaped, ended with NO_COMPLETE, or
\* counted as dropped.  Nothing vanishes unaccounted.
Accounting ==
    /\ inflight \cup BacklogSet \cup InRing \cup Reaped \cup silent \cup dropped = submitted
    /\ Cardinality(inflight) + Len(backlog) + RingCount + Cardinality(Reaped)
         + Cardinality(silent) + Cardinality(dropped) = Cardinality(submitted)

\* MM16, Bug 3 of the reference: no completion is ever lost.
NoCompletionLost == dropped = {}

\* MM1 and RING-FULL: a waiter never sleeps while at least min completions
\* are already in the ring.
WaitNeverStarves == wstate = "sleeping" => RingCount < wmin

\* Liveness (MM1): a waiter whose min completions are in the ring or on
\* their way (running, or backlogged) is eventually woken.
Eligible == wstate = "sleeping" /\ RingCount + Cardinality(inflight) + Len(backlog) >= wmin
WaiterEventuallyWakes == Eligible ~> (wstate # "sleeping")
=============================================================================
