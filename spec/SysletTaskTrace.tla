-------------------------- MODULE SysletTaskTrace --------------------------
(***************************************************************************)
(* Trace validation of the task level: the head switch, spares             *)
(* and background threads of one registered async head, recorded by the   *)
(* Java runtime (org.syslets.kernel.Recording, Recording.task), checked    *)
(* against SysletTasks.  Same scheme as SysletTrace (the ring level): the  *)
(* generated module gives Log, a sequence of event records; step i+1 must  *)
(* be a SysletTasks step that, described in the event vocabulary (Ev),     *)
(* matches Log[i+1]; a logged -1 is "not observed".  Acceptance: reaching  *)
(* the end of the trace violates NotAccepted (TLC exit 12).                *)
(*                                                                         *)
(* Threads are the integers 1 .. n, 1 being the first head (the writer     *)
(* numbers the runtime's tasks in order of first appearance; TasksInit may *)
(* choose any head, the first event fixes it).  The runtime's threadlet_on *)
(* and threadlet_off are its execEnter and execExit, so an entry event     *)
(* matches either kind and later events tell which.  SysletTasks          *)
(* abstracts atoms: an ExecAtom may or may not be a forbidden syscall and  *)
(* may or may not carry SYSLET_SYNC.  The trace fixes only what the        *)
(* runtime logged: whether the atom was forbidden and the exclusion        *)
(* verdict (refused / ran), and at / async_ready as the exclusion test saw *)
(* them (the spec's values before the step; the SYNC choice of the        *)
(* previous step is left to the spec).                                     *)
(*                                                                         *)
(* Events (docs/refinement.md, "Events <-> actions"):                      *)
(*   ExecEnter t sub          ExecEnter(t) or ThreadletOn(t), no spare     *)
(*                            created, sub' = sub                          *)
(*   CreateSpare t s sub      the same creating spare s                    *)
(*   RefillStack              RefillStack                                  *)
(*   ExecAtom t at ready out  ExecAtom(t); at[t], asyncReady[t] non-NULL   *)
(*                            as logged; out: "-" (not forbidden),         *)
(*                            "refused" / "ran" (InsideSyslet(t) or not)   *)
(*   Block t s sub at ready r Block(t), switch to s: owner'[t] = sub,      *)
(*                            at'[s], asyncReady'[t], role'[t] = r         *)
(*   Unblock t                Unblock(t)                                   *)
(*   ExecExit t               ExecExit(t) or ThreadletOff(t)               *)
(*   Complete t sub post      Complete(t, post), owner[t] = sub            *)
(*   Park t                   Park(t)                                      *)
(*   SignalToUser t sub       SignalToUser(t), owner[t] = sub              *)
(*   AsyncThread t            AsyncThread(t)                               *)
(***************************************************************************)
EXTENDS SysletTasks, Integers, Sequences, TLC

CONSTANTS
    Log,     \* the recorded trace: a sequence of event records (see Ev)
    Stuck    \* -1 to check the trace; p >= 0 to explain why Log[p+1] cannot follow

VARIABLE i   \* the number of events matched so far

Ev(a, t, s, sb, atv, ready, out) ==
    [a |-> a, t |-> t, s |-> s, sub |-> sb, at |-> atv, ready |-> ready, out |-> out]

B(x) == IF x = NULL THEN 0 ELSE 1

\* The spare that ExecEnter turned from "none" into a spare (0: none).
NewSpare ==
    LET S == {s \in Threads : role[s] = "none" /\ role'[s] = "spare"}
    IN  IF S = {} THEN 0 ELSE CHOOSE s \in S : TRUE

\* The spare that Block made head (0: the head just sleeps, no switch).
NewHead(t) ==
    LET S == {s \in Threads \ {t} : role[s] # "head" /\ role'[s] = "head"}
    IN  IF S = {} THEN 0 ELSE CHOOSE s \in S : TRUE

LoggedAtOfNewHead(t) == IF NewHead(t) = 0 THEN -1 ELSE B(at'[NewHead(t)])

\* The exclusion verdict of an atom that is forbidden (f) or not.
Verdict(t, f) == IF ~f THEN "-" ELSE IF InsideSyslet(t) THEN "refused" ELSE "ran"

\* Ties ExecAtom's own (existential) "forbidden" choice to f.
ForbiddenIs(t, f) ==
    forbiddenRan' = IF f /\ ~InsideSyslet(t)
                      THEN forbiddenRan \cup {IF role[t] = "head" THEN "head" ELSE "background"}
                      ELSE forbiddenRan

Moves(P(_)) ==
    \/ \E t \in Threads : (ExecEnter(t) \/ ThreadletOn(t))
         /\ P(Ev(IF NewSpare = 0 THEN "ExecEnter" ELSE "CreateSpare", t, NewSpare, sub', -1, -1, "-"))
    \/ RefillStack /\ P(Ev("RefillStack", 0, 0, 0, -1, -1, "-"))
    \/ \E t \in Threads, f \in BOOLEAN : ExecAtom(t) /\ ForbiddenIs(t, f)
         /\ P(Ev("ExecAtom", t, 0, 0, B(at[t]), B(asyncReady[t]), Verdict(t, f)))
    \/ \E t \in Threads : Block(t)
         /\ P(Ev("Block", t, NewHead(t), owner'[t], LoggedAtOfNewHead(t), B(asyncReady'[t]), role'[t]))
    \/ \E t \in Threads : Unblock(t) /\ P(Ev("Unblock", t, 0, 0, -1, -1, "-"))
    \/ \E t \in Threads : (ExecExit(t) \/ ThreadletOff(t)) /\ P(Ev("ExecExit", t, 0, sub, -1, -1, "-"))
    \/ \E t \in Threads, p \in BOOLEAN : Complete(t, p)
         /\ P(Ev("Complete", t, 0, owner[t], -1, -1, IF p THEN "post" ELSE "nopost"))
    \/ \E t \in Threads : Park(t) /\ P(Ev("Park", t, 0, 0, -1, -1, "-"))
    \/ \E t \in Threads : SignalToUser(t) /\ P(Ev("SignalToUser", t, 0, owner[t], -1, -1, "-"))
    \/ \E t \in Threads : AsyncThread(t) /\ P(Ev("AsyncThread", t, 0, 0, -1, -1, "-"))

\* ev (from the spec) matches the logged event e; a logged -1 in at/ready = not observed.
Match(ev, e) ==
    /\ ev.a = e.a
    /\ ev.t = e.t
    /\ ev.s = e.s
    /\ ev.sub = e.sub
    /\ (e.at = -1 \/ ev.at = e.at)
    /\ (e.ready = -1 \/ ev.ready = e.ready)
    /\ ev.out = e.out

TraceInit == TasksInit /\ i = 0

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
    [role |-> role, phase |-> phase, blocked |-> blocked, at |-> [t \in Threads |-> B(at[t])],
     asyncReady |-> [t \in Threads |-> B(asyncReady[t])], token |-> token, sub |-> sub, owner |-> owner]

Explain ==
    /\ i = Stuck
    /\ PrintT(<<"TRACE-STATE", Stuck, StateLine>>)
    /\ PrintT(<<"TRACE-EXPECTED", Log[Stuck + 1]>>)
    /\ \/ Moves(LAMBDA ev : PrintT(<<"TRACE-ALLOWED", ev>>))
       \/ TRUE    \* no move at all is also an answer
    /\ i' = Stuck + 1
    /\ UNCHANGED taskVars

ExplainNext == (i < Stuck /\ TraceStep) \/ Explain
=============================================================================
