package org.syslets.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * What a failing model's counterexample must show, so that a change of counterexample (a different
 * case of the same invariant) is noticed. Counterexamples of models expected to fail are
 * deterministic: they run with one worker (breadth-first, shortest).
 *
 * @param states the number of states of the trace (TLC's "State n" blocks), or null
 * @param action the action that led to the last state, as TLC names it, or null
 * @param last   variable -> value (TLC's printed form) in the last state
 * @param holds  relations over the last state's variables that identify the case, e.g. {@code K < U}:
 *               {@code <var|int> <op> <var|int>} with op one of = # < <= > >=
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CounterexampleExpectation(Integer states, String action, Map<String, String> last, List<String> holds) {

    public CounterexampleExpectation {
        last = last == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(last));   // manifest order
        holds = holds == null ? List.of() : List.copyOf(holds);
    }
}
