---------------------------- MODULE SysletTrace ----------------------------
(***************************************************************************)
(* Trace validation of the completion ring (issue 7).                      *)
(*                                                                         *)
(* The Java runtime records the ring-level events of a real run            *)
(* (org.syslets.kernel.Recording); the trace module writes them as a TLA+  *)
(* sequence literal Log in a generated module that EXTENDS this one, and   *)
(* TLC walks it: step i+1 must be a step of SysletRing that, described in  *)
(* the event vocabulary (Ev), equals the logged event Log[i+1].  A logged  *)
(* field of -1 is "not observed" and left to the spec's nondeterminism.    *)
(*                                                                         *)
(* Acceptance (TLC 1.7.3 has no POSTCONDITION): reaching the end of the    *)
(* trace violates the invariant NotAccepted, so TLC exit 12 = accepted.    *)
(* Exit 0 = no behaviour of the spec matches the whole trace; TLC's depth  *)
(* is then 1 + the number of matched events.  A second run with            *)
(* Stuck = that number prints the state(s) at the last matched position    *)
(* and every event the spec allows there (TRACE-ALLOWED lines), to be set  *)
(* against the logged event (docs/trace-validation.md).                    *)
(*                                                                         *)
(* The events and the actions they must be (docs/refinement.md, "Events   *)
(* <-> actions"):                                                          *)
(*   SubmitAsync atom          SubmitAsync(atom)  (head switch / handoff)  *)
(*   Post atom k out           Post(atom), K' = k, out = stored|dropped|   *)
(*                             backlog                                     *)
(*   Flush atom k              Flush, Head(backlog) = atom, K' = k         *)
(*   Retire atom               Retire(atom)        (SYSLET_NO_COMPLETE)    *)
(*   Reap atom u               Reap, slot[U] = atom, U' = u                *)
(*   WaitEnter u m el out      WaitEnter(m) with U = u, eventsLeft' = el,  *)
(*                             out = sleep|return                          *)
(*   WaitWake                  WaitWake                                    *)
(*   WaitIntr                  WaitIntr (below: not a SysletRing action)   *)
(***************************************************************************)
EXTENDS SysletRing, TLC

CONSTANTS
    Log,     \* the recorded trace: a sequence of event records (see Ev)
    Stuck    \* -1 to check the trace; p >= 0 to explain why Log[p+1] cannot follow

VARIABLE i   \* the number of events matched so far

traceVars == <<ringVars, i>>

\* One event, in the recorder's vocabulary.  Every event has every field, so
\* that events can be compared with =; unused fields are -1, 0 or "-".
Ev(a, atom, k, u, m, el, out) ==
    [a |-> a, atom |-> atom, k |-> k, u |-> u, m |-> m, el |-> el, out |-> out]

\* async_wait interrupted by a signal (-EINTR): the runtime's waiter leaves the
\* sleep and the kernel forgets its events_left.  SysletRing has no such step
\* (its waiter sleeps until woken); the runtime has it (AsyncWait#waitEnter,
\* SysletKernel#signal), and the v5 runs need it: an MM1 waiter that sleeps
\* with K < U is only ever released by a signal.  Defined here, not in
\* SysletRing's Next, so that the 46 ring/tasks/syslet models keep their state
\* counts; docs/trace-validation.md proposes it for SysletRing.
WaitIntr ==
    /\ wstate = "sleeping"
    /\ wstate' = "user"
    /\ wmin' = 0
    /\ eventsLeft' = 0
    /\ UNCHANGED <<slot, K, U, submitted, inflight, backlog, posted, dropped, silent, reapCount>>

\* What Post(a) did, read off the successor state.
PostOut(a) == IF a \in posted' THEN "stored" ELSE IF a \in dropped' THEN "dropped" ELSE "backlog"

\* Every step of the ring, each handed (as an event) to P: P is "matches the
\* logged event" when checking and "print it" when explaining.
Moves(P(_)) ==
    \/ \E a \in Atoms : SubmitAsync(a) /\ P(Ev("SubmitAsync", a, -1, -1, 0, 0, "-"))
    \/ \E a \in Atoms : Post(a) /\ P(Ev("Post", a, K', -1, 0, 0, PostOut(a)))
    \/ Flush /\ P(Ev("Flush", Head(backlog), K', -1, 0, 0, "-"))
    \/ \E a \in Atoms : Retire(a) /\ P(Ev("Retire", a, -1, -1, 0, 0, "-"))
    \/ Reap /\ P(Ev("Reap", slot[SlotOf(U)], -1, U', 0, 0, "-"))
    \/ \E m \in 1 .. N : WaitEnter(m)
         /\ P(Ev("WaitEnter", 0, -1, U, m, eventsLeft', IF wstate' = "sleeping" THEN "sleep" ELSE "return"))
    \/ WaitWake /\ P(Ev("WaitWake", 0, -1, -1, 0, 0, "-"))
    \/ WaitIntr /\ P(Ev("WaitIntr", 0, -1, -1, 0, 0, "-"))

\* ev (from the spec) matches the logged event e; -1 in k or u = not observed.
Match(ev, e) ==
    /\ ev.a = e.a
    /\ ev.atom = e.atom
    /\ (e.k = -1 \/ ev.k = e.k)
    /\ (e.u = -1 \/ ev.u = e.u)
    /\ ev.m = e.m
    /\ ev.el = e.el
    /\ ev.out = e.out

TraceInit == RingInit /\ i = 0

TraceStep ==
    /\ 0 <= i /\ i < Len(Log)
    /\ Moves(LAMBDA ev : Match(ev, Log[i + 1]))
    /\ i' = i + 1

TraceNext == TraceStep

\* Inverted invariant: violated exactly when the whole trace was matched.
NotAccepted == i < Len(Log)

-----------------------------------------------------------------------------
(* Explaining a rejection (second run, Stuck = the number of matched events). *)

StateLine ==
    [slot |-> slot, K |-> K, U |-> U, inflight |-> inflight, backlog |-> backlog,
     wstate |-> wstate, eventsLeft |-> eventsLeft]

Explain ==
    /\ i = Stuck
    /\ PrintT(<<"TRACE-STATE", Stuck, StateLine>>)
    /\ PrintT(<<"TRACE-EXPECTED", Log[Stuck + 1]>>)
    /\ \/ Moves(LAMBDA ev : PrintT(<<"TRACE-ALLOWED", ev>>))
       \/ TRUE    \* no move at all is also an answer
    /\ i' = Stuck + 1
    /\ UNCHANGED ringVars

ExplainNext == (i < Stuck /\ TraceStep) \/ Explain
=============================================================================
