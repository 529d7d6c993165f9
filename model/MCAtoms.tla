------------------------------- MODULE MCAtoms -------------------------------
(***************************************************************************)
(* TLC wrapper for SysletAtoms.  The chain executor draws its flag words   *)
(* from every combination of ASYNC, SYNC, NO_COMPLETE and                  *)
(* SKIP_TO_NEXT_ON_STOP with no or one stop flag (80 words): the words     *)
(* whose decoding is in question are covered exhaustively by the decode    *)
(* models, so the executor needs only the words that mean something.       *)
(***************************************************************************)
EXTENDS SysletAtoms

MCChainWords ==
    { a + s + n + k + stop : a \in {0, ASYNC}, s \in {0, SYNC}, n \in {0, NO_COMPLETE},
                             k \in {0, SKIP_TO_NEXT_ON_STOP}, stop \in {0} \cup StopFlags }
=============================================================================
