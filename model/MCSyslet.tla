------------------------------- MODULE MCSyslet ------------------------------
(***************************************************************************)
(* TLC wrapper for the composed spec.  The threads are interchangeable     *)
(* (the head is chosen in Init), so symmetry over all of Threads is sound. *)
(* The planted mutations below replace one definition each (`Op <- MutOp`, *)
(* or `Op <- [SysletRing] MutOp` for the ring's).                          *)
(***************************************************************************)
EXTENDS Syslet, TLC

Sym == Permutations(Threads)

-----------------------------------------------------------------------------
(* Reachability probes: each is expected to be VIOLATED (manifest "probes"). *)

ProbeNoBacklog == backlog = <<>>
ProbeNoKBelowU == ~(K < U /\ Ring!Published > 0)
ProbeNeverFull == Ring!RingCount < N
ProbeNeverAsleep == wstate # "sleeping"
ProbeNoWake == wret # "woken"
ProbeNoSyncBlock == ~\E t \in Threads : role[t] = "head" /\ phase = "kernel" /\ blocked[t] /\ syncAtom
ProbeNoSignalPost == ~\E t \in Threads : role[t] = "signalled"
ProbeNoRetire == silent = {}
ProbeNoThreadletSwitch == ~(kind = "threadlet" /\ sub > 0 /\ resumed[sub] > 0)
ProbeNoReapDuringPost == ~(upc # "idle" /\ pub # NULL)
\* The user at its depth with entries still to make: the bound holds an entry back.
ProbeDepthNeverBinds == ~(Ring!Outstanding = Depth /\ Cardinality(submitted) < MaxSubs)

ProbeTable == <<
    <<"ProbeNoBacklog", ProbeNoBacklog>>, <<"ProbeNoKBelowU", ProbeNoKBelowU>>,
    <<"ProbeNeverFull", ProbeNeverFull>>, <<"ProbeNeverAsleep", ProbeNeverAsleep>>,
    <<"ProbeNoWake", ProbeNoWake>>, <<"ProbeNoSyncBlock", ProbeNoSyncBlock>>,
    <<"ProbeNoSignalPost", ProbeNoSignalPost>>, <<"ProbeNoRetire", ProbeNoRetire>>,
    <<"ProbeNoThreadletSwitch", ProbeNoThreadletSwitch>>,
    <<"ProbeNoReapDuringPost", ProbeNoReapDuringPost>>,
    <<"ProbeDepthNeverBinds", ProbeDepthNeverBinds>> >>
ASSUME ProbeRegistersCleared == \A i \in 1 .. 11 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per worker) a state violates it
\* (the runner adds it to a passing model's cfg; docs/model-runner.md).
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

-----------------------------------------------------------------------------
(* Planted mutations (definition overrides). *)

\* A synchronous block queues the submission.
MutWentAsync(t) == TRUE
\* A signalled thread retires its syslet instead of posting it.
MutSignalToUser(t) == Tasks!SignalToUser(t) /\ Ring!Retire(owner[t])
\* The ring's mutations, overridden in SysletRing ([SysletRing] in the .cfg):
\* "N pending on an empty ring", and a post that counts events_left down twice.
MutPending(u) == IF K = u THEN N ELSE IF K < u THEN K - u + N ELSE K - u
MutCountDown(e) == e - 2
\* K advances past the ring end.
MutInc(i) == i + 1
\* The user enters without looking at its depth.
MutEnterStep(A) ==
    /\ Ring!UserIdle
    /\ A
    /\ UNCHANGED ringVars
\* The user enters while it is inside async_wait or a reap.
MutEnterStepBusy(A) ==
    /\ Ring!Outstanding < Depth
    /\ A
    /\ UNCHANGED ringVars
\* A background completion is posted but not counted ([SysletTasks]).
MutEntriesPerPost == 0
=============================================================================
