---------------------------- MODULE SysletCopyOut ----------------------------
(***************************************************************************)
(* Davide Libenzi's completion API: a kernel-owned completion queue and a  *)
(* wait that copies atom pointers out, instead of the shared ring of       *)
(* SysletRing.  Davide Libenzi (2007-02-13, "Re: [patch 06/11] syslets:    *)
(* core, documentation", linux-kernel): "Sigh, I really dislike shared     *)
(* userspace/kernel stuff, when we're transfering pointers to userspace.   *)
(* Did you actually bench it against a: int async_wait(struct syslet_uatom *)
(* **r, int n);" ... "And the API is *certainly* cleaner."                 *)
(*                                                                         *)
(* The call specified here is AsyncWaitCopyOut(min, n, r): sleep until at  *)
(* least min completions are queued, copy up to n of them (oldest first)   *)
(* into the user's array r, remove them from the queue and return how many *)
(* were copied.  n <= 0 or min > n is -EINVAL (no wait can be satisfied),  *)
(* a signal during the sleep -EINTR, a fault while writing r -EFAULT: the  *)
(* taken completions go back to the head of the queue, so none is lost    *)
(* and the order is kept.  min = 0 is a poll.                              *)
(*                                                                         *)
(* What is gone by construction: user space shares no memory with the     *)
(* kernel's queue, so there are no indices to wrap (MM1), no K = U to read *)
(* as empty or full (RING-FULL), no slot to find taken (MM16's overflow):  *)
(* the queue holds what the outstanding syslets posted and no more.        *)
(*                                                                         *)
(* Steps split as the ring's are.  A post is two steps under the queue     *)
(* lock: Post appends the final atom to the queue, PostWake wakes the      *)
(* waiter if the queue now satisfies it and releases the lock (the ring's  *)
(* Post and PublishK).  AsyncWaitCopyOut is WaitEnter (under the lock: the *)
(* arguments are checked and the queue compared with min), possibly a      *)
(* sleep ended by PostWake or by a signal (Signal, WaitIntr), then CopyTake *)
(* (under the lock: up to n completions leave the queue for the kernel's   *)
(* own array), CopyStore or CopyFault (copy_to_user, outside the lock: it  *)
(* may fault and sleep), and WaitReturn.                                   *)
(* CompletionFault is the ring's "ret" fault: the result of a syslet cannot *)
(* be written through ret_ptr.  Nothing in Davide's API reports it, so the *)
(* error word of the fixed ring is kept (MM16's error channel).            *)
(***************************************************************************)
EXTENDS Integers, FiniteSets, Sequences

CONSTANTS
    Atoms,        \* the async syslets, named by positive integers (their final atom)
    NULL,         \* not an atom: what a pointer the kernel did not fill holds
    Depth,        \* user-space discipline: at most Depth syslets outstanding (fio: iodepth)
    FaultyAtoms,  \* the syslets whose result may fail to be written through ret_ptr, once
    BadBuffer     \* TRUE: user space may pass an array r the kernel cannot write (-EFAULT)

ASSUME CopyAtomsAreNamed == Atoms \subseteq Nat \ {0} /\ NULL \notin Atoms
ASSUME CopyFaultyAreAtoms == FaultyAtoms \subseteq Atoms
ASSUME CopyDepthIsCount == Depth \in Nat \ {0}
ASSUME BadBufferIsBoolean == BadBuffer \in BOOLEAN

VARIABLES
    submitted,  \* async syslets submitted so far
    inflight,   \* async syslets still running in background threads
    cq,         \* the kernel's completion queue, oldest first
    postOrder,  \* ghost: every atom ever appended to the queue, in order
    pub,        \* NULL, or the atom just appended whose PostWake is due (that post holds the lock)
    taken,      \* the completions CopyTake removed from the queue and the copy has not finished
    ubuf,       \* the user's array r: what the kernel wrote into it during the current wait
    qAtTake,    \* ghost: the queue's length when CopyTake ran (0 otherwise)
    reaped,     \* atoms user space has received
    rereaped,   \* atoms user space has received more than once
    got,        \* ghost: the atoms user space received, in the order it received them
    wstate,     \* the user thread: "user" (running), "sleeping", "ready" (the wait is satisfied,
                \* CopyTake is due), "copying" (copy_to_user in progress), "returning" with wret
    wret,       \* "none"; "ready" (satisfied at entry) or "woken" (after a sleep) until the
                \* copy ends; then "count" (the call returns wcount), "EINTR", "EINVAL" or "EFAULT"
    wcount,     \* the count the call returns with wret = "count" (0 otherwise)
    wmin,       \* min of the current wait (0 when none)
    wn,         \* n of the current wait (0 when none)
    wbuf,       \* the current wait's array: "good" or "bad" ("none" when no wait)
    sigPending, \* a signal is pending for the user thread
    faulted,    \* syslets whose result could not be written through ret_ptr
    errors      \* the error word user space reads: completion errors reported

copyVars == <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
              wstate, wret, wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

Min(a, b) == IF a <= b THEN a ELSE b
SetOf(s) == {s[i] : i \in 1 .. Len(s)}
Outstanding == Cardinality(submitted) - Cardinality(reaped)
UserIdle == wstate = "user"
LockFree == pub = NULL

\* The arguments a wait may pass: min 0 .. Depth + 1 and n 0 .. Depth, so that
\* n <= 0 and min > n are among them; the array may be bad.
WaitMins == 0 .. Depth + 1
WaitNs == 0 .. Depth
Buffers == IF BadBuffer THEN {"good", "bad"} ELSE {"good"}

\* -EINVAL: no n pointers to copy, or a minimum the array cannot hold.
Rejected(m, n) == n <= 0 \/ m > n

\* The wait is satisfied: at least min completions are queued.
WakeAt(q, m) == q >= m

\* How many completions CopyTake removes: as many as are queued, at most n.
TakeCount(m, n, q) == Min(n, q)

\* The first k pointers of queue q (NULL past its end) and what is left.
Take(q, k) == [i \in 1 .. k |-> IF i <= Len(q) THEN q[i] ELSE NULL]
Drop(q, k) == IF k >= Len(q) THEN <<>> ELSE SubSeq(q, k + 1, Len(q))

\* A copy that faulted puts its completions back in front of the queue:
\* they are older than anything posted meanwhile.
Requeue(t, q) == t \o q

\* What user space may take out of its array after the wait returned: the
\* pointers the copy wrote on a count, nothing on an error.
Delivered(r) == IF r = "count" THEN ubuf ELSE <<>>

\* The fixed design reports every completion error in the error word.
ReportError(e) == e + 1

-----------------------------------------------------------------------------
(* Kernel side.  Post, PostWake, CompletionFault, WaitEnter, WaitIntr,      *)
(* CopyTake and CopyFault's requeue run under the queue lock.               *)

\* A syslet goes asynchronous (in the composed spec: the head switch).
SubmitAsync(a) ==
    /\ a \in Atoms \ submitted
    /\ submitted' = submitted \cup {a}
    /\ inflight' = inflight \cup {a}
    /\ UNCHANGED <<cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wstate, wret, wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* Post: the background thread that ran syslet a takes the queue lock and
\* appends a's final atom.  There is no slot that can be taken: the queue
\* is the kernel's, one entry per outstanding syslet.
Post(a) ==
    /\ LockFree
    /\ a \in inflight
    /\ inflight' = inflight \ {a}
    /\ cq' = Append(cq, a)
    /\ postOrder' = Append(postOrder, a)
    /\ pub' = a
    /\ UNCHANGED <<submitted, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wstate, wret, wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* PostWake: the waiter is woken if the queue now holds its min; the lock is
\* released.
PostWake ==
    /\ pub # NULL
    /\ pub' = NULL
    /\ IF wstate = "sleeping" /\ WakeAt(Len(cq), wmin)
         THEN wstate' = "ready" /\ wret' = "woken"
         ELSE UNCHANGED <<wstate, wret>>
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* CompletionFault: the result of syslet a cannot be written through
\* ret_ptr (Milton, MM16: "how does userspace actually find out about the
\* error doing the completion in the syslet case?").  The atom is still
\* posted by a later Post; the error is counted where user space reads it.
CompletionFault(a) ==
    /\ LockFree
    /\ a \in inflight \cap FaultyAtoms
    /\ a \notin faulted
    /\ faulted' = faulted \cup {a}
    /\ errors' = ReportError(errors)
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wstate, wret, wcount, wmin, wn, wbuf, sigPending>>

-----------------------------------------------------------------------------
(* User side: one user thread submits, or it is inside AsyncWaitCopyOut.    *)

\* Submit: user space keeps at most Depth syslets outstanding; syslets are
\* submitted in the order of their names and complete in any order.
Submit ==
    /\ UserIdle
    /\ Outstanding < Depth
    /\ submitted # Atoms
    /\ SubmitAsync(CHOOSE a \in Atoms \ submitted : \A b \in Atoms \ submitted : a <= b)

\* WaitEnter(m, n, b): AsyncWaitCopyOut(min = m, n, r) with an array r that
\* the kernel can write (b = "good") or not ("bad"), under the queue lock.
WaitEnter(m, n, b) ==
    /\ UserIdle
    /\ LockFree
    /\ wmin' = m
    /\ wn' = n
    /\ wbuf' = b
    /\ IF Rejected(m, n)
         THEN wstate' = "returning" /\ wret' = "EINVAL"
         ELSE IF WakeAt(Len(cq), m)
                THEN wstate' = "ready" /\ wret' = "ready"
                ELSE wstate' = "sleeping" /\ UNCHANGED wret
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wcount, sigPending, faulted, errors>>

\* Signal: a signal arrives for the sleeping waiter; it stays pending until
\* the thread returns to user space.
Signal ==
    /\ wstate = "sleeping"
    /\ ~sigPending
    /\ sigPending' = TRUE
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wstate, wret, wcount, wmin, wn, wbuf, faulted, errors>>

\* WaitIntr: the pending signal ends the sleep with -EINTR; nothing was taken.
WaitIntr ==
    /\ wstate = "sleeping"
    /\ sigPending
    /\ LockFree
    /\ wstate' = "returning"
    /\ wret' = "EINTR"
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, ubuf, qAtTake, reaped, rereaped, got,
                   wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* CopyTake: the satisfied waiter re-takes the lock and removes up to n
\* completions, oldest first, into the kernel's own array.  Posts that came
\* after the wake-up are taken too, up to n.
CopyTake ==
    /\ wstate = "ready"
    /\ LockFree
    /\ LET k == TakeCount(wmin, wn, Len(cq)) IN
       /\ taken' = Take(cq, k)
       /\ cq' = Drop(cq, k)
    /\ qAtTake' = Len(cq)
    /\ wstate' = "copying"
    /\ UNCHANGED <<submitted, inflight, postOrder, pub, ubuf, reaped, rereaped, got,
                   wret, wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* CopyStore: copy_to_user of the taken pointers into r succeeds (outside
\* the lock); the wait returns their count.
CopyStore ==
    /\ wstate = "copying"
    /\ wbuf = "good" \/ taken = <<>>
    /\ ubuf' = taken
    /\ taken' = <<>>
    /\ wret' = "count"
    /\ wcount' = Len(taken)
    /\ wstate' = "returning"
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, qAtTake, reaped, rereaped, got,
                   wmin, wn, wbuf, sigPending, faulted, errors>>

\* CopyFault(j): copy_to_user faults after j of the pointers were written
\* (r is partly unmapped).  The kernel re-takes the lock, puts the taken
\* completions back and returns -EFAULT; r holds j stale pointers.
CopyFault(j) ==
    /\ wstate = "copying"
    /\ wbuf = "bad"
    /\ taken # <<>>
    /\ LockFree
    /\ j \in 0 .. Len(taken) - 1
    /\ ubuf' = SubSeq(taken, 1, j)
    /\ cq' = Requeue(taken, cq)
    /\ taken' = <<>>
    /\ wret' = "EFAULT"
    /\ wstate' = "returning"
    /\ UNCHANGED <<submitted, inflight, postOrder, pub, qAtTake, reaped, rereaped, got,
                   wcount, wmin, wn, wbuf, sigPending, faulted, errors>>

\* WaitReturn: the call returns wret to user space, which takes what the
\* return says it may out of r; a pending signal is delivered there.
WaitReturn ==
    /\ wstate = "returning"
    /\ LET d == Delivered(wret) IN
       /\ reaped' = reaped \cup SetOf(d)
       /\ rereaped' = rereaped \cup (SetOf(d) \cap reaped)
       /\ got' = got \o d
    /\ ubuf' = <<>>
    /\ qAtTake' = 0
    /\ wstate' = "user"
    /\ wret' = "none"
    /\ wcount' = 0
    /\ wmin' = 0
    /\ wn' = 0
    /\ wbuf' = "none"
    /\ sigPending' = FALSE
    /\ UNCHANGED <<submitted, inflight, cq, postOrder, pub, taken, faulted, errors>>

-----------------------------------------------------------------------------

CopyInit ==
    /\ submitted = {}
    /\ inflight = {}
    /\ cq = <<>>
    /\ postOrder = <<>>
    /\ pub = NULL
    /\ taken = <<>>
    /\ ubuf = <<>>
    /\ qAtTake = 0
    /\ reaped = {}
    /\ rereaped = {}
    /\ got = <<>>
    /\ wstate = "user"
    /\ wret = "none"
    /\ wcount = 0
    /\ wmin = 0
    /\ wn = 0
    /\ wbuf = "none"
    /\ sigPending = FALSE
    /\ faulted = {}
    /\ errors = 0

CopyNext ==
    \/ Submit
    \/ \E a \in Atoms : Post(a)
    \/ PostWake
    \/ \E a \in FaultyAtoms : CompletionFault(a)
    \/ \E m \in WaitMins, n \in WaitNs, b \in Buffers : WaitEnter(m, n, b)
    \/ Signal
    \/ WaitIntr
    \/ CopyTake
    \/ CopyStore
    \/ \E j \in 0 .. Depth : CopyFault(j)
    \/ WaitReturn

\* Weak fairness on the kernel's steps and on the waiter's way back; none on
\* Signal, Submit or WaitEnter.  CopyFault is fair only as an alternative of
\* CopyStore: a copy into a bad array ends one way or the other.
CopyFairness ==
    /\ \A a \in Atoms : WF_copyVars(Post(a))
    /\ WF_copyVars(PostWake)
    /\ WF_copyVars(WaitIntr)
    /\ WF_copyVars(CopyTake)
    /\ WF_copyVars(CopyStore \/ \E j \in 0 .. Depth : CopyFault(j))
    /\ WF_copyVars(WaitReturn)

CopySpec == CopyInit /\ [][CopyNext]_copyVars /\ CopyFairness

-----------------------------------------------------------------------------
(* Invariants: the ring's, restated for the queue, and the call's own.      *)

CopyTypeOK ==
    /\ submitted \subseteq Atoms
    /\ inflight \subseteq submitted
    /\ cq \in Seq(Atoms)
    /\ postOrder \in Seq(Atoms)
    /\ pub \in Atoms \cup {NULL}
    /\ taken \in Seq(Atoms)
    /\ ubuf \in Seq(Atoms)
    /\ qAtTake \in 0 .. Depth
    /\ reaped \subseteq Atoms
    /\ rereaped \subseteq reaped
    /\ got \in Seq(Atoms)
    /\ wstate \in {"user", "sleeping", "ready", "copying", "returning"}
    /\ wret \in {"none", "ready", "woken", "count", "EINTR", "EINVAL", "EFAULT"}
    /\ wcount \in 0 .. Depth
    /\ wmin \in 0 .. Depth + 1
    /\ wn \in 0 .. Depth
    /\ wbuf \in {"none", "good", "bad"}
    /\ sigPending \in BOOLEAN
    /\ faulted \subseteq FaultyAtoms
    /\ errors \in 0 .. Cardinality(FaultyAtoms)

\* The pointers in r that a successful copy hands to user space.
Copied == IF wstate = "returning" /\ wret = "count" THEN ubuf ELSE <<>>

\* Exactly-once: nothing is received that was not posted, nothing twice, and
\* nothing the kernel may still hand out (queued or being copied) -- e.g. a
\* stale pointer a faulted copy left in r.
ExactlyOnceReap ==
    /\ rereaped = {}
    /\ reaped \subseteq SetOf(postOrder)
    /\ reaped \cap (SetOf(cq) \cup SetOf(taken)) = {}

\* No loss (MM16): every async syslet is running, queued, being copied,
\* copied into r, or received.
NoCompletionLost == inflight \cup SetOf(cq) \cup SetOf(taken) \cup SetOf(Copied) \cup reaped = submitted

\* ... and in exactly one of those places.
Accounting ==
    Cardinality(inflight) + Len(cq) + Len(taken) + Len(Copied) + Cardinality(reaped)
        = Cardinality(submitted)

\* Order kept: what user space received, then what it is receiving, what is
\* being copied and what is queued, is the post order exactly -- a faulted
\* copy puts its completions back in front of later posts.
OrderKept == got \o Copied \o taken \o cq = postOrder

\* Never more than n copied.
NeverMoreThanN == Len(taken) <= wn /\ Len(ubuf) <= wn

\* ... and never fewer than the call may: a take removes every queued
\* completion up to n, not just the min.
TakesWhatIsQueued == wstate = "copying" => Len(taken) = Min(wn, qAtTake)

\* The completions whose post is over: the one appended by a post that still
\* holds the lock (its PostWake is due) is queued but not yet announced.
Announced == Len(cq) - (IF pub # NULL THEN 1 ELSE 0)

\* No starvation (the ring's MM1 and RING-FULL): the waiter never sleeps
\* while min completions are announced.
WaitNeverStarves == wstate = "sleeping" => Announced < wmin

\* No early return: a count only with at least min copied, exactly the
\* pointers in r, and none written into an array the kernel cannot write; -EINTR only with a signal pending; -EINVAL only for a wait
\* that can never be satisfied; -EFAULT only for an array the kernel cannot
\* write.  A satisfied waiter has its min queued.
WaitReturnsWithEvents ==
    /\ wstate = "ready" => Len(cq) >= wmin
    /\ wstate = "returning" =>
         \/ wret = "count" /\ wcount >= wmin /\ wcount = Len(ubuf) /\ (wcount = 0 \/ wbuf = "good")
         \/ wret = "EINTR" /\ sigPending
         \/ wret = "EINVAL" /\ (wn <= 0 \/ wmin > wn)
         \/ wret = "EFAULT" /\ wbuf = "bad"

\* MM16 as Milton asked it: every completion error is counted where user
\* space can read it.
CompletionErrorsVisible == errors = Cardinality(faulted)

\* Liveness: a waiter whose min completions are queued or on their way is
\* eventually woken ...
Eligible == wstate = "sleeping" /\ Len(cq) + Cardinality(inflight) >= wmin
WaiterEventuallyWakes == Eligible ~> (wstate # "sleeping")

\* ... a signal ends the sleep ...
SignalEndsWait == (wstate = "sleeping" /\ sigPending) ~> (wstate = "user")

\* ... and a satisfied wait copies and returns.
SatisfiedWaitReturns == (wstate = "ready") ~> (wstate = "user")
=============================================================================
