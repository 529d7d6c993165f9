package org.syslets.results.junit;

import java.util.ArrayList;
import java.util.List;

/**
 * What a running test saw on each design, reported by the test itself (a property run on V5 and on
 * FIXED): the actual verdict and, when violated, the counterexample. {@link VerdictListener} attaches
 * it to the test that is running. Tests of one JVM run one at a time (surefire's default).
 */
public final class Observed {
    /** One design's run: holds, or violated with its (shrunk) counterexample. */
    public record Run(String design, boolean holds, String counterexample) {}

    private static final List<Run> CURRENT = new ArrayList<>();

    private Observed() {
    }

    /** Reports one design's verdict for the test now running. */
    public static synchronized void verdict(String design, boolean holds, String counterexample) {
        CURRENT.add(new Run(design, holds, counterexample));
    }

    static synchronized List<Run> drain() {
        List<Run> out = List.copyOf(CURRENT);
        CURRENT.clear();
        return out;
    }
}
