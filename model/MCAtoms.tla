------------------------------- MODULE MCAtoms -------------------------------
(***************************************************************************)
(* TLC wrapper for SysletAtoms.                                            *)
(*   "drawn" programs draw each atom's word from every combination of      *)
(*   ASYNC, SYNC, NO_COMPLETE and SKIP_TO_NEXT_ON_STOP with no or one stop *)
(*   flag (80 words): the words whose decoding is in question are covered  *)
(*   exhaustively by the decode models, so the executor needs only the     *)
(*   words that mean something.                                            *)
(*   "bound" programs bind one of three words to each address: plain,      *)
(*   STOP_ON_ZERO, and SKIP_TO_NEXT_ON_STOP|STOP_ON_ZERO -- one word per   *)
(*   successor in question (follow next, stop, uatom + 1) -- with every    *)
(*   next pointer: 1728 programs of three atoms, loops included.           *)
(* The planted mutations below replace one definition of SysletAtoms each  *)
(* (`Op <- MutOp` in a .cfg).                                              *)
(***************************************************************************)
EXTENDS SysletAtoms, Sequences, TLC

MCChainWords ==
    { a + s + n + k + stop : a \in {0, ASYNC}, s \in {0, SYNC}, n \in {0, NO_COMPLETE},
                             k \in {0, SKIP_TO_NEXT_ON_STOP}, stop \in {0} \cup StopFlags }

MCProgramWords == {0, STOP_ON_ZERO, SKIP_TO_NEXT_ON_STOP + STOP_ON_ZERO}

-----------------------------------------------------------------------------
(* Reachability probes: each is expected to be VIOLATED (manifest "probes"). *)

ProbeNeverAsync == mode # "async"
ProbeNeverSilent == ~finalNC
ProbeNoSignalStop == ~(sent /\ status = "done" /\ sinceSig = 1)
ProbeNoLoop == ~(prev # 0 /\ pc # 0 /\ pc <= prev)
ProbeNoSkipTaken == ~(Program = "bound" /\ prev # 0 /\ pc = prev + 1 /\ pc # prog[prev][2])
ProbeNoEndlessSignal == ~(sent /\ status = "running" /\ sinceSig = 1)
\* "bound": an async_wait atom interrupted by the pending signal.
ProbeNoInterruptedWait == ~intr
\* Decoding: some word is rejected, some word skips.
ProbeNoRejectedWord == Decide(word, result) # "einval"
ProbeNoSkipDecision == Decide(word, result) # "skip"

ProbeTable == <<
    <<"ProbeNeverAsync", ProbeNeverAsync>>, <<"ProbeNeverSilent", ProbeNeverSilent>>,
    <<"ProbeNoSignalStop", ProbeNoSignalStop>>, <<"ProbeNoLoop", ProbeNoLoop>>,
    <<"ProbeNoSkipTaken", ProbeNoSkipTaken>>, <<"ProbeNoEndlessSignal", ProbeNoEndlessSignal>>,
    <<"ProbeNoRejectedWord", ProbeNoRejectedWord>>, <<"ProbeNoSkipDecision", ProbeNoSkipDecision>>,
    <<"ProbeNoInterruptedWait", ProbeNoInterruptedWait>> >>
ASSUME ProbeRegistersCleared == \A i \in 1 .. 9 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per worker) a state violates it
\* (the runner adds it to a passing model's cfg; docs/model-runner.md).
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

-----------------------------------------------------------------------------
(* Planted mutations (definition overrides). *)

\* A cached syslet is queued.
MutEntriesPostCached(m, nc) == IF nc THEN 0 ELSE 1
\* An async syslet ends without a ring entry.
MutEntriesForget(m, nc) == 0
\* SYSLET_NO_COMPLETE ignored.
MutEntriesIgnoreNoComplete(m, nc) == IF m = "async" THEN 1 ELSE 0
\* A sleeping SYSLET_SYNC atom switches.
MutSleepSwitches(w) == TRUE
\* No signal check between atoms.
MutStoppedBySignal(s, w, r, nxt) == FALSE
\* SKIP_TO_NEXT_ON_STOP follows next instead of uatom + 1.
MutSkipTarget(nxt) == nxt
\* async_wait's -EINTR clears the pending signal (the old runtime's behaviour).
MutSigAfterWait(s) == FALSE
\* An interrupted async_wait atom returns 0 (its -EINTR lost).
MutEINTR == 0
\* The validation rejects every SYNC word, not only ASYNC|SYNC (too eager).
MutAccepted(w) ==
    /\ ~HasBit(w, UNKNOWN)
    /\ Cardinality(StopBits(w)) <= 1
    /\ ~HasBit(w, SYNC)
=============================================================================
