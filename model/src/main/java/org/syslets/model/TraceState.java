package org.syslets.model;

import java.util.List;
import java.util.Map;

/**
 * One step of a counterexample.
 *
 * @param number   TLC's state number (1 = initial state)
 * @param kind     {@code state}; {@code stuttering} (the behavior stops changing forever, liveness);
 *                 {@code back-to} (the next step, by {@code action}, returns to state {@code number}:
 *                 the behavior loops from there, liveness)
 * @param action   action name as TLC prints it, {@code Initial predicate} for state 1
 * @param location source span of the action ({@code line 8, col 8 to line 8, col 43 of module M}),
 *                 empty if TLC gave none
 * @param vars     variable → value on one line, in TLC's order
 * @param changed  variables whose value differs from the previous step's
 */
public record TraceState(int number, String kind, String action, String location,
                         Map<String, String> vars, List<String> changed) {
}
