-------------------------------- MODULE Toy --------------------------------
(* A small module with one of each thing the spec mutator must treat. *)
EXTENDS Naturals, FiniteSets

CONSTANTS Limit, Variant, ToyMutation

VARIABLES x, seen

vars == <<x, seen>>

Init ==
    /\ x = 0
    /\ seen = {}

Step ==
    /\ x < Limit
    /\ ToyMutation # "no_guard"
    /\ x' = IF Variant = "old" THEN x + 2 ELSE x + 1
    /\ seen' = seen \cup {x}

Reset ==
    /\ x >= Limit /\ Cardinality(seen) > 0
    /\ x' = IF ToyMutation = "stuck" THEN x ELSE 0
    /\ UNCHANGED seen

\* A planted bug behind a conjunction: its THEN arm is harness too.
Grow ==
    /\ x < Limit
    /\ x' = IF ToyMutation = "grow" /\ x > 0 THEN x + 5 ELSE x
    /\ Variant \in {"new", "newer"}
    /\ UNCHANGED seen

Next == Step \/ Reset \/ Grow

Spec == Init /\ [][Next]_vars /\ WF_vars(Step)

\* Checked, not design: never mutated.
TypeOK == x \in 0 .. Limit + 1 /\ seen \subseteq 0 .. Limit
=============================================================================
