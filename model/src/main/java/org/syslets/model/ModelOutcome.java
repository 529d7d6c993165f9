package org.syslets.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's manifest entry, what TLC said, and whether the two agree.
 *
 * @param mismatches empty iff the model matched; each says expected vs actual
 */
public record ModelOutcome(ManifestEntry entry, TlcResult result, List<String> mismatches) {

    public boolean ok() { return mismatches.isEmpty(); }

    public String mismatchText() { return String.join("; ", mismatches); }

    /**
     * Compares TLC's result with the manifest. A model fails on a wrong verdict (including the
     * wrong invariant/property name), on any error, on a malformed expectation, and — for
     * {@code success} models — on a distinct-state count that differs from the manifest's: a
     * count drift means the model is no longer the one that was reviewed. With the right verdict, a
     * passing model also fails when it did not violate every probe it lists (it no longer reaches
     * what it checks), and a failing model when its counterexample is not the expected one.
     */
    public static ModelOutcome compare(ManifestEntry entry, TlcConfig cfg, TlcResult result) {
        return compare(entry, cfg, result, true);
    }

    /**
     * @param compareStates false when pass-through TLC options (-simulate, -depth, ...) change the
     *                      explored state space: then only the verdict is compared
     */
    public static ModelOutcome compare(ManifestEntry entry, TlcConfig cfg, TlcResult result, boolean compareStates) {
        List<String> problems = new ArrayList<>();
        Expectation expected;
        try {
            expected = entry.expectation();
        } catch (IllegalArgumentException e) {
            return new ModelOutcome(entry, result, List.of("manifest error: " + e.getMessage()
                    + "; TLC said " + result.verdict()));
        }
        Expectation actual = result.verdict();
        if (expected.kind() == Expectation.Kind.LIVENESS && cfg != null && cfg.properties().size() != 1
                && actual.kind() == Expectation.Kind.LIVENESS && Expectation.UNNAMED.equals(actual.name())) {
            problems.add("manifest error: expected " + expected + " but TLC does not name a violated temporal"
                    + " property and the cfg lists " + cfg.properties().size() + " properties "
                    + cfg.properties() + "; check that property in a model of its own");
        } else if (!expected.matches(actual)) {
            problems.add("verdict: expected " + expected + ", actual " + actual
                    + (result.violation() != null && actual.kind() != Expectation.Kind.ERROR
                       ? " (TLC: " + result.violation() + ")" : ""));
        }
        if (expected.kind() == Expectation.Kind.SUCCESS && compareStates) {
            if (entry.distinctStates() == null) {
                problems.add("manifest error: success model has no distinctStates (actual "
                        + result.distinct() + ")");
            } else if (actual.kind() == Expectation.Kind.SUCCESS
                    && !entry.distinctStates().equals(result.distinct())) {
                problems.add("distinct states: expected " + entry.distinctStates() + ", actual "
                        + result.distinct());
            }
        }
        if (expected.matches(actual) && compareStates) {   // a simulation reaches and prints other things
            problems.addAll(Probes.mismatches(entry, result));
            if (expected.kind() != Expectation.Kind.SUCCESS) {
                problems.addAll(CounterexampleCheck.mismatches(entry.counterexample(), result.trace()));
            }
        }
        return new ModelOutcome(entry, result, List.copyOf(problems));
    }
}
