--------------------------- MODULE SysletCompletion ---------------------------
(***************************************************************************)
(* The completion API of an async head, chosen by a constant:              *)
(*   Api = "ring"     the shared ring of atom pointers and sys_async_wait  *)
(*                    (SysletRing, any Formula and Overflow);              *)
(*   Api = "copyout"  Davide Libenzi's kernel-owned queue and              *)
(*                    AsyncWaitCopyOut (SysletCopyOut).                    *)
(* Both run the same user discipline (at most Depth outstanding, syslets   *)
(* completing in any order), and the properties below are stated once for *)
(* both, over what each API has published and what user space received,   *)
(* so that one model per API answers "does this finding exist here?" with  *)
(* the same check (docs/copyout.md).  The variables the two modules share  *)
(* by name mean the same thing in both; the other API's own variables stay *)
(* at their initial values.                                                *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Sequences

CONSTANTS Api, N, W, Atoms, NULL, Formula, Overflow, Depth, FaultyAtoms, BadBuffer

ASSUME KnownApi == Api \in {"ring", "copyout"}

VARIABLES
    \* both APIs
    submitted, inflight, reaped, rereaped, pub, wstate, wret, wmin, sigPending, faulted, errors,
    \* the ring's own
    slot, K, U, backlog, posted, dropped, silent, upc, ureg, eventsLeft,
    \* the copy-out queue's own
    cq, postOrder, taken, ubuf, qAtTake, got, wcount, wn, wbuf

Ring == INSTANCE SysletRing
CopyOut == INSTANCE SysletCopyOut

ringOnly == <<slot, K, U, backlog, posted, dropped, silent, upc, ureg, eventsLeft>>
copyOnly == <<cq, postOrder, taken, ubuf, qAtTake, got, wcount, wn, wbuf>>
vars == <<Ring!ringVars, copyOnly>>

Init ==
    /\ Ring!RingInit
    /\ CopyOut!CopyInit

Next ==
    IF Api = "ring"
      THEN Ring!RingNext /\ UNCHANGED copyOnly
      ELSE CopyOut!CopyNext /\ UNCHANGED ringOnly

Spec == Init /\ [][Next]_vars /\ (IF Api = "ring" THEN Ring!RingFairness ELSE CopyOut!CopyFairness)

-----------------------------------------------------------------------------
(* What each API holds for user space, and what a waiter may count on.     *)

\* Completions posted and not yet received by user space.
Held == IF Api = "ring" THEN Ring!InRing \cup Ring!BacklogSet
        ELSE CopyOut!SetOf(cq) \cup CopyOut!SetOf(taken) \cup CopyOut!SetOf(CopyOut!Copied)
\* How many of them a waiter may count on: the ring's published entries, the
\* queue's announced ones.
Announced == IF Api = "ring" THEN Ring!Published ELSE CopyOut!Announced

\* No loss (MM16): every async syslet is running, held for user space, or received.
NoCompletionLost == inflight \cup Held \cup reaped = submitted

\* Exactly-once: nothing is received twice.
ExactlyOnceReap == rereaped = {}

\* No starvation (MM1, RING-FULL): the waiter never sleeps while min
\* completions are there for it.
WaitNeverStarves == wstate = "sleeping" => Announced < wmin

\* No early return: each API's own statement of its return contract.
WaitReturnsWithEvents ==
    IF Api = "ring" THEN Ring!WaitReturnsWithEvents ELSE CopyOut!WaitReturnsWithEvents

\* Liveness: a waiter whose min completions are held or running is eventually woken.
Eligible == wstate = "sleeping" /\ Cardinality(Held) + Cardinality(inflight) >= wmin
WaiterEventuallyWakes == Eligible ~> (wstate # "sleeping")
=============================================================================
