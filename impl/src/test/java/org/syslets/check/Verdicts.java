package org.syslets.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.syslets.design.Design;
import org.syslets.results.junit.Observed;

/**
 * The verdicts of the finding checks, observed in this JVM: each check runs a property against
 * {@link Design#V5} (must be violated, with a shrunk counterexample) and {@link Design#FIXED} (must
 * hold). {@link FindingsTableTest} renders them into docs/findings.md; a check that already ran in
 * this JVM is not run again.
 */
final class Verdicts {
    /** One run: {@code holds}, or the violation report (QuickTheories' shrunk example and cause). */
    record Verdict(boolean holds, String report) {
        String word() {
            return holds ? "holds" : "violated";
        }
    }

    record Pair(Verdict v5, Verdict fixed) {
    }

    private static final Map<String, Pair> SEEN = new ConcurrentHashMap<>();

    private Verdicts() {
    }

    /** Runs {@code property} on one design and returns what happened. */
    static Verdict run(Design d, Consumer<Design> property) {
        try {
            property.accept(d);
            return new Verdict(true, "");
        } catch (AssertionError e) {
            return new Verdict(false, String.valueOf(e.getMessage()));
        }
    }

    /**
     * The finding check's pair of runs (cached per key). Asserts the opposite verdicts: v5 violated
     * with a QuickTheories shrunk counterexample, fixed holds.
     */
    static Pair opposite(String key, Consumer<Design> property) {
        Pair p = SEEN.computeIfAbsent(key, k -> new Pair(run(Design.V5, property), run(Design.FIXED, property)));
        // The stage result (target/verdicts, read by ./syslets props) gets each design's own verdict.
        Observed.verdict("v5", p.v5().holds(), p.v5().holds() ? null : smallest(p.v5().report()));
        Observed.verdict("fixed", p.fixed().holds(), p.fixed().holds() ? null : p.fixed().report());
        assertThat(p.fixed().holds()).as("%s must hold on FIXED, but: %s", key, p.fixed().report()).isTrue();
        assertThat(p.v5().holds()).as("%s must be violated on V5", key).isFalse();
        assertThat(p.v5().report()).as(key).contains("Smallest found falsifying value(s)");
        System.out.println(key + ": v5 violated, fixed holds. v5 shrunk counterexample:\n  "
                + smallest(p.v5().report()).replace("\n", "\n  "));
        return p;
    }

    static Pair seen(String key) {
        return SEEN.get(key);
    }

    /** The shrunk value and the cause of a QuickTheories report (the lines after "Smallest ..."). */
    static String smallest(String report) {
        int i = report.indexOf("Smallest found falsifying value(s) :-");
        if (i < 0) return report.strip();
        String s = report.substring(i + "Smallest found falsifying value(s) :-".length()).strip();
        int other = s.indexOf("Other found falsifying value(s)");
        if (other >= 0) {
            int cause = s.indexOf("Cause was :-");
            s = s.substring(0, other).strip() + (cause > other ? "\n" + s.substring(cause).strip() : "");
        }
        return s;
    }
}
