------------------------------- MODULE MCRing -------------------------------
(***************************************************************************)
(* TLC wrapper for SysletRing.  Each MCRing*.cfg picks the ring size N,   *)
(* the index width W, the variant and the user discipline; the atoms and   *)
(* the depth are derived here, so a model keeps its meaning when N or W is *)
(* changed in its .cfg (within the width ASSUMEs of SysletRing):           *)
(*   Discipline "wrap"     at most N-1 outstanding: the ring never fills,  *)
(*                         so only the wraparound case K < U can bite      *)
(*                         (needs N >= 2: with one slot nothing is ever    *)
(*                         outstanding);                                   *)
(*   Discipline "full"     at most N outstanding: the ring can fill;       *)
(*   Discipline "overflow" at most N+1 outstanding: a post can find its    *)
(*                         slot taken.                                     *)
(* Atoms: wrapped indices need Depth + N + 1 syslets for K to wrap and U   *)
(* to follow it past the end; free-running indices wrap at 2^W, so they    *)
(* need 2^W + Depth syslets for K and then U to wrap (ProbeNoFreeWrap and  *)
(* ProbeUNeverWraps show that they do).                                    *)
(*                                                                         *)
(* The planted mutations below replace one definition of SysletRing each   *)
(* (`Op <- MutOp` in a .cfg): the design module itself has no switches.    *)
(***************************************************************************)
EXTENDS SysletRing, TLC

CONSTANTS Discipline, Faults
ASSUME KnownDiscipline == Discipline \in {"wrap", "full", "overflow"}
ASSUME FaultsIsBoolean == Faults \in BOOLEAN

MCDepth == CASE Discipline = "wrap" -> N - 1
             [] Discipline = "full" -> N
             [] Discipline = "overflow" -> N + 1

MCAtoms == IF Wrapped THEN 1 .. MCDepth + N + 1 ELSE 1 .. Mod + MCDepth
\* The first atom's completion may fault (ret_ptr or the ring slot).
MCFaultyAtoms == IF Faults THEN {1} ELSE {}

\* The width sweep's action constraint: syslets complete in submission order.
\* The width arithmetic of async_wait still sees every (K, U, occupancy, min);
\* completions in any order (JA3) are what the other ring models check.
InOrderCompletion == \A a \in inflight \ inflight' : \A b \in inflight : a <= b

-----------------------------------------------------------------------------
(* Reachability probes: each is expected to be VIOLATED (model/manifest.json *)
(* "probes"), i.e. the model reaches what it claims to check.               *)

ProbeNeverFull == RingCount < N
ProbeNoBacklog == backlog = <<>>
ProbeNeverAsleep == wstate # "sleeping"
ProbeNoWake == wret # "woken"
ProbeNoEintr == wret # "EINTR"
ProbeNoEinval == wret # "EINVAL"
\* K wrapped below U while completions are pending (Milton's case).
ProbeNoKBelowU == ~(K < U /\ Published > 0)
\* K = U with every slot full (the RING-FULL case).
ProbeNoFullAtKEqU == ~(K = U /\ RingCount = N)
\* A reap in progress while a post is between its slot store and K.
ProbeNoReapDuringPost == ~(upc # "idle" /\ pub # NULL)
\* Free-running indices: K wrapped past 2^W while U had not (pending across the wrap) ...
ProbeNoFreeWrap == ~(K < U)
\* ... and U wrapped too.
ProbeUNeverWraps == Cardinality(reaped) < Mod
ProbeNoFault == faulted = {}
ProbeNoErrorReported == errors = 0
\* User space reads a completion out of a full ring (K = U on a wrapped ring: the
\* reap must go by the slot, not by K - U).
ProbeNoReapOfFullRing == ~(upc = "read" /\ RingCount = N)

\* Checked in the model's own run: the runner adds INVARIANT ProbeReport to a
\* passing model's cfg, which is always TRUE and prints each probe the first
\* time (per TLC worker) a state violates it.  Plain TLC with INVARIANT
\* ProbeX instead of the model's invariants reports the same violation.
ProbeTable == <<
    <<"ProbeNeverFull", ProbeNeverFull>>, <<"ProbeNoBacklog", ProbeNoBacklog>>,
    <<"ProbeNeverAsleep", ProbeNeverAsleep>>, <<"ProbeNoWake", ProbeNoWake>>,
    <<"ProbeNoEintr", ProbeNoEintr>>, <<"ProbeNoEinval", ProbeNoEinval>>,
    <<"ProbeNoKBelowU", ProbeNoKBelowU>>, <<"ProbeNoFullAtKEqU", ProbeNoFullAtKEqU>>,
    <<"ProbeNoReapDuringPost", ProbeNoReapDuringPost>>, <<"ProbeNoFreeWrap", ProbeNoFreeWrap>>,
    <<"ProbeUNeverWraps", ProbeUNeverWraps>>, <<"ProbeNoFault", ProbeNoFault>>,
    <<"ProbeNoErrorReported", ProbeNoErrorReported>>, <<"ProbeNoReapOfFullRing", ProbeNoReapOfFullRing>> >>
ASSUME ProbeRegistersCleared == \A i \in 1 .. 14 : TLCSet(i, FALSE)
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

\* The ring without weak fairness on WaitIntr: a pending signal need not end the sleep.
FairnessWithoutIntr ==
    /\ \A a \in Atoms : WF_ringVars(Post(a))
    /\ WF_ringVars(PublishK)
    /\ WF_ringVars(Flush)
    /\ WF_ringVars(WaitReturn)

\* The ring without weak fairness on Flush: a backlog may sit beside a free slot.
FairnessWithoutFlush ==
    /\ \A a \in Atoms : WF_ringVars(Post(a))
    /\ WF_ringVars(PublishK)
    /\ WF_ringVars(WaitIntr)
    /\ WF_ringVars(WaitReturn)

-----------------------------------------------------------------------------
(* Planted mutations (definition overrides). *)

\* "N pending on an empty ring": the full fix without looking at the slot.
MutPendingFullWhenEqual(u) ==
    IF K = u THEN N ELSE IF K < u THEN K - u + N ELSE K - u
\* Store counts events_left down twice.
MutCountDownTwice(e) == e - 2
\* The waiter is woken one event early.
MutWakeEarly(e) == e <= 1
\* The waiter is never woken.
MutNeverWake(e) == FALSE
\* -EINTR without a signal.
MutWaitIntr ==
    /\ wstate = "sleeping"
    /\ RingLockFree
    /\ wstate' = "returning"
    /\ wret' = "EINTR"
    /\ eventsLeft' = 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, wmin, sigPending, faulted, errors>>
\* EINVAL for a wait the ring can satisfy.
MutRejected(m) == m >= N
\* K is published before the slot: Store advances K, PublishK stores the slot
\* behind it (pub remembers the atom).
MutStore(a) ==
    /\ K' = Inc(K)
    /\ pub' = a
    /\ UNCHANGED <<slot, posted>>
MutPublishK ==
    /\ pub # NULL
    /\ slot' = [slot EXCEPT ![SlotOf(IF Wrapped THEN (K + N - 1) % N ELSE (K + Mod - 1) % Mod)] = pub]
    /\ posted' = posted \cup {pub}
    /\ pub' = NULL
    /\ WaitWake
    /\ UNCHANGED <<K, U, submitted, inflight, backlog, dropped, silent, reaped, rereaped,
                   upc, ureg, wmin, sigPending, faulted, errors>>
\* The kernel stores over a taken slot.
MutCanStore == TRUE
\* planted: async_wait returns from any state, even from the middle of a sleep.
MutReturning == wstate # "user"
\* A completion that cannot be stored is neither dropped-and-counted nor backlogged.
MutOverflowed(a) == UNCHANGED <<backlog, dropped>>
\* User space advances without clearing the slot.
MutReapClear ==
    /\ upc = "read"
    /\ reaped' = IF ureg \in Atoms THEN reaped \cup {ureg} ELSE reaped
    /\ rereaped' = IF ureg \in reaped THEN rereaped \cup {ureg} ELSE rereaped
    /\ upc' = "cleared"
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, pub, ureg,
                   wstate, wret, wmin, eventsLeft, sigPending, faulted, errors>>
\* K advances past the ring end.
MutInc(i) == IF Wrapped THEN i + 1 ELSE (i + 1) % Mod
\* The fixed design forgets to report an error.
MutReportError(e) == e
\* The NULL-slot ring's user trusts K - U, as v7's does: a full ring (K = U) reads as empty.
MutCanReap == USub(K, U) > 0
\* A pending signal "ends" a wait that is already decided (woken): -EINTR overwrites 0.
MutWaitIntrDecided ==
    /\ wstate # "user"
    /\ sigPending
    /\ RingLockFree
    /\ wstate' = "returning"
    /\ wret' = "EINTR"
    /\ eventsLeft' = 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped,
                   pub, upc, ureg, wmin, sigPending, faulted, errors>>
=============================================================================
