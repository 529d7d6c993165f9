----------------------------- MODULE SysletAtoms -----------------------------
(***************************************************************************)
(* Atoms: flag decoding checked exhaustively, and the execution of one      *)
(* syslet (exec_uatom).  The decoding operators are SysletFlags'.           *)
(*                                                                         *)
(* Two ways to give the executor a program:                                 *)
(*   Program = "drawn"  each atom's word and next pointer are chosen when   *)
(*                      it runs, so every program over ChainWords of at     *)
(*                      most L atoms is explored cheaply -- but the same    *)
(*                      address may hold different words on two visits;     *)
(*   Program = "bound"  the program is chosen once (prog: address -> word,  *)
(*                      next) and every visit of an address runs the same   *)
(*                      atom, so "the next atom is determined by the        *)
(*                      program" can be stated (NextIsProgrammed).          *)
(* A syscall's result class and whether it sleeps are chosen at every run: *)
(* a loop's umem_add returns a new value each time.                        *)
(***************************************************************************)
EXTENDS SysletFlags

CONSTANTS
    L,            \* atoms of the program, at addresses 1..L (0 ends the chain)
    ChainWords,   \* "drawn": the flag words the executor draws from
    ProgramWords, \* "bound": the flag words a program's atoms may carry
    Program       \* "drawn" | "bound"

ASSUME ProgramHasAtoms == L \in Nat \ {0}
ASSUME KnownProgram == Program \in {"drawn", "bound"}
ASSUME WordsAreWords == ChainWords \subseteq AllWords /\ ProgramWords \subseteq AllWords

-----------------------------------------------------------------------------
(* DecodeSpec: every abstract flag word against every result class.  The   *)
(* invariants below are checked in each of the 512 x 3 initial states, so  *)
(* TLC checks decoding exhaustively: total (every word gets exactly one    *)
(* decision) and faithful to the documented meaning.                       *)

VARIABLES word, result
decodeVars == <<word, result>>

\* MM7: an executed word's decision agrees with what its stop flags mean.
DecodeSound == Decide(word, result) \in Executed =>
                   Class(Decide(word, result)) \in DocAllowed(word, result)

\* MM7: every executed word has exactly one documented meaning for every
\* result -- no word whose flags contradict each other is run.
DecodeDeterministic == Decide(word, result) \in Executed =>
                           Cardinality(DocAllowed(word, result)) = 1

\* MM8: a word with an unrecognized bit is never executed.
UnknownRejected == HasBit(word, UNKNOWN) => Decide(word, result) = "einval"

\* The other side of the validation (MM7, MM8): EINVAL only for what it
\* rejects -- "unknown bits, two or more stop bits, and ASYNC|SYNC"; every
\* other word is executed, whatever its result.
OnlyInvalidRejected ==
    Decide(word, result) = "einval" =>
        \/ HasBit(word, UNKNOWN)
        \/ Cardinality(StopBits(word)) > 1
        \/ HasBit(word, ASYNC) /\ HasBit(word, SYNC)

-----------------------------------------------------------------------------
(* ChainSpec: one syslet executed by exec_uatom. *)

VARIABLES
    prog,        \* "bound": prog[a] = <<word, next>> of the atom at address a; "drawn": <<>>
    pc,          \* address of the atom to run next; 0: the chain has ended
    prev,        \* address of the atom that ran last (0: none yet)
    ret,         \* its result class
    mode,        \* "cached" (running in the head) or "async" (went to a background thread)
    status,      \* "running" | "done"
    sig,         \* a signal is pending (it stays pending until the return to user space)
    sent,        \* a signal was sent
    posted,      \* ring entries produced by this syslet
    finalNC,     \* the final atom carries SYSLET_NO_COMPLETE
    syncSwitch,  \* a SYSLET_SYNC atom that slept made the syslet go async
    sinceSig,    \* atoms run since the signal was sent (capped at 2)
    intr         \* "bound": the atom that ran last was an async_wait the pending signal interrupted

chainVars == <<prog, pc, prev, ret, mode, status, sig, sent, posted, finalNC, syncSwitch, sinceSig, intr>>
atomVars == <<decodeVars, chainVars>>

Programs == [1 .. L -> ProgramWords \X (0 .. L)]

ChainStart ==
    /\ pc = 1
    /\ prev = 0
    /\ ret = 0
    /\ mode = "cached"
    /\ status = "running"
    /\ sig = FALSE
    /\ sent = FALSE
    /\ posted = 0
    /\ finalNC = FALSE
    /\ syncSwitch = FALSE
    /\ sinceSig = 0
    /\ intr = FALSE

\* The ring entries produced when the syslet ends in mode m with final-atom
\* NO_COMPLETE flag nc.  "The default is that the final atom of a syslet is
\* queued"; cached syslets are never queued.
Entries(m, nc) == IF m = "async" /\ ~nc THEN 1 ELSE 0

\* A syscall that sleeps makes the syslet go async unless its atom carries
\* SYSLET_SYNC: "Never queue this syslet asynchronously - even if synchronous
\* execution causes a context-switching".
SleepSwitches(w) == ~HasBit(w, SYNC)

\* SYSLET_SKIP_TO_NEXT_ON_STOP: "continue with the linearly next atom"
\* (uatom + 1); past the program the syslet ends.
SkipTarget(nxt) == IF pc < L THEN pc + 1 ELSE 0

\* An interruptible syscall (async_wait as an atom) that finds a signal
\* pending returns -EINTR; the signal stays pending (until the return to user
\* space), so the next between-atom check stops the loop.
SigAfterWait(s) == s
\* The result class of that -EINTR.
EINTR == -1

\* NextAtom (next_uatom): after the atom at pc ran with word w and result r,
\* the address of the atom to run next, 0 when the syslet ends.  It also does
\* the signal check between atoms (s: a signal is pending), where Milton wanted
\* it: "The need_resched and signal check could become part of the common
\* next_uatom routine".
Continue(w, r, nxt) ==
    LET d == Decide(w, r) IN
    CASE d = "follow" -> nxt
      [] d = "skip"   -> SkipTarget(nxt)
      [] OTHER        -> 0
StoppedBySignal(s, w, r, nxt) == s /\ Continue(w, r, nxt) # 0
NextAtom(s, w, r, nxt) == IF StoppedBySignal(s, w, r, nxt) THEN 0 ELSE Continue(w, r, nxt)

\* The word and next pointer of the atom at pc.
AtomChoices == IF Program = "drawn" THEN ChainWords \X (0 .. L) ELSE {prog[pc]}

\* ExecAtom: run the atom at pc.  SYSLET_ASYNC goes async before running it;
\* a syscall that sleeps goes async unless the atom has SYSLET_SYNC.
ExecAtom ==
    /\ status = "running"
    /\ \E wn \in AtomChoices, r \in Results, sleeps \in BOOLEAN, waits \in IF sig THEN BOOLEAN ELSE {FALSE} :
         LET w == wn[1]
             nxt == wn[2]
             res == IF waits THEN EINTR ELSE r
             s2 == IF waits THEN SigAfterWait(sig) ELSE sig    \* pending after the atom
             ok == Accepted(w)
             toAsync == /\ mode = "cached"
                        /\ ok
                        /\ \/ HasBit(w, ASYNC)
                           \/ sleeps /\ SleepSwitches(w)
             m2 == IF toAsync THEN "async" ELSE mode
             pc2 == IF ok THEN NextAtom(s2, w, res, nxt) ELSE 0  \* a rejected word ends the syslet (EINVAL)
             \* A rejected word means nothing, NO_COMPLETE included; a chain stopped by a
             \* signal ended early: both are queued so that user space learns of them.
             nc == ok /\ HasBit(w, NO_COMPLETE) /\ ~StoppedBySignal(s2, w, res, nxt)
         IN /\ mode' = m2
            /\ pc' = pc2
            \* (a drawn program has no addresses to speak of: only a bound one records them)
            /\ prev' = IF Program = "bound" THEN pc ELSE prev
            /\ ret' = IF Program = "bound" THEN res ELSE ret
            /\ intr' = (Program = "bound" /\ waits)
            /\ sig' = s2
            /\ syncSwitch' = (syncSwitch \/ (toAsync /\ sleeps /\ HasBit(w, SYNC) /\ ~HasBit(w, ASYNC)))
            /\ sinceSig' = IF sent THEN (IF sinceSig < 2 THEN sinceSig + 1 ELSE 2) ELSE 0
            /\ IF pc2 = 0
                 THEN /\ status' = "done"
                      /\ finalNC' = nc
                      /\ posted' = Entries(m2, nc)
                 ELSE UNCHANGED <<status, finalNC, posted>>
    /\ UNCHANGED <<prog, sent, decodeVars>>

\* Signal: a signal is sent to the task running the syslet (a cancellation).
Signal ==
    /\ status = "running"
    /\ ~sent
    /\ sig' = TRUE
    /\ sent' = TRUE
    /\ UNCHANGED <<prog, pc, prev, ret, mode, status, posted, finalNC, syncSwitch, sinceSig, intr, decodeVars>>

\* The two specs of this module share one set of variables; each keeps the
\* other's variables constant.
DecodeInit == word \in AllWords /\ result \in Results /\ ChainStart /\ prog = <<>>
DecodeNext == UNCHANGED atomVars

ChainInit ==
    /\ ChainStart
    /\ word = 0
    /\ result = 0
    /\ prog \in IF Program = "drawn" THEN {<<>>} ELSE Programs
ChainNext == ExecAtom \/ Signal
ChainSpec == ChainInit /\ [][ChainNext]_atomVars /\ WF_atomVars(ExecAtom)

-----------------------------------------------------------------------------
(* Invariants of the chain; see docs/invariants.md. *)

\* Cached => no ring entry ("Syslets that were executed synchronously
\* (cached) are not queued").
CachedNeverPosted == (status = "done" /\ mode = "cached") => posted = 0

\* JA4: one event per async syslet, unless its final atom says NO_COMPLETE.
AsyncPostedOnce == posted <= 1 /\ ((status = "done" /\ mode = "async" /\ ~finalNC) => posted = 1)

\* SYSLET_NO_COMPLETE on the final atom suppresses its entry.
NoCompleteHonoured == finalNC => posted = 0

\* SYSLET_SYNC: "never queue this syslet asynchronously - even if synchronous
\* execution causes a context-switching".
SyncNeverSwitches == ~syncSwitch

\* The signal check between atoms (MM5/MM11): once a signal is sent, at most
\* the atom already running finishes -- an async_wait atom included, which
\* the signal ends with -EINTR -- and no further atom starts.
SignalStopsChain == sinceSig <= 1

\* An endless chain (umem_add + SKIP_TO_NEXT_ON_STOP) still ends on a signal
\* (weak fairness on ExecAtom: a running syslet keeps running atoms).
ChainStopsOnSignal == sent ~> (status = "done")

\* The documented successor of the atom at address p after result r: "if the
\* stop condition fires, continue with the linearly next atom" when
\* SKIP_TO_NEXT_ON_STOP is set, else stop; otherwise follow next.
DocNext(p, r) ==
    LET w == prog[p][1] IN
    IF \E b \in StopBits(w) : DocFires(b, r)
      THEN IF HasBit(w, SKIP_TO_NEXT_ON_STOP) THEN (IF p < L THEN p + 1 ELSE 0) ELSE 0
      ELSE prog[p][2]

\* The interrupted atom fails: an interruptible syscall that finds a signal
\* pending returns -EINTR (see SigAfterWait), a negative result, which the
\* atom's stop flags then read as such ("bound": ret is recorded).
InterruptedWaitFails == intr => ret < 0

\* "bound" programs: the next atom is the one the program determines -- or
\* none, once a signal has stopped the chain.
NextIsProgrammed == prev # 0 => (pc = DocNext(prev, ret) \/ (pc = 0 /\ sent))
=============================================================================
