----------------------------- MODULE SysletFlags -----------------------------
(***************************************************************************)
(* Flag words and their decoding: constants only (no variables), so that   *)
(* the atom module and the composed spec can both use them.                *)
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

CONSTANT Decoding     \* "v5" | "validated"

ASSUME KnownDecoding == Decoding \in {"v5", "validated"}

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

\* The abstraction rests on the ABI's flag values (syslet.h, 0x01 .. 0x80, the same in
\* v1 .. v6): the eight flags are the eight low bits, each once, so that HasBit reads
\* one flag; the four stop flags are SYSLET_STOP_MASK = 0x78, the field StopField
\* reads; UNKNOWN is the next bit, and AllWords every combination of the nine.
ASSUME FlagsAreTheAbiBits ==
    /\ {ASYNC, SYNC, NO_COMPLETE, STOP_ON_NONZERO, STOP_ON_ZERO, STOP_ON_NEGATIVE,
        STOP_ON_NON_POSITIVE, SKIP_TO_NEXT_ON_STOP} = {2^k : k \in 0 .. 7}
    /\ StopFlags = {2^k : k \in 3 .. 6}
    /\ UNKNOWN = 2^8
AllWords == 0 .. 511

Results == {-1, 0, 1}

HasBit(w, b) == (w \div b) % 2 = 1
StopBits(w) == {b \in StopFlags : HasBit(w, b)}
StopField(w) == (w % 128) - (w % 8)            \* flags & SYSLET_STOP_MASK

\* The abstraction's premise, stated apart from HasBit's arithmetic: a word is
\* exactly the sum of the nine bits HasBit reads in it, and AllWords holds
\* each of the 2^9 combinations once.
ASSUME WordsAreTheirBits ==
    /\ Cardinality(AllWords) = 2^9
    /\ \A w \in AllWords :
         LET b(x) == IF HasBit(w, x) THEN x ELSE 0 IN
         w = b(ASYNC) + b(SYNC) + b(NO_COMPLETE) + b(STOP_ON_NONZERO) + b(STOP_ON_ZERO)
             + b(STOP_ON_NEGATIVE) + b(STOP_ON_NON_POSITIVE) + b(SKIP_TO_NEXT_ON_STOP) + b(UNKNOWN)

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
\* The documented meaning of each stop flag (syslet.h: stop if ret != 0, = 0, < 0,
\* <= 0), written apart from Fires: a wrong Fires must not be wrong on both sides
\* of DecodeSound.
DocFires(b, r) == \/ b = STOP_ON_NONZERO      /\ r # 0
                  \/ b = STOP_ON_ZERO         /\ r = 0
                  \/ b = STOP_ON_NEGATIVE     /\ r < 0
                  \/ b = STOP_ON_NON_POSITIVE /\ r <= 0

DocAllowed(w, r) ==
    IF StopBits(w) = {} THEN {"continue"}
    ELSE {IF DocFires(b, r) THEN "stop" ELSE "continue" : b \in StopBits(w)}
Class(d) == IF d \in {"skip", "stop"} THEN "stop" ELSE "continue"
Executed == {"follow", "skip", "stop"}
=============================================================================
