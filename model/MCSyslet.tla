------------------------------ MODULE MCSyslet ------------------------------
(* TLC wrapper for the composed spec: spare threads are interchangeable. *)
EXTENDS Syslet, TLC

Sym == Permutations(Threads \ {HeadThread})
=============================================================================
