package org.syslets.results;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What one stage of one run produced: {@code target/results/<stage>.json}. A stage writes exactly one
 * such file when it ends (also when it fails); the report reads nothing else to decide a verdict.
 *
 * @param schema     format version ({@link Results#SCHEMA})
 * @param stage      tlc, props, trace, stress, workload, fuzz, mutation, uring, bench, ...
 * @param runId      the run this belongs to ({@link Results#runId()}); the main job sets one for all
 *                   its stages, a stage run on its own makes its own
 * @param startedAt  ISO-8601 instant
 * @param finishedAt ISO-8601 instant
 * @param mode       what shaped the run: quick or full, tries, JCStress mode/forks/JVM args, budgets
 * @param skipped    what this stage did not run, each with its reason
 * @param status     "passed" (every check as expected) or "failed"
 * @param checks     the verdicts
 * @param metrics    numbers for people: executions, exec/s, corpus size, coverage, scores, states
 */
public record StageResult(int schema, String stage, String runId, String startedAt, String finishedAt,
                          Map<String, Object> mode, List<String> skipped, String status, List<Check> checks,
                          Map<String, Object> metrics) {

    /** A finished stage whose status follows from its checks (and from {@code extraFailure}). */
    public static StageResult of(String stage, Instant startedAt, Map<String, Object> mode, List<String> skipped,
                                 List<Check> checks, Map<String, Object> metrics, boolean extraFailure) {
        boolean ok = !extraFailure && checks.stream().allMatch(Check::ok);
        return new StageResult(Results.SCHEMA, stage, Results.runId(), startedAt.toString(), Instant.now().toString(),
                Map.copyOf(mode), List.copyOf(skipped), ok ? "passed" : "failed", List.copyOf(checks), Map.copyOf(metrics));
    }

    public boolean passed() {
        return "passed".equals(status);
    }
}
