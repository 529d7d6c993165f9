---------------------------- MODULE UringCqTrace ----------------------------
(***************************************************************************)
(* Trace validation of this kernel's io_uring CQ protocol against          *)
(* SysletRing (Formula "free", Overflow "backlog"), through the mapping of *)
(* UringCq.  The Java client (org.syslets.uring.IoUring) records what user *)
(* space observes, in program order of the one thread that owns the ring;  *)
(* org.syslets.uring.trace.UringTrace writes it as the sequence Log of a    *)
(* generated module that EXTENDS this one.                                 *)
(*                                                                         *)
(* Logged events (every field present; unused ones are 0):                 *)
(*   EnterCall   v = min_complete, ud = to_submit, res = 1 if GETEVENTS    *)
(*   Submit      ud = user_data of an SQE the call consumed                *)
(*   EnterReturn v = the call's return value                               *)
(*   ReadTail    v = the CQ tail, loaded with acquire                      *)
(*   ReadCqe     v = index, ud = user_data, res = res of cqes[index]       *)
(*   StoreHead   v = the CQ head, stored with release                      *)
(*   ReadFlags   v = 1 if IORING_SQ_CQ_OVERFLOW was set                    *)
(*   ReadOverflow v = the CQ overflow counter                              *)
(*   End         v = completions the application is still missing         *)
(*                                                                         *)
(* The kernel's own steps are not observed: a step of the trace spec is    *)
(* either the next logged event (i advances) or an unobserved step of      *)
(* SysletRing (FillCqe, CommitTail, FlushOverflow, the wait deciding inside *)
(* a call, the user's ForgetCqe between its read and its head store), i    *)
(* unchanged -- SysletRing's nondeterminism decides them.  To keep that    *)
(* search small, a FillCqe is only tried with the completion that the      *)
(* log shows at the index it would land on (Oracle): it can only remove    *)
(* behaviours that a later ReadCqe rejects anyway, never add one.          *)
(*                                                                         *)
(* Verdict (TLC 1.7.3 has no POSTCONDITION): reaching i = Len(Log)         *)
(* violates NotAccepted (exit 12 = accepted).  Otherwise (exit 0) the last *)
(* TRACE-HIGH line is the number of events matched, and a second run with  *)
(* Stuck = that number prints the states there and what they allow.       *)
(***************************************************************************)
EXTENDS UringCq, TLC

CONSTANTS
    Log,      \* the recorded events
    Oracle,   \* Oracle[j + 1]: the user_data read at real CQ index j, 0 if never read
    Stuck,    \* -1 to check; p >= 0 to explain why Log[p + 1] cannot follow
    ETIME, EINTR

VARIABLES
    i,        \* events matched so far
    call      \* the io_uring_enter in progress: [min, sub, wait], or NoCall

\* The CQE user space has read at the head and not yet released, or NULL.
held == ureg

traceVars == <<ringVars, i, call>>

\* TLC 1.7.3 re-evaluates an overridden constant (Log <- TraceLog) at every use, but
\* evaluates a constant-level definition once: the whole log was rebuilt per state.
TheLog == Log
TheOracle == Oracle

NoCall == [min |-> -1, sub |-> -1, wait |-> FALSE]

Ev(a, v, ud, res) == [a |-> a, v |-> v, ud |-> ud, res |-> res]

\* The real CQ index at which a completion posted now lands: past every CQE stored
\* so far and behind every overflowed one (Post stores at K only if the backlog is empty).
LandsAt == Cardinality(posted) + Len(backlog)
OracleAllows(a) == LandsAt >= Len(TheOracle) \/ TheOracle[LandsAt + 1] = 0 \/ TheOracle[LandsAt + 1] = a

-----------------------------------------------------------------------------
(* Unobserved: what the kernel does while user space is not looking. *)

KernelStep ==
    /\ \/ \E a \in inflight : OracleAllows(a) /\ FillCqe(a)
       \/ CommitTail
       \/ FlushOverflow
          \* io_cqring_wait decides: enough ready after flushing (it returns at
          \* EnterReturn), or fewer than min (it sleeps).
       \/ call # NoCall /\ call.wait /\ call.min > 0 /\ EnterWait(call.min)
       \/ ForgetCqe
    /\ UNCHANGED <<i, call>>

-----------------------------------------------------------------------------
(* Observed: the logged event e is the next step. *)

\* io_uring_enter returned ret.  With GETEVENTS and min > 0 the wait either
\* returned at once (tail - head >= min after the flush) or was woken; -ETIME and
\* -EINTR end a sleep early, and the kernel returns them only on an empty CQ
\* (io_cqring_wait: "head == tail ? ret : 0").  A call that did not submit all it
\* was given does not wait.
EnterReturned(ret) ==
    LET waited == call.wait /\ (call.sub = 0 \/ ret = call.sub)   \* it reached io_cqring_wait
        gaveUp == ret = -ETIME \/ ret = -EINTR
    IN
    /\ call # NoCall
    /\ CASE waited /\ ret >= 0 /\ call.min > 0 ->
              wret \in {"ready", "woken"} /\ WaitReturnsToUser
         [] waited /\ ret >= 0 ->
              \* GETEVENTS with min 0: the overflow list was flushed as far as it fits
              ~CanFlush /\ UNCHANGED ringVars
         [] waited /\ gaveUp ->
              /\ CqReady = 0
              /\ \/ /\ wstate = "sleeping"
                    /\ wstate' = "user" /\ wret' = "none" /\ wmin' = 0 /\ eventsLeft' = 0
                    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent,
                                   reaped, rereaped, pub, upc, ureg, sigPending, faulted, errors>>
                 \/ wstate = "user" /\ UNCHANGED ringVars
         [] OTHER ->
              \* no wait: submission only, or an error before any wait
              wstate = "user" /\ UNCHANGED ringVars
    /\ call' = NoCall

Step(e) ==
    CASE e.a = "EnterCall" ->
           /\ call = NoCall /\ UserIdle
           /\ call' = [min |-> e.v, sub |-> e.ud, wait |-> e.res = 1]
           /\ UNCHANGED ringVars
      [] e.a = "Submit" ->
           /\ call # NoCall
           /\ ConsumeSqe(e.ud)
           /\ UNCHANGED call
      [] e.a = "EnterReturn" -> EnterReturned(e.v)
      [] e.a = "ReadTail" ->
           /\ call = NoCall /\ TailIs(e.v)
           /\ UNCHANGED <<ringVars, call>>
      [] e.a = "ReadCqe" ->
           \* read once: a second read of a CQE already handed to the application
           \* is a duplicated completion
           /\ call = NoCall
           /\ CqeAtHeadIs(e.v, e.ud)
           /\ ReadCqeAtHead
           /\ UNCHANGED call
      [] e.a = "StoreHead" ->
           \* the head moves past exactly the CQE that was read: one more is a lost one
           /\ call = NoCall
           /\ ReleaseCqe /\ U' = Idx(e.v)
           /\ UNCHANGED call
      [] e.a = "ReadFlags" ->
           /\ call = NoCall /\ OverflowFlagIs(e.v = 1)
           /\ UNCHANGED <<ringVars, call>>
      [] e.a = "ReadOverflow" ->
           /\ call = NoCall /\ OverflowCountIs(e.v)
           /\ UNCHANGED <<ringVars, call>>
      [] e.a = "End" ->
           \* the application has every completion it submitted, each once
           /\ call = NoCall /\ UserIdle /\ e.v = 0
           /\ Outstanding = 0
           /\ UNCHANGED <<ringVars, call>>
      [] OTHER -> FALSE

\* The high-water mark of matched events, printed as it rises (one TLC worker).
HighWater(n) == IF n > TLCGet(1) THEN TLCSet(1, n) /\ PrintT(<<"TRACE-HIGH", n>>) ELSE TRUE

TraceStep ==
    /\ i < Len(TheLog)
    /\ Step(TheLog[i + 1])
    /\ i' = i + 1
    /\ HighWater(i + 1)

TraceInit == RingInit /\ i = 0 /\ call = NoCall /\ TLCSet(1, 0)

TraceNext == TraceStep \/ KernelStep

NotAccepted == i < Len(TheLog)

\* A waiter back in user space carries only history in eventsLeft and wmin: the
\* next EnterWait overwrites both, and a Store counts eventsLeft down only while
\* it is positive.  So states that differ only there behave alike, and TLC may
\* fingerprint them as one (VIEW TraceView); UserWaitForgotten checks the premise.
UserWaitForgotten == wstate # "sleeping" => eventsLeft <= 0 /\ (wstate = "user" => wmin = 0)
TraceView ==
    <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reaped, rereaped, pub,
      upc, ureg, wstate, wret, sigPending, faulted, errors,
      IF wstate = "sleeping" THEN wmin ELSE 0, IF wstate = "sleeping" THEN eventsLeft ELSE 0, i, call>>

-----------------------------------------------------------------------------
(* Explaining a rejection (second run, Stuck = the number of matched events). *)

StateLine ==
    [tail |-> K, head |-> U, ready |-> CqReady, slot |-> slot, backlog |-> backlog,
     inflight |-> inflight, wstate |-> wstate, call |-> call, held |-> held]

\* What user space could observe next from this state, in the log's vocabulary
\* (spec values: indices mod 2^W).
Observable ==
    {Ev("ReadTail", K, 0, 0), Ev("ReadFlags", IF backlog # <<>> THEN 1 ELSE 0, 0, 0),
     Ev("ReadOverflow", Cardinality(dropped), 0, 0)}
    \cup (IF upc = "idle" /\ CanReap THEN {Ev("ReadCqe", U, slot[SlotOf(U)], 0)} ELSE {})
    \cup (IF upc # "idle" THEN {Ev("StoreHead", Idx(U + 1), 0, 0)} ELSE {})
    \cup (IF call # NoCall /\ wstate = "returning" THEN {Ev("EnterReturn", 0, 0, 0)} ELSE {})
    \cup (IF Outstanding = 0 /\ call = NoCall THEN {Ev("End", 0, 0, 0)} ELSE {})
    \cup {Ev("FillCqe (kernel)", a, 0, 0) : a \in {b \in inflight : OracleAllows(b)}}
    \cup (IF pub # NULL THEN {Ev("CommitTail (kernel)", pub, 0, 0)} ELSE {})

Explain ==
    /\ i = Stuck
    /\ PrintT(<<"TRACE-STATE", Stuck, StateLine>>)
    /\ PrintT(<<"TRACE-EXPECTED", TheLog[Stuck + 1]>>)
    /\ \A e \in Observable : PrintT(<<"TRACE-ALLOWED", e>>)
    /\ i' = Stuck + 1
    /\ UNCHANGED <<ringVars, call>>

ExplainNext == (i < Stuck /\ (TraceStep \/ KernelStep)) \/ (i = Stuck /\ KernelStep) \/ Explain
=============================================================================
