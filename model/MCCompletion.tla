----------------------------- MODULE MCCompletion -----------------------------
(***************************************************************************)
(* TLC wrapper for SysletCompletion: the same workload through either      *)
(* completion API.  A .cfg picks the Api, the ring's size N, width W,      *)
(* Formula and Overflow (unused by "copyout"), and the depth; the atoms    *)
(* are derived here as in MCRing (Depth + N + 1: enough for the ring's K   *)
(* to wrap and U to follow), so a ring model and a copy-out model with the *)
(* same constants see the same submissions and completions.                *)
(***************************************************************************)
EXTENDS SysletCompletion, TLC

MCAtoms == 1 .. Depth + N + 1

\* Reachability probes: each is expected to be VIOLATED (model/manifest.json "probes").
ProbeNeverAsleep == wstate # "sleeping"
ProbeNoWake == wret # "woken"
\* More completions received than a ring of N slots holds: its indices would have wrapped.
ProbeNoTurnover == Cardinality(reaped) <= N
\* N completions held for user space at once: a ring of N slots would be full (K = U).
ProbeNeverNHeld == Cardinality(Held) < N
\* More than N held: a ring of N slots would have overflowed.
ProbeNeverOverN == Cardinality(Held) <= N

ProbeTable == <<
    <<"ProbeNeverAsleep", ProbeNeverAsleep>>, <<"ProbeNoWake", ProbeNoWake>>,
    <<"ProbeNoTurnover", ProbeNoTurnover>>, <<"ProbeNeverNHeld", ProbeNeverNHeld>>,
    <<"ProbeNeverOverN", ProbeNeverOverN>> >>
ASSUME CompletionProbeRegistersCleared == \A i \in 1 .. 5 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per TLC worker) a state violates it.
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))
=============================================================================
