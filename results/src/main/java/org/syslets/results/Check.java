package org.syslets.results;

/**
 * One verdict of one checker, as a stage produced it: "finding F, design D, check C was expected to
 * be violated (or to hold), and in this run it was". The report's grid is built from these alone.
 *
 * @param checker  the column of the grid: one of {@link #CHECKERS}
 * @param finding  the finding id of docs/findings.md (MM1, RING-FULL, ...), or null for a check that
 *                 guards an invariant no finding breaks
 * @param design   "v5", "fixed", or null when the check is not per design (a probe, a mutant)
 * @param name     what ran: a model, a test class#method, a JCStress test, a fuzz target
 * @param expected "violated" or "holds"
 * @param actual   "violated", "holds", or "error" (the check could not decide: crash, timeout)
 * @param evidence a path relative to the repository root, optionally with #anchor, or null
 * @param detail   one line for people (counterexample summary, counts), or null
 */
public record Check(String checker, String finding, String design, String name, String expected,
                    String actual, String evidence, String detail) {

    /** The grid's columns, in display order. */
    public static final java.util.List<String> CHECKERS = java.util.List.of(
            "tlc", "props", "sequences", "jcstress", "lincheck", "trace", "workload", "fuzz", "mutation",
            "io_uring");

    public static final String VIOLATED = "violated", HOLDS = "holds", ERROR = "error";

    public Check {
        if (!CHECKERS.contains(checker)) throw new IllegalArgumentException("unknown checker " + checker);
        if (!VIOLATED.equals(expected) && !HOLDS.equals(expected))
            throw new IllegalArgumentException("expected must be violated|holds, got " + expected);
        if (!VIOLATED.equals(actual) && !HOLDS.equals(actual) && !ERROR.equals(actual))
            throw new IllegalArgumentException("actual must be violated|holds|error, got " + actual);
        if (design != null && !design.equals("v5") && !design.equals("fixed"))
            throw new IllegalArgumentException("design must be v5|fixed|null, got " + design);
    }

    /** The verdict was the expected one. */
    public boolean ok() {
        return expected.equals(actual);
    }
}
