------------------------------ MODULE MCCopyOut ------------------------------
(***************************************************************************)
(* TLC wrapper for SysletCopyOut.  Each MCCopyOut*.cfg picks the depth and *)
(* whether arrays may be bad and results may fault; the atoms are derived  *)
(* here: Depth + 2 syslets, so more completions pass through the queue    *)
(* than it ever holds at once (where a ring of Depth slots wraps: probe    *)
(* ProbeNoTurnover) and it fills to Depth (the ring's RING-FULL and        *)
(* overflow cases: ProbeNeverFull).                                        *)
(*                                                                         *)
(* The planted mutations below replace one definition of SysletCopyOut     *)
(* each (`Op <- MutOp` in a .cfg): the design module has no switches.      *)
(***************************************************************************)
EXTENDS SysletCopyOut, TLC

CONSTANTS Faults
ASSUME CopyFaultsIsBoolean == Faults \in BOOLEAN

MCCopyAtoms == 1 .. Depth + 2
\* The first syslet's result may fail to be written through ret_ptr.
MCCopyFaultyAtoms == IF Faults THEN {1} ELSE {}

-----------------------------------------------------------------------------
(* Reachability probes: each is expected to be VIOLATED (model/manifest.json *)
(* "probes"), i.e. the model reaches what it claims to check.               *)

\* The queue holds Depth completions: a ring of Depth slots would be full (K = U).
ProbeNeverFull == Len(cq) < Depth
\* More completions were received than the queue ever holds: a ring of Depth slots would have wrapped.
ProbeNoTurnover == Cardinality(reaped) <= Depth
ProbeNeverAsleep == wstate # "sleeping"
\* A waiter woken by a post (not satisfied at entry).
ProbeNoWake == wret # "woken"
ProbeNoEintr == wret # "EINTR"
ProbeNoEinval == wret # "EINVAL"
\* -EINVAL for n = 0 (not only for min > n).
ProbeNoEinvalZeroN == ~(wret = "EINVAL" /\ wn = 0)
ProbeNoEfault == wret # "EFAULT"
\* A take that leaves completions queued because n is smaller than the queue.
ProbeNoPartialTake == ~(wstate = "copying" /\ qAtTake > wn)
\* A take of more than the min (the waiter gets what came after its wake-up, up to n).
ProbeNoTakeBeyondMin == ~(wstate = "copying" /\ Len(taken) > wmin)
\* A post while a copy is in progress (outside the lock).
ProbeNoPostDuringCopy == ~(wstate = "copying" /\ pub # NULL)
\* A faulted copy puts its completions back in front of a later post.
ProbeNoRequeueBeforePost == ~(wret = "EFAULT" /\ Len(cq) > qAtTake)
\* A faulted copy left stale pointers in r.
ProbeNoStalePointers == ~(wret = "EFAULT" /\ ubuf # <<>>)
ProbeNoFault == faulted = {}
ProbeNoPoll == ~(wret = "count" /\ wcount = 0)

ProbeTable == <<
    <<"ProbeNeverFull", ProbeNeverFull>>, <<"ProbeNoTurnover", ProbeNoTurnover>>,
    <<"ProbeNeverAsleep", ProbeNeverAsleep>>, <<"ProbeNoWake", ProbeNoWake>>,
    <<"ProbeNoEintr", ProbeNoEintr>>, <<"ProbeNoEinval", ProbeNoEinval>>,
    <<"ProbeNoEfault", ProbeNoEfault>>, <<"ProbeNoPartialTake", ProbeNoPartialTake>>,
    <<"ProbeNoTakeBeyondMin", ProbeNoTakeBeyondMin>>, <<"ProbeNoPostDuringCopy", ProbeNoPostDuringCopy>>,
    <<"ProbeNoRequeueBeforePost", ProbeNoRequeueBeforePost>>, <<"ProbeNoStalePointers", ProbeNoStalePointers>>,
    <<"ProbeNoFault", ProbeNoFault>>, <<"ProbeNoPoll", ProbeNoPoll>>,
    <<"ProbeNoEinvalZeroN", ProbeNoEinvalZeroN>> >>
ASSUME CopyProbeRegistersCleared == \A i \in 1 .. 15 : TLCSet(i, FALSE)
\* Always TRUE; prints each probe the first time (per TLC worker) a state violates it.
ProbeReport ==
    LET t == ProbeTable IN
    \A i \in 1 .. Len(t) :
        (~t[i][2] /\ ~TLCGet(i)) => (TLCSet(i, TRUE) /\ PrintT(<<"probe-violated", t[i][1]>>))

\* Fairness without WaitIntr: a pending signal need not end the sleep.
FairnessWithoutIntr ==
    /\ \A a \in Atoms : WF_copyVars(Post(a))
    /\ WF_copyVars(PostWake)
    /\ WF_copyVars(CopyTake)
    /\ WF_copyVars(CopyStore \/ \E j \in 0 .. Depth : CopyFault(j))
    /\ WF_copyVars(WaitReturn)
\* Fairness without CopyTake: a satisfied waiter need not take.
FairnessWithoutTake ==
    /\ \A a \in Atoms : WF_copyVars(Post(a))
    /\ WF_copyVars(PostWake)
    /\ WF_copyVars(WaitIntr)
    /\ WF_copyVars(CopyStore \/ \E j \in 0 .. Depth : CopyFault(j))
    /\ WF_copyVars(WaitReturn)

-----------------------------------------------------------------------------
(* Planted mutations (definition overrides). *)

\* The waiter is never woken.
MutWakeNever(q, m) == FALSE
\* The waiter is woken (or not put to sleep) one completion early.
MutWakeEarly(q, m) == q >= m - 1
\* The take ignores n: everything queued is copied.
MutTakeAll(m, n, q) == q
\* The take copies only the min, leaving the rest queued.
MutTakeMin(m, n, q) == Min(m, q)
\* The take copies n pointers whatever is queued (NULL past the queue's end).
MutTakeN(m, n, q) == n
\* The take peeks: the completions stay queued.
MutDrop(q, k) == q
\* A faulted copy puts its completions behind the later posts.
MutRequeueBehind(t, q) == q \o t
\* A faulted copy forgets its completions.
MutRequeueNone(t, q) == q
\* User space reads r whatever the wait returned (stale pointers after -EFAULT).
MutDelivered(r) == ubuf
\* EINVAL also for min = n.
MutRejectedEqual(m, n) == n <= 0 \/ m >= n
\* No argument check: min > n is accepted (it can only return fewer than min).
MutRejectedNone(m, n) == n < 0
\* -EINTR without a signal.
MutWaitIntr ==
    /\ wstate = "sleeping"
    /\ LockFree
    /\ wstate' = "returning"
    /\ wret' = "EINTR"
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wcount, wmin, wn, wbuf, sigPending, faulted, errors>>
\* A completion error is not reported.
MutReportError(e) == e
=============================================================================
