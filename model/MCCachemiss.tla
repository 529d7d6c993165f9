----------------------------- MODULE MCCachemiss -----------------------------
(* TLC wrapper for SysletCachemiss: spares are interchangeable. *)
EXTENDS SysletCachemiss, Sequences, TLC

Sym == Permutations(Spares)

(* Reachability probes: each is expected to be VIOLATED (manifest "probes"). *)
ProbeNeverAsleep == \A s \in Spares : ~asleep[s]
ProbeNoWakeOfSleeper == ~\E s \in Spares : work[s] /\ lpc[s] = "schedule" /\ ~asleep[s] /\ tstate[s] = "running"
ProbeNoHandoff == handed = 0
\* Every handoff the model allows happens (the bound is reached, not skipped over).
ProbeHandoffBoundNotReached == handed # Handoffs

ProbeTable == <<
    <<"ProbeNeverAsleep", ProbeNeverAsleep>>, <<"ProbeNoWakeOfSleeper", ProbeNoWakeOfSleeper>>,
    <<"ProbeNoHandoff", ProbeNoHandoff>>, <<"ProbeHandoffBoundNotReached", ProbeHandoffBoundNotReached>> >>
ASSUME ProbeRegistersCleared == \A i \in 1 .. 4 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per worker) a state violates it.
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

(* Planted mutations (definition overrides). *)
\* schedule() returns while the spare is still descheduled (no wake-up).
MutSchedule(s) ==
    /\ lpc[s] = "schedule"
    /\ IF tstate[s] = "interruptible" /\ ~asleep[s]
         THEN asleep' = [asleep EXCEPT ![s] = TRUE] /\ UNCHANGED lpc
         ELSE /\ lpc' = [lpc EXCEPT ![s] = After("schedule")]
              /\ UNCHANGED asleep
    /\ UNCHANGED <<tstate, work, ready, handed>>
=============================================================================
