----------------------------- MODULE SysletAtoms -----------------------------
(***************************************************************************)
(* Atoms: flag decoding and the execution of one syslet (exec_uatom).      *)
(*                                                                         *)
(* A flag word is a u32.  v5 and the fixed design treat every bit outside  *)
(* SYSLET_* (0x01..0x80) alike, so a word is abstracted to its eight known *)
(* bits plus one bit UNKNOWN (0x100) that stands for "some unknown bit is  *)
(* set": the 512 abstract words cover all 2^32 words.                      *)
(*                                                                         *)
(* v5 decodes the stop condition with a switch over flags & STOP_MASK with *)
(* one case per one-hot bit (Milton, MM7), so a word with two stop bits    *)
(* falls to the default branch: no stop condition.  It never checks for    *)
(* unknown bits (MM8).  The fixed design validates a word first and        *)
(* rejects unknown bits, two or more stop bits, and ASYNC|SYNC with EINVAL.*)
(*                                                                         *)
(* A syscall result is abstracted to its sign class: -1 (any negative      *)
(* value, -errno included), 0, or 1 (any positive value).                  *)
(***************************************************************************)
EXTENDS Integers, FiniteSets

CONSTANTS
    Decoding,     \* "v5" | "validated"
    L,            \* atoms of the program, at addresses 1..L (0 ends the chain)
    ChainWords,   \* the flag words the chain executor draws from
    AtomMutation  \* "none", or one planted bug that a sibling model must catch

ASSUME Decoding \in {"v5", "validated"}
ASSUME L \in Nat \ {0}
ASSUME AtomMutation \in {"none", "post_cached", "forget_post", "ignore_no_complete",
                         "switch_on_sync", "ignore_signal"}

ASYNC == 1
SYNC == 2
NO_COMPLETE == 4
STOP_ON_NONZERO == 8
STOP_ON_ZERO == 16
STOP_ON_NEGATIVE == 32
STOP_ON_NON_POSITIVE == 64
SKIP_TO_NEXT_ON_STOP == 128
UNKNOWN == 256

StopFlags == {STOP_ON_NONZERO, STOP_ON_ZERO, STOP_ON_NEGATIVE, STOP_ON_NON_POSITIVE}
AllWords == 0 .. 511
Results == {-1, 0, 1}

HasBit(w, b) == (w \div b) % 2 = 1
StopBits(w) == {b \in StopFlags : HasBit(w, b)}
StopField(w) == (w % 128) - (w % 8)            \* flags & SYSLET_STOP_MASK

\* What one stop flag means for result r.
Fires(b, r) == CASE b = STOP_ON_NONZERO      -> r # 0
                 [] b = STOP_ON_ZERO         -> r = 0
                 [] b = STOP_ON_NEGATIVE     -> r < 0
                 [] b = STOP_ON_NON_POSITIVE -> r <= 0

\* Is the word executed at all?
Accepted(w) ==
    \/ Decoding = "v5"                         \* Milton (MM8): "no check for flags being set that are not recognized"
    \/ /\ ~HasBit(w, UNKNOWN)
       /\ Cardinality(StopBits(w)) <= 1        \* MM7: error on multiple stop bits
       /\ ~(HasBit(w, ASYNC) /\ HasBit(w, SYNC))

\* Does the stop condition fire?
Stops(w, r) ==
    IF Decoding = "v5"
      THEN CASE StopField(w) = STOP_ON_NONZERO      -> r # 0   \* switch (flags & SYSLET_STOP_MASK)
             [] StopField(w) = STOP_ON_ZERO         -> r = 0
             [] StopField(w) = STOP_ON_NEGATIVE     -> r < 0
             [] StopField(w) = STOP_ON_NON_POSITIVE -> r <= 0
             [] OTHER                               -> FALSE   \* MM7: two stop bits land here
      ELSE \E b \in StopBits(w) : Fires(b, r)

\* The decision for the just-executed atom: follow next, skip to uatom+1, stop;
\* or "einval" when the word is rejected before anything runs.
Decide(w, r) ==
    IF ~Accepted(w) THEN "einval"
    ELSE IF Stops(w, r)
           THEN IF HasBit(w, SKIP_TO_NEXT_ON_STOP) THEN "skip" ELSE "stop"
           ELSE "follow"

\* What the documentation says each set stop flag means for result r, taken
\* one flag at a time.  Two flags that disagree leave the word ambiguous.
DocAllowed(w, r) ==
    IF StopBits(w) = {} THEN {"continue"}
    ELSE {IF Fires(b, r) THEN "stop" ELSE "continue" : b \in StopBits(w)}
Class(d) == IF d \in {"skip", "stop"} THEN "stop" ELSE "continue"
Executed == {"follow", "skip", "stop"}

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

-----------------------------------------------------------------------------
(* ChainSpec: one syslet executed by exec_uatom.  Each atom's word, result,  *)
(* next pointer and whether its syscall sleeps are chosen when it runs, so   *)
(* every program over ChainWords of at most L atoms (loops included) is      *)
(* explored.                                                                 *)

VARIABLES
    pc,          \* address of the atom to run next; 0: the chain has ended
    mode,        \* "cached" (running in the head) or "async" (went to a background thread)
    status,      \* "running" | "done"
    sig,         \* a signal is pending
    posted,      \* ring entries produced by this syslet
    finalNC,     \* the final atom carries SYSLET_NO_COMPLETE
    syncSwitch,  \* a SYSLET_SYNC atom that slept made the syslet go async
    sinceSig     \* atoms run since the signal became pending (capped at 2)

chainVars == <<pc, mode, status, sig, posted, finalNC, syncSwitch, sinceSig>>
atomVars == <<decodeVars, chainVars>>

ChainStart ==
    /\ pc = 1
    /\ mode = "cached"
    /\ status = "running"
    /\ sig = FALSE
    /\ posted = 0
    /\ finalNC = FALSE
    /\ syncSwitch = FALSE
    /\ sinceSig = 0

\* The ring entries produced when the syslet ends in mode m with final-atom
\* NO_COMPLETE flag nc.  "The default is that the final atom of a syslet is
\* queued"; cached syslets are never queued.
Entries(m, nc) ==
    CASE AtomMutation = "post_cached"        -> IF nc THEN 0 ELSE 1
      [] AtomMutation = "forget_post"        -> 0
      [] AtomMutation = "ignore_no_complete" -> IF m = "async" THEN 1 ELSE 0
      [] OTHER                               -> IF m = "async" /\ ~nc THEN 1 ELSE 0

\* NextAtom (next_uatom): after the atom at pc ran with word w and result r,
\* the address of the atom to run next, 0 when the syslet ends.  It also does
\* the signal check between atoms, where Milton wanted it: "The need_resched
\* and signal check could become part of the common next_uatom routine".
Continue(w, r, nxt) ==
    LET d == Decide(w, r) IN
    CASE d = "follow" -> nxt
      [] d = "skip"   -> IF pc < L THEN pc + 1 ELSE 0   \* uatom + 1; past the program: ends
      [] OTHER        -> 0
StoppedBySignal(w, r, nxt) == sig /\ AtomMutation # "ignore_signal" /\ Continue(w, r, nxt) # 0
NextAtom(w, r, nxt) == IF StoppedBySignal(w, r, nxt) THEN 0 ELSE Continue(w, r, nxt)

\* ExecAtom: run the atom at pc.  SYSLET_ASYNC goes async before running it;
\* a syscall that sleeps goes async unless the atom has SYSLET_SYNC.
ExecAtom ==
    /\ status = "running"
    /\ \E w \in ChainWords, r \in Results, nxt \in 0 .. L, sleeps \in BOOLEAN :
         LET ok == Accepted(w)
             toAsync == /\ mode = "cached"
                        /\ ok
                        /\ \/ HasBit(w, ASYNC)
                           \/ sleeps /\ (~HasBit(w, SYNC) \/ AtomMutation = "switch_on_sync")
             m2 == IF toAsync THEN "async" ELSE mode
             pc2 == IF ok THEN NextAtom(w, r, nxt) ELSE 0      \* a rejected word ends the syslet (EINVAL)
             \* A rejected word means nothing, NO_COMPLETE included; a chain stopped by a
             \* signal ended early: both are queued so that user space learns of them.
             nc == ok /\ HasBit(w, NO_COMPLETE) /\ ~StoppedBySignal(w, r, nxt)
         IN /\ mode' = m2
            /\ pc' = pc2
            /\ syncSwitch' = (syncSwitch \/ (toAsync /\ sleeps /\ HasBit(w, SYNC) /\ ~HasBit(w, ASYNC)))
            /\ sinceSig' = IF sig THEN (IF sinceSig < 2 THEN sinceSig + 1 ELSE 2) ELSE 0
            /\ IF pc2 = 0
                 THEN /\ status' = "done"
                      /\ finalNC' = nc
                      /\ posted' = Entries(m2, nc)
                 ELSE UNCHANGED <<status, finalNC, posted>>
    /\ UNCHANGED sig

\* Signal: a signal is sent to the task running the syslet (a cancellation).
Signal ==
    /\ status = "running"
    /\ ~sig
    /\ sig' = TRUE
    /\ UNCHANGED <<pc, mode, status, posted, finalNC, syncSwitch, sinceSig>>

\* The two specs of this module share one set of variables; each keeps the
\* other's variables constant.
DecodeInit == word \in AllWords /\ result \in Results /\ ChainStart
DecodeNext == UNCHANGED atomVars

ChainInit == ChainStart /\ word = 0 /\ result = 0
ChainNext == (ExecAtom \/ Signal) /\ UNCHANGED decodeVars
ChainSpec == ChainInit /\ [][ChainNext]_atomVars /\ WF_atomVars(ExecAtom /\ UNCHANGED decodeVars)

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

\* The signal check between atoms (MM5/MM11): once a signal is pending, at
\* most the atom already running finishes; no further atom starts.
SignalStopsChain == sinceSig <= 1

\* An endless chain (umem_add + SKIP_TO_NEXT_ON_STOP) still ends on a signal
\* (weak fairness on ExecAtom: a running syslet keeps running atoms).
ChainStopsOnSignal == sig ~> (status = "done")
=============================================================================
