------------------------------- MODULE MCRing -------------------------------
(***************************************************************************)
(* TLC wrapper for SysletRing.  Each MCRing*.cfg picks the ring size N,   *)
(* the index width W, the variant and the user discipline; the atoms and   *)
(* the depth are derived from N here, so a model keeps its meaning when N  *)
(* or W is changed in its .cfg:                                           *)
(*   Discipline "wrap"     at most N-1 outstanding: the ring never fills,  *)
(*                         so only the wraparound case K < U can bite      *)
(*                         (needs N >= 2: with one slot K never wraps      *)
(*                         below U);                                       *)
(*   Discipline "full"     at most N outstanding: the ring can fill;       *)
(*   Discipline "overflow" at most N+1 outstanding: a post can find its    *)
(*                         slot taken.                                     *)
(***************************************************************************)
EXTENDS SysletRing

CONSTANT Discipline
ASSUME Discipline \in {"wrap", "full", "overflow"}

MCDepth == CASE Discipline = "wrap" -> N - 1
             [] Discipline = "full" -> N
             [] Discipline = "overflow" -> N + 1

\* Enough syslets for K to wrap and for U to follow it past the end.
MCAtoms == 1 .. MCDepth + N + 1
=============================================================================
