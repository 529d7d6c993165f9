package org.syslets.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.syslets.results.StageResult;

/**
 * The report's mutation section, from the {@code mutation} stage's metrics only (docs/mutation.md):
 * each half's score, the kill matrix summarised per spec module and operator and per runtime class
 * and PIT mutator, and every survivor with the argument that explains it (or "unexplained").
 */
final class MutationSection {
    private static final List<String> SPEC_COLS = List.of("killed", "error", "survived", "timeout", "unreached", "equivalent", "not-run");
    private static final List<String> PIT_COLS = List.of("KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR", "SURVIVED", "NO_COVERAGE");

    private MutationSection() { }

    static String of(StageResult r, Path root) {
        if (r == null) return "";
        StringBuilder md = new StringBuilder("<a id=\"mutation\"></a>\n\n## Mutation testing: what the checks would catch\n\n")
                .append("Small bugs nobody planted: generated mutants of the spec's design definitions, run against the passing models, "
                        + "and PIT's mutants of the runtime core, run against impl's tests ([docs/mutation.md](")
                .append(Report.UP).append("docs/mutation.md)). Status ")
                .append(r.passed() ? "<span class=\"ok\">passed</span>" : "<span class=\"bad\">failed</span>").append(".\n\n");
        for (String s : r.skipped()) md.append("- *Not run:* ").append(Report.cellText(s)).append('\n');
        if (!r.skipped().isEmpty()) md.append('\n');
        Map<String, Object> spec = map(r.metrics().get("spec")), rt = map(r.metrics().get("runtime"));
        if (spec != null) md.append(spec(spec, r.mode().get("spec"), root));
        if (rt != null) md.append(runtime(rt, r.mode().get("runtime"), root));
        return md.toString();
    }

    static String spec(Map<String, Object> s, Object mode, Path root) {
        StringBuilder md = new StringBuilder("### Spec mutants\n\n");
        md.append("Score **").append(s.get("score")).append(" %** of the non-equivalent mutants killed (").append(s.get("killed"))
                .append(" of ").append(s.get("nonEquivalent")).append(", ").append(s.get("killedByTlcError")).append(" by a TLC evaluation error); ")
                .append(s.get("generated")).append(" mutants generated, ").append(s.get("minutes")).append(" min. Outcomes: ")
                .append(Report.cellText(String.valueOf(s.get("counts")))).append(".\n\n");
        if (mode instanceof Map<?, ?> m) {
            md.append("Sample: ").append(Report.cellText(String.valueOf(m.get("sample") == null ? "every mutant"
                    : m.get("sample") + " mutants, seed " + m.get("seed") + ", " + m.get("sampling")))).append("; budget ")
                    .append(m.get("budgetMin")).append(" min; models: ").append(m.get("models")).append(".\n\n");
        }
        Map<String, Object> w = map(s.get("weakened"));
        if (w != null && w.containsKey("lowers")) {
            md.append("Weakened check: without `").append(w.get("invariant")).append("`, ").append(w.get("nowSurvive")).append(" of ")
                    .append(w.get("rerun") instanceof List<?> l ? l.size() : "?").append(" re-run mutants survive: ")
                    .append(w.get("score")).append(" % → at most ").append(w.get("weakenedScoreAtMost")).append(" %.\n\n");
        }
        md.append(table("module", map(s.get("byModule")), SPEC_COLS, "percent"));
        md.append(table("operator", map(s.get("byOperator")), SPEC_COLS, "percent"));
        if (s.get("survivors") instanceof List<?> surv && !surv.isEmpty()) {
            md.append("| survivor | status | edit | why it is not a missed bug |\n|---|---|---|---|\n");
            for (Object o : surv) {
                Map<String, Object> v = map(o);
                if (v == null) continue;
                String name = "`" + Report.cellText(String.valueOf(v.get("name"))) + "`";
                Path diff = v.get("diff") == null ? null : root.resolve("target/mutation/spec").resolve(String.valueOf(v.get("diff")));
                if (diff != null && Files.isRegularFile(diff)) name = "[" + name + "](" + Report.UP + "target/mutation/spec/" + v.get("diff") + ")";
                md.append("| ").append(name).append(" | ").append(v.get("status")).append(" | ")
                        .append(Report.cellText(Report.shorten(v.get("before") + " → " + v.get("after"), 120))).append(" | ")
                        .append(argument(v.get("argument"))).append(" |\n");
            }
            md.append('\n');
        } else {
            md.append("No survivor.\n\n");
        }
        return md.toString();
    }

    static String runtime(Map<String, Object> rt, Object mode, Path root) {
        StringBuilder md = new StringBuilder("### Runtime mutants (PIT)\n\n");
        md.append("Score **").append(rt.get("score")).append(" %** (").append(rt.get("detected")).append(" of ").append(rt.get("mutants"))
                .append(" detected; ").append(rt.get("scoreOverNonEquivalent")).append(" % of the ")
                .append(num(rt.get("mutants")) - num(rt.get("arguedEquivalent"))).append(" not argued equivalent). ")
                .append(Report.cellText(String.valueOf(mode))).append('.');
        if (rt.get("minutes") != null) {
            md.append(" PIT took ").append(rt.get("minutes")).append(" min at load ").append(Report.cellText(String.valueOf(rt.get("loadavgBeforeAfter"))))
                    .append(" (before / after).");
        }
        Path html = root.resolve("impl/target/pit-reports/index.html");
        if (Files.isRegularFile(html)) md.append(" [PIT's report](").append(Report.UP).append("impl/target/pit-reports/index.html).");
        md.append("\n\n");
        md.append(table("class", map(rt.get("byClass")), PIT_COLS, null));
        md.append(table("mutator", map(rt.get("byMutator")), PIT_COLS, null));
        if (rt.get("survivors") instanceof List<?> surv && !surv.isEmpty()) {
            md.append("| survivor | mutator | status | why it is not a missed bug |\n|---|---|---|---|\n");
            for (Object o : surv) {
                Map<String, Object> v = map(o);
                if (v == null) continue;
                String cls = String.valueOf(v.get("class"));
                md.append("| `").append(Report.cellText(cls.substring(cls.lastIndexOf('.') + 1) + "." + v.get("method") + ":" + v.get("line")))
                        .append("` ").append(Report.cellText(String.valueOf(v.get("description")))).append(" | ").append(v.get("mutator"))
                        .append(" | ").append(v.get("status")).append(" | ").append(argument(v.get("argument"))).append(" |\n");
            }
            md.append('\n');
        } else {
            md.append("No survivor.\n\n");
        }
        return md.toString();
    }

    static String argument(Object a) {
        return a == null ? "<span class=\"bad\">unexplained</span>" : "equivalent: " + Report.cellText(String.valueOf(a));
    }

    /** Rows of status counts with the columns that occur, then the row's score (given, or detected over all). */
    static String table(String what, Map<String, Object> rows, List<String> cols, String pctKey) {
        if (rows == null || rows.isEmpty()) return "";
        List<String> used = cols.stream().filter(c -> rows.values().stream().anyMatch(v -> num(map(v).get(c)) > 0)).toList();
        StringBuilder t = new StringBuilder("| " + what + " | " + String.join(" | ", used) + " | score % |\n|---" + "|---".repeat(used.size() + 1) + "|\n");
        for (var e : rows.entrySet()) {
            Map<String, Object> v = map(e.getValue());
            String name = e.getKey().contains(".") && pctKey == null ? e.getKey().substring(e.getKey().lastIndexOf('.') + 1) : e.getKey();
            t.append("| ").append(Report.cellText(name));
            for (String c : used) t.append(" | ").append(num(v.get(c)));
            Object pct = pctKey != null ? v.get(pctKey) : pitScore(v);
            t.append(" | ").append(pct).append(" |\n");
        }
        return t.append('\n').toString();
    }

    static double pitScore(Map<String, Object> v) {
        long det = num(v.get("KILLED")) + num(v.get("TIMED_OUT")) + num(v.get("MEMORY_ERROR")) + num(v.get("RUN_ERROR"));
        long all = v.values().stream().mapToLong(MutationSection::num).sum();
        return all == 0 ? 0 : Math.round(1000.0 * det / all) / 10.0;
    }

    static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
