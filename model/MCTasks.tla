------------------------------- MODULE MCTasks -------------------------------
(***************************************************************************)
(* TLC wrapper for SysletTasks.  The threads are interchangeable: the head *)
(* is chosen in TasksInit, so symmetry over all of Threads is sound (no    *)
(* invariant names a thread).  The planted mutations below replace one     *)
(* definition of SysletTasks each (`Op <- MutOp` in a .cfg).               *)
(***************************************************************************)
EXTENDS SysletTasks, Sequences, TLC

Sym == Permutations(Threads)

-----------------------------------------------------------------------------
(* Reachability probes: each is expected to be VIOLATED (manifest "probes"). *)

ProbeNoSwitch == \A s \in Subs : resumed[s] = 0
ProbeNoSyncBlock == ~\E t \in Threads : role[t] = "head" /\ phase = "kernel" /\ blocked[t] /\ syncAtom
ProbeNoBackgroundAtom == ~\E t \in Threads : role[t] = "busy" /\ ~blocked[t]
ProbeNoForbiddenTry == ~\E t \in Threads : role[t] = "busy" /\ at[t] # NULL /\ asyncReady[t] = NULL
ProbeNoThreadletSwitch == ~(kind = "threadlet" /\ sub > 0 /\ resumed[sub] > 0)
ProbeNoSignalled == ~\E t \in Threads : role[t] = "signalled"
ProbeNoRefill == token \/ phase = "kernel"
ProbeNoCachedAfterSpare == cached \cap tookStack = {}
ProbeNoSecondSpare == Cardinality(Spares) < 2
\* An async-ready head with no spare to switch to blocks synchronously ("or no spare").
ProbeNoBlockWithoutSpare == ~\E t \in Threads : role[t] = "head" /\ blocked[t] /\ asyncReady[t] # NULL
ProbeNoParking == ~\E t \in Threads : role[t] = "parking"

ProbeTable == <<
    <<"ProbeNoSwitch", ProbeNoSwitch>>, <<"ProbeNoSyncBlock", ProbeNoSyncBlock>>,
    <<"ProbeNoBackgroundAtom", ProbeNoBackgroundAtom>>, <<"ProbeNoForbiddenTry", ProbeNoForbiddenTry>>,
    <<"ProbeNoThreadletSwitch", ProbeNoThreadletSwitch>>, <<"ProbeNoSignalled", ProbeNoSignalled>>,
    <<"ProbeNoRefill", ProbeNoRefill>>, <<"ProbeNoCachedAfterSpare", ProbeNoCachedAfterSpare>>,
    <<"ProbeNoSecondSpare", ProbeNoSecondSpare>>, <<"ProbeNoBlockWithoutSpare", ProbeNoBlockWithoutSpare>>,
    <<"ProbeNoParking", ProbeNoParking>> >>
ASSUME ProbeRegistersCleared == \A i \in 1 .. 11 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per worker) a state violates it
\* (the runner adds it to a passing model's cfg; docs/model-runner.md).
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

-----------------------------------------------------------------------------
(* Planted mutations (definition overrides). *)

\* The head switch does not demote the blocked head.
MutDemotedRole == "head"
\* The blocked head keeps async_ready after the switch.
MutReadyAfterSwitch(t) == asyncReady[t]
\* async_ready set while at stays NULL.
MutEnterAt(t, s) == IF s = t THEN at[s] ELSE AT(s)
\* The new head keeps the background marker at.
MutAtOfNewHead(s) == at[s]
\* The user context is resumed again when the background syscall returns.
MutResumedAfterUnblock(t) == IF role[t] = "busy" THEN [resumed EXCEPT ![owner[t]] = @ + 1] ELSE resumed
\* A cached submission is queued.
MutCachedEntries == 1
\* A background completion is queued twice.
MutEntriesPerPost == 2
\* Entries accepted past MaxSubs.
MutCanSubmit == sub <= MaxSubs
\* planted: the head enters again from inside an entry (no recursion protection).
MutCanEnter == TRUE
\* The switch ignores async_ready: a SYSLET_SYNC atom that blocks switches.
MutSwitches(t) == Spares # {}
\* A SYSLET_SYNC atom leaves the head async-ready.
MutReadyFor(sy, a) == a
\* A threadlet's syscall may carry SYSLET_SYNC.
MutAtomSyncs(k) == BOOLEAN
\* Every entry zeroes new_thread_stack, whether it creates a spare or not.
MutTokenAfter(S) == FALSE
\* The cached return leaves the entry while the head sleeps in a syscall.
MutExitAs(t, k) ==
    /\ role[t] = "head"
    /\ phase = "kernel"
    /\ kind = k
    /\ phase' = "user"
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ asyncReady' = [asyncReady EXCEPT ![t] = NULL]
    /\ syncAtom' = FALSE
    /\ cached' = cached \cup {sub}
    /\ completed' = [completed EXCEPT ![sub] = @ + CachedEntries]
    /\ UNCHANGED <<role, kind, blocked, token, sub, owner, resumed, tookStack, forbiddenRan, syncSwitched>>
\* A signal sends a background thread to user space while it sleeps in a syscall.
MutSignalToUser(t) ==
    /\ role[t] = "busy"
    /\ role' = [role EXCEPT ![t] = "signalled"]
    /\ completed' = [completed EXCEPT ![owner[t]] = @ + EntriesPerPost]
    /\ owner' = [owner EXCEPT ![t] = 0]
    /\ at' = [at EXCEPT ![t] = NULL]
    /\ UNCHANGED <<phase, kind, blocked, asyncReady, syncAtom, token, sub, resumed, cached,
                   tookStack, forbiddenRan, syncSwitched>>
=============================================================================
