------------------------------- MODULE MCTasks -------------------------------
(* TLC wrapper for SysletTasks: the spare threads are interchangeable. *)
EXTENDS SysletTasks, TLC

Sym == Permutations(Threads \ {HeadThread})
=============================================================================
