---------------------------- MODULE SysletTrace ----------------------------
(***************************************************************************)
(* Trace validation of the completion ring.                                *)
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
(* The writer (org.syslets.trace.TraceWriter) expands each recorded event *)
(* into the spec steps it is (docs/refinement.md, "Events <-> actions"):  *)
(*   SubmitAsync atom          SubmitAsync(atom)  (head switch / handoff)  *)
(*   Post atom k stored        Post(atom) storing the slot, then PublishK  *)
(*                             with K' = k                                 *)
(*   Post atom k dropped|backlog  Post(atom), K' = k                       *)
(*   Post atom fault           CompletionFault(atom, "ring")               *)
(*   Flush atom k              Flush with Head(backlog) = atom, then       *)
(*                             PublishK with K' = k                        *)
(*   Retire atom               Retire(atom)        (SYSLET_NO_COMPLETE)    *)
(*   Reap atom u               ReapRead of atom, ReapClear, ReapAdvance    *)
(*                             with U' = u                                 *)
(*   WaitEnter u m el sleep    WaitEnter(m) with U = u, eventsLeft' = el   *)
(*   WaitEnter u m el return   the same, then WaitReturn ("ready")         *)
(*   WaitWake                  WaitReturn ("woken": PublishK woke it)      *)
(*   WaitIntr                  Signal, WaitIntr, WaitReturn ("EINTR")      *)
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

\* What Post(a) did, read off the successor state.
PostOut(a) == IF a \in posted' THEN "stored" ELSE IF a \in dropped' THEN "dropped" ELSE "backlog"

\* Every step of the ring, each handed (as an event) to P: P is "matches the
\* logged event" when checking and "print it" when explaining.
Moves(P(_)) ==
    \/ \E a \in Atoms : SubmitAsync(a) /\ P(Ev("SubmitAsync", a, -1, -1, 0, 0, "-"))
    \/ \E a \in Atoms : Post(a) /\ P(Ev("Post", a, K', -1, 0, 0, PostOut(a)))
    \/ \E a \in Atoms : CompletionFault(a, "ring") /\ P(Ev("Post", a, -1, -1, 0, 0, "fault"))
    \/ PublishK /\ P(Ev("PublishK", pub, K', -1, 0, 0, "-"))
    \/ Flush /\ P(Ev("Flush", Head(backlog), -1, -1, 0, 0, "-"))
    \/ \E a \in Atoms : Retire(a) /\ P(Ev("Retire", a, -1, -1, 0, 0, "-"))
    \/ ReapRead /\ P(Ev("ReapRead", slot[SlotOf(U)], -1, -1, 0, 0, "-"))
    \/ ReapClear /\ P(Ev("ReapClear", 0, -1, -1, 0, 0, "-"))
    \/ ReapAdvance /\ P(Ev("ReapAdvance", 0, -1, U', 0, 0, "-"))
    \/ \E m \in WaitMins : WaitEnter(m)
         /\ P(Ev("WaitEnter", 0, -1, U, m, eventsLeft', IF wstate' = "sleeping" THEN "sleep" ELSE "return"))
    \/ Signal /\ P(Ev("Signal", 0, -1, -1, 0, 0, "-"))
    \/ WaitIntr /\ P(Ev("WaitIntr", 0, -1, -1, 0, 0, "-"))
    \/ WaitReturn /\ P(Ev("WaitReturn", 0, -1, -1, 0, 0, wret))

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
    [slot |-> slot, K |-> K, U |-> U, inflight |-> inflight, backlog |-> backlog, pub |-> pub,
     upc |-> upc, wstate |-> wstate, wret |-> wret, eventsLeft |-> eventsLeft]

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
