--------------------------- MODULE SysletCachemiss ---------------------------
(***************************************************************************)
(* cachemiss_loop: how a parked spare sleeps and how the head switch wakes *)
(* it (AM3).  The v2 announcement ("[patch 00/14] Syslets, generic         *)
(* asynchronous system call support, v2", Ingo Molnar, linux-kernel, 2007- *)
(* 02-15) lists among the fixes from Andrew Morton's review of v1: the     *)
(* schedule() call moved to the tail of the loop in cachemiss_loop().      *)
(*                                                                         *)
(* Modelling reading [I]: a spare loops over three steps,                  *)
(*   SetState   set_task_state(TASK_INTERRUPTIBLE)                          *)
(*   Check      if work was handed to it: take it                          *)
(*   Schedule   schedule(): sleep unless the state is TASK_RUNNING again    *)
(* and the waker (the head switch handing over the user context, or the    *)
(* head's exit) sets the work, then wake_up_process(): TASK_RUNNING, and   *)
(* out of schedule() if asleep.  With schedule() at the tail the cycle is  *)
(* SetState, Check, Schedule: a wake-up after the check turns the state    *)
(* back to RUNNING and schedule() returns.  With schedule() at the head    *)
(* the cycle is Schedule, Check, SetState: a wake-up between the check and *)
(* set_task_state() is overwritten by TASK_INTERRUPTIBLE, and the spare    *)
(* sleeps with its work -- the lost wake-up.                               *)
(*                                                                         *)
(* The runtime's loop (AsyncHead#cachemissLoop) checks t.work and parks    *)
(* with LockSupport.park, whose permit is set by the waker's unpark: the   *)
(* permit plays TASK_RUNNING, so it is the tail placement.  JCStress        *)
(* CachemissWakeup checks it on the runtime.                                *)
(***************************************************************************)
EXTENDS Naturals

CONSTANTS
    Spares,       \* the parked cachemiss threads
    Handoffs,     \* how often the waker hands work to a spare
    Placement     \* "head" (v1: schedule() at the loop head) | "tail" (v2 and later)

ASSUME SomeSpares == Spares # {}
ASSUME HandoffsAreCounted == Handoffs \in Nat
ASSUME KnownPlacement == Placement \in {"head", "tail"}

VARIABLES
    lpc,       \* lpc[s]: the spare's next step: "setstate", "check", "schedule", "run"
    tstate,    \* tstate[s]: "running" | "interruptible"
    asleep,    \* asleep[s]: descheduled inside schedule()
    work,      \* work[s]: work handed to s and not yet taken
    ready,     \* the spares on the ready list (the head switch picks one)
    handed     \* handoffs so far

cmVars == <<lpc, tstate, asleep, work, ready, handed>>

\* The step after each step of the loop, per placement.
After(p) ==
    IF Placement = "tail"
      THEN CASE p = "setstate" -> "check" [] p = "check" -> "schedule" [] p = "schedule" -> "setstate"
      ELSE CASE p = "schedule" -> "check" [] p = "check" -> "setstate" [] p = "setstate" -> "schedule"
LoopStart == IF Placement = "tail" THEN "setstate" ELSE "schedule"

CmInit ==
    /\ lpc = [s \in Spares |-> LoopStart]
    /\ tstate = [s \in Spares |-> "running"]
    /\ asleep = [s \in Spares |-> FALSE]
    /\ work = [s \in Spares |-> FALSE]
    /\ ready = Spares
    /\ handed = 0

SetState(s) ==
    /\ lpc[s] = "setstate"
    /\ tstate' = [tstate EXCEPT ![s] = "interruptible"]
    /\ lpc' = [lpc EXCEPT ![s] = After("setstate")]
    /\ UNCHANGED <<asleep, work, ready, handed>>

\* Check: work handed over?  Then leave the loop to run it.
Check(s) ==
    /\ lpc[s] = "check"
    /\ lpc' = [lpc EXCEPT ![s] = IF work[s] THEN "run" ELSE After("check")]
    /\ UNCHANGED <<tstate, asleep, work, ready, handed>>

\* Schedule: sleep if still TASK_INTERRUPTIBLE; a sleeping spare stays in
\* schedule() until a wake-up clears asleep.
Schedule(s) ==
    /\ lpc[s] = "schedule"
    /\ IF tstate[s] = "interruptible" /\ ~asleep[s]
         THEN asleep' = [asleep EXCEPT ![s] = TRUE] /\ UNCHANGED lpc
         ELSE /\ ~asleep[s]
              /\ lpc' = [lpc EXCEPT ![s] = After("schedule")]
              /\ UNCHANGED asleep
    /\ UNCHANGED <<tstate, work, ready, handed>>

\* Run: the spare does the work (becomes head, or exits), then parks again.
Run(s) ==
    /\ lpc[s] = "run"
    /\ tstate' = [tstate EXCEPT ![s] = "running"]
    /\ work' = [work EXCEPT ![s] = FALSE]
    /\ ready' = ready \cup {s}
    /\ lpc' = [lpc EXCEPT ![s] = LoopStart]
    /\ UNCHANGED <<asleep, handed>>

\* Handoff: the head switch takes a ready spare, hands it the work and wakes
\* it (wake_up_process: TASK_RUNNING, out of schedule()).
Handoff(s) ==
    /\ s \in ready
    /\ handed < Handoffs
    /\ ready' = ready \ {s}
    /\ work' = [work EXCEPT ![s] = TRUE]
    /\ tstate' = [tstate EXCEPT ![s] = "running"]
    /\ asleep' = [asleep EXCEPT ![s] = FALSE]
    /\ handed' = handed + 1
    /\ UNCHANGED lpc

CmNext == \E s \in Spares : SetState(s) \/ Check(s) \/ Schedule(s) \/ Run(s) \/ Handoff(s)

\* The spares run their loop (weak fairness per spare); handoffs may stop.
CmSpec == CmInit /\ [][CmNext]_cmVars
                 /\ \A s \in Spares : WF_cmVars(SetState(s) \/ Check(s) \/ Schedule(s) \/ Run(s))

\* AM3: no lost wake-up -- a spare never sleeps with work handed to it.
NoLostWakeup == \A s \in Spares : asleep[s] => ~work[s]

\* A spare sleeps only inside schedule(): "a sleeping spare stays in
\* schedule() until a wake-up clears asleep" -- it cannot run its loop, or
\* its work, while descheduled.
SleepsOnlyInSchedule == \A s \in Spares : asleep[s] => lpc[s] = "schedule"

\* AM3, liveness: handed work is eventually taken.
HandedWorkIsTaken == \A s \in Spares : work[s] ~> ~work[s]
=============================================================================
