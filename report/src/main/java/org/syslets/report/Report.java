package org.syslets.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.syslets.abi.Flags;
import org.syslets.results.Check;
import org.syslets.results.Findings;
import org.syslets.results.Results;
import org.syslets.results.StageResult;

/**
 * The design-invariant report of one run, built from the stage results of that run
 * ({@code target/results/*.json}, docs/results.md) and the evidence files they name, nothing else:
 * a finding x checker grid first (a cell without a result from this run says "not run"), then one
 * section per finding with every check and every counterexample (state tables with flag words by
 * name, ring timelines, task lanes), the stages with their mode and what they skipped, and the state
 * graph of the small models TLC dumped. Writes target/report/{report.html, report.md, findings.md,
 * *.svg}; {@code docs/findings.md} on request.
 */
public final class Report {
    /** What was written: the page, the run it describes, the headline, and whether every verdict was as expected. */
    public record Written(Path html, String runId, String headline, boolean allAsExpected) {}

    /** The report sits in target/report; evidence paths are relative to the repository root. */
    static final String UP = "../../";

    private final Path root;
    private final String wantedRun;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, String> svgs = new LinkedHashMap<>();

    private Map<String, StageResult> run = new LinkedHashMap<>();
    private List<StageResult> older = new ArrayList<>();
    private String runId;

    /** @param runId the run to describe; null: the one whose stage finished last */
    public Report(Path root, String runId) {
        this.root = root;
        this.wantedRun = runId;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Written w = new Report(root, args.length > 1 ? args[1] : null).write(false);
        System.out.println("report: " + w.html() + " (" + w.headline() + ")");
    }

    public Written write(boolean findingsDoc) throws IOException {
        load();
        Path out = root.resolve("target/report");
        if (Files.isDirectory(out)) {
            try (var files = Files.list(out)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".svg")).toList()) Files.delete(f);
            }
        }
        Files.createDirectories(out);
        String md = markdown();
        for (var e : svgs.entrySet()) Files.writeString(out.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.md"), md, StandardCharsets.UTF_8);
        Path html = out.resolve("report.html");
        Files.writeString(html, Html.page("Syslets: design-invariant report", Html.fromMarkdown(md)), StandardCharsets.UTF_8);
        String doc = findingsDoc();
        Files.writeString(out.resolve("findings.md"), doc, StandardCharsets.UTF_8);
        List<String> broken = Links.broken(html);
        if (!broken.isEmpty()) {
            throw new IOException("report.html has " + broken.size() + " links that do not resolve: " + String.join("; ", broken));
        }
        if (findingsDoc) Files.writeString(root.resolve("docs/findings.md"), doc, StandardCharsets.UTF_8);
        return new Written(html, runId, headlineText(), !run.isEmpty() && run.values().stream().allMatch(StageResult::passed));
    }

    // ------------------------------------------------------------------ the run

    void load() {
        Map<String, StageResult> all = Results.readAll(root);
        runId = wantedRun;
        if (runId == null) {
            runId = all.values().stream().max(Comparator.comparing(StageResult::finishedAt)).map(StageResult::runId).orElse(null);
        }
        run = new LinkedHashMap<>();
        older = new ArrayList<>();
        List<String> order = List.of("tlc", "props", "trace", "uring", "stress", "workload", "sidebyside");
        List<StageResult> sorted = new ArrayList<>(all.values());
        sorted.sort(Comparator.comparingInt((StageResult r) -> order.contains(r.stage()) ? order.indexOf(r.stage()) : order.size())
                .thenComparing(StageResult::stage));
        for (StageResult r : sorted) {
            if (r.runId().equals(runId)) run.put(r.stage(), r);
            else older.add(r);
        }
    }

    List<Check> checks() {
        return run.values().stream().flatMap(r -> r.checks().stream()).toList();
    }

    /** A checker ran in this run when some stage of it reported a verdict of that checker. */
    boolean ran(String checker) {
        return checks().stream().anyMatch(c -> c.checker().equals(checker));
    }

    List<Check> cell(Findings.Finding f, String checker) {
        return checks().stream().filter(c -> c.checker().equals(checker) && Findings.rowOf(c).id().equals(f.id())).toList();
    }

    static List<Findings.Finding> rows() {
        List<Findings.Finding> rows = new ArrayList<>(Findings.ALL);
        rows.add(Findings.INVARIANTS);
        return rows;
    }

    String headlineText() {
        if (run.isEmpty()) return "nothing ran: every cell is \"not run\"";
        long bad = checks().stream().filter(c -> !c.ok()).count();
        List<String> notRun = Check.CHECKERS.stream().filter(c -> !ran(c)).toList();
        String failed = failedStages();
        return (bad == 0 ? "every verdict as expected" : bad + " verdicts NOT as expected") + (failed.isEmpty() ? "" : ", but " + failed)
                + " (" + checks().size() + " verdicts, " + mode() + ")" + (notRun.isEmpty() ? "" : "; not run: " + String.join(", ", notRun));
    }

    /** Stages that failed although (or besides) their verdicts: a build error, a test without a verdict that failed. */
    String failedStages() {
        List<String> out = new ArrayList<>();
        for (StageResult r : run.values()) {
            if (r.passed()) continue;
            Object tests = r.metrics().get("failedTests");
            out.add("stage " + r.stage() + " failed" + (tests == null ? "" : " (" + tests + ")"));
        }
        return String.join(", ", out);
    }

    /** The run's mode in a few words: quick or full, from what the stages say of themselves. */
    String mode() {
        List<String> parts = new ArrayList<>();
        StageResult tlc = run.get("tlc");
        if (tlc != null) parts.add("TLC " + tlc.mode().get("selection") + " (" + tlc.mode().get("models") + " models, " + tlc.mode().get("search") + ")");
        StageResult props = run.get("props");
        if (props != null) parts.add(props.mode().get("tries") + " tries");
        StageResult stress = run.get("stress");
        if (stress != null) parts.add("JCStress -m " + stress.mode().get("jcstressMode"));
        StageResult trace = run.get("trace");
        if (trace != null) parts.add(trace.mode().get("repeat") + " trace runs per workload");
        StageResult uring = run.get("uring");
        if (uring != null && uring.mode().get("budgetSeconds") != null) {
            parts.add("io_uring traces for " + uring.mode().get("budgetSeconds") + " s (" + uring.mode().get("mode") + ")");
        }
        return parts.isEmpty() ? "no stage reported its mode" : String.join(", ", parts);
    }

    // ------------------------------------------------------------------ the page

    String markdown() throws IOException {
        StringBuilder md = new StringBuilder("# Syslets: design-invariant report\n\n");
        if (run.isEmpty()) {
            md.append("**Nothing ran**: `target/results/` holds no stage result").append(runId == null ? "" : " of run `" + runId + "`")
                    .append(". Every cell below is *not run*. Run `./syslets main` (or a stage of it).\n\n");
        } else {
            long bad = checks().stream().filter(c -> !c.ok()).count();
            StageResult first = run.values().stream().min(Comparator.comparing(StageResult::startedAt)).orElseThrow();
            String failed = failedStages();
            md.append("Run `").append(runId).append("`, started ").append(first.startedAt(), 0, 16).append(" UTC: ")
                    .append(bad == 0 ? "<span class=\"ok\">every verdict as expected</span>" : "<span class=\"bad\">" + bad + " verdicts NOT as expected</span>")
                    .append(failed.isEmpty() ? "" : ", <span class=\"bad\">but " + Html.esc(failed) + "</span>")
                    .append(" — ").append(checks().size()).append(" verdicts; ").append(mode()).append(". ");
            List<String> notRun = Check.CHECKERS.stream().filter(c -> !ran(c)).toList();
            if (!notRun.isEmpty()) md.append("**Not run:** ").append(String.join(", ", notRun)).append(". ");
            long skipped = run.values().stream().mapToLong(r -> r.skipped().size()).sum();
            if (skipped > 0) md.append("**Skipped:** ").append(skippedSummary()).append(" ([stages](#stages)).");
            md.append("\n\n");
        }
        md.append(grid());
        md.append("<span class=\"ok\">✓</span> as expected (v5 violated where the reviewer found the flaw, fixed holds) · "
                + "<span class=\"bad\">✗</span> not as expected · <span class=\"nr\">not run</span>: no result of this run · "
                + "<span class=\"na\">no check</span>: the checker ran but has no check for this finding. Each mark links to its evidence.\n\n");
        md.append(stages());
        md.append(sideBySide());
        md.append(MutationSection.of(run.get("mutation"), root));
        for (Findings.Finding f : rows()) md.append(section(f));
        md.append(graphs());
        if (!older.isEmpty()) {
            md.append("\n## Results of other runs (not shown)\n\n");
            for (StageResult r : older) md.append("- `").append(r.stage()).append("` of run `").append(r.runId()).append("`, ").append(r.finishedAt()).append('\n');
        }
        md.append("\nSources of the reviewers' words: [docs/sources.md](").append(UP).append("docs/sources.md). Findings table of this run: [findings.md](findings.md).\n");
        return md.toString();
    }

    String skippedSummary() {
        List<String> out = new ArrayList<>();
        for (StageResult r : run.values()) {
            if (r.skipped().isEmpty()) continue;
            Map<String, Long> reasons = r.skipped().stream().map(s -> s.contains(": ") ? s.substring(s.indexOf(": ") + 2) : s)
                    .collect(Collectors.groupingBy(s -> s, LinkedHashMap::new, Collectors.counting()));
            out.add(r.stage() + ": " + reasons.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")));
        }
        return String.join("; ", out);
    }

    String grid() {
        StringBuilder t = new StringBuilder("<table class=\"grid\"><thead><tr><th>finding</th><th>the reviewer's point</th>");
        for (String c : Check.CHECKERS) t.append("<th>").append(c).append("</th>");
        t.append("</tr></thead><tbody>\n");
        for (Findings.Finding f : rows()) {
            t.append("<tr><td><a href=\"#").append(f.anchor()).append("\"><b>").append(f.id()).append("</b></a></td><td>")
                    .append(Html.esc(f.words())).append("</td>");
            for (String c : Check.CHECKERS) t.append("<td>").append(cellHtml(f, c)).append("</td>");
            t.append("</tr>\n");
        }
        return t.append("</tbody></table>\n\n").toString();
    }

    String cellHtml(Findings.Finding f, String checker) {
        List<Check> cs = cell(f, checker);
        if (cs.isEmpty()) {
            return ran(checker) ? "<span class=\"na\" title=\"" + checker + " ran; it has no check for " + f.id() + "\">no check</span>"
                    : "<span class=\"nr\" title=\"no " + checker + " result in this run\">not run</span>";
        }
        boolean ok = cs.stream().allMatch(Check::ok);
        String href = cs.size() == 1 && cs.get(0).evidence() != null ? UP + cs.get(0).evidence() : "#" + f.anchor() + "-" + checker;
        StringBuilder designs = new StringBuilder();
        for (String d : new String[] {"v5", "fixed"}) {
            List<Check> dc = cs.stream().filter(c -> d.equals(c.design())).toList();
            if (!dc.isEmpty()) designs.append(' ').append(d).append(dc.stream().allMatch(Check::ok) ? "✓" : "✗");
        }
        return "<a href=\"" + href + "\" title=\"" + cs.size() + " verdicts\"><span class=\"" + (ok ? "ok" : "bad") + "\">" + (ok ? "✓" : "✗")
                + "</span><br><span class=\"d\">" + designs.toString().strip() + (cs.size() > 1 ? " ·" + cs.size() : "") + "</span></a>";
    }

    String stages() {
        StringBuilder t = new StringBuilder("<a id=\"stages\"></a>\n\n## Stages of this run\n\n| stage | status | started | mode | skipped | numbers | log |\n|---|---|---|---|---|---|---|\n");
        if (run.isEmpty()) t.append("| (none) | not run | | | | | |\n");
        for (StageResult r : run.values()) {
            Path log = root.resolve("target/main/" + r.stage() + ".log");
            t.append("| ").append(r.stage()).append(" | ").append(r.passed() ? "<span class=\"ok\">passed</span>" : "<span class=\"bad\">failed</span>")
                    .append(" | ").append(r.startedAt(), 0, Math.min(19, r.startedAt().length())).append(" | ").append(cellText(kv(r.mode())))
                    .append(" | ").append(r.skipped().isEmpty() ? "" : cellText(r.skipped().size() <= 4 ? String.join("; ", r.skipped())
                            : r.skipped().size() + ": " + String.join("; ", r.skipped().subList(0, 3)) + "; …"))
                    .append(" | ").append(cellText(kv(r.metrics()))).append(" | ")
                    .append(Files.exists(log) ? "[" + r.stage() + ".log](../main/" + r.stage() + ".log)" : "").append(" |\n");
        }
        return t.append('\n').toString();
    }

    static String kv(Map<String, Object> m) {
        return m.entrySet().stream().map(e -> e.getKey() + "=" + (e.getValue() instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map
                ? "(a table of " + l.size() + " rows)" : e.getValue())).collect(Collectors.joining(", "));
    }

    /** The side-by-side measurement of this run (stage sidebyside's metrics.table), if it ran. */
    String sideBySide() {
        StageResult r = run.get("sidebyside");
        if (r == null || !(r.metrics().get("table") instanceof List<?> rows)) return "";
        StringBuilder t = new StringBuilder("<a id=\"sidebyside\"></a>\n\n## Side by side: syslets, io_uring, a thread pool\n\n")
                .append("Blocking 8-byte pipe reads, closed loop, measured in this run (docs/io_uring.md); ratios against ")
                .append(cellText(String.valueOf(r.metrics().get("baseline")))).append(". Load average before / after: ")
                .append(cellText(String.valueOf(r.metrics().get("loadavgBefore")))).append(" / ")
                .append(cellText(String.valueOf(r.metrics().get("loadavgAfter")))).append(".\n\n")
                .append("| runtime | iodepth | ops/s | p50 µs | p99 µs | ops/s ratio | p50 ratio | p99 ratio |\n|---|---|---|---|---|---|---|---|\n");
        for (Object o : rows) {
            if (!(o instanceof Map<?, ?> row)) continue;
            t.append("| ").append(String.join(" | ", Stream.of("runtime", "iodepth", "opsPerSec", "p50us", "p99us", "opsRatioVsThreadPool",
                    "p50RatioVsThreadPool", "p99RatioVsThreadPool").map(k -> cellText(String.valueOf(row.get(k)))).toList())).append(" |\n");
        }
        return t.append('\n').toString();
    }

    static String cellText(String s) {
        return Html.esc(s).replace("|", "\\|").replace("\n", " ");
    }

    String section(Findings.Finding f) throws IOException {
        StringBuilder md = new StringBuilder("\n<a id=\"").append(f.anchor()).append("\"></a>\n\n## ").append(f.id()).append(": ").append(f.words()).append("\n\n");
        md.append("> ").append(f.source().equals(Findings.DERIVED) ? "" : "\"").append(Html.esc(f.quote()))
                .append(f.source().equals(Findings.DERIVED) ? "" : "\"").append(" — [").append(sourceName(f.source())).append("](")
                .append(UP).append("docs/sources.md#").append(f.source()).append(")\n\nInvariant: `").append(f.invariant()).append("`\n\n");
        List<Check> cs = checks().stream().filter(c -> Findings.rowOf(c).id().equals(f.id())).toList();
        if (cs.isEmpty()) return md.append("No check of this run is about ").append(f.id()).append(".\n").toString();
        for (String checker : Check.CHECKERS) {
            List<Check> mine = cs.stream().filter(c -> c.checker().equals(checker)).toList();
            if (mine.isEmpty()) continue;
            md.append("<a id=\"").append(f.anchor()).append('-').append(checker).append("\"></a>**").append(checker).append("**\n\n")
                    .append("| | check | design | expected | actual | detail |\n|---|---|---|---|---|---|\n");
            for (Check c : mine) {
                String name = c.evidence() == null ? "`" + cellText(c.name()) + "`" : "[`" + cellText(c.name()) + "`](" + UP + c.evidence() + ")";
                md.append("| ").append(c.ok() ? "<span class=\"ok\">✓</span>" : "<span class=\"bad\">✗</span>").append(" | ").append(name)
                        .append(" | ").append(c.design() == null ? "" : c.design()).append(" | ").append(c.expected()).append(" | ")
                        .append(c.actual()).append(" | ").append(c.detail() == null ? "" : cellText(shorten(c.detail(), 300))).append(" |\n");
            }
            md.append('\n');
        }
        md.append(counterexamples(f, cs));
        return md.toString();
    }

    static String sourceName(String anchor) {
        return switch (anchor) {
            case Findings.MILTON -> "Milton Miller on v5, 2007-03-13";
            case Findings.LIBENZI -> "Davide Libenzi on the v1 documentation, 2007-02-13";
            case Findings.MORTON -> "Andrew Morton's v1 review, v2 changelog";
            default -> "derived from the design";
        };
    }

    static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    /** Every counterexample of this finding's checks: TLC traces (tables, timelines, lanes), shrunk Java ones, others' details. */
    String counterexamples(Findings.Finding f, List<Check> cs) throws IOException {
        StringBuilder md = new StringBuilder();
        int n = 0;
        for (Check c : cs) {
            if (!Check.VIOLATED.equals(c.actual()) && c.ok()) continue;
            if (c.checker().equals("tlc") && c.evidence() != null) {
                Path trace = root.resolve(c.evidence().replaceFirst("\\.out$", ".trace.json"));
                if (!Files.exists(trace)) continue;
                JsonNode m = json.readTree(trace.toFile());
                List<RingTimeline.Step> steps = steps(m);
                if (steps.isEmpty()) continue;
                n++;
                md.append("\n### Counterexample: `").append(c.name()).append("` (").append(c.design() == null ? "" : c.design() + ", ")
                        .append(m.path("violation").asText()).append(")\n\n");
                String base = f.anchor() + "-" + c.name();
                if (steps.get(0).vars().containsKey("slot") && steps.get(0).vars().containsKey("K")) {
                    svgs.put(base + "-ring.svg", RingTimeline.svg(f.id() + ": " + c.name() + ", the ring state by state", steps));
                    md.append("![ring timeline of ").append(c.name()).append("](").append(base).append("-ring.svg)\n\n");
                }
                if (TaskLanes.applies(steps)) {
                    svgs.put(base + "-lanes.svg", TaskLanes.svg(f.id() + ": " + c.name() + ", threads state by state", steps));
                    md.append("![task lanes of ").append(c.name()).append("](").append(base).append("-lanes.svg)\n\n");
                }
                md.append(stateTable(m)).append('\n');
            } else if (c.evidence() != null && c.evidence().endsWith(".txt") && Files.exists(root.resolve(c.evidence()))) {
                n++;
                List<String> lines = Files.readAllLines(root.resolve(c.evidence())).stream().filter(l -> !l.startsWith("\tat ")).toList();
                md.append("\n### Counterexample: `").append(c.name()).append("` (").append(c.checker()).append(", ").append(c.design())
                        .append(", shrunk)\n\n```\n").append(String.join("\n", lines.subList(0, Math.min(40, lines.size()))))
                        .append(lines.size() > 40 ? "\n… (" + (lines.size() - 40) + " more lines in the evidence file)" : "").append("\n```\n");
            } else if (c.detail() != null && !c.checker().equals("tlc")) {
                n++;
                md.append("\n### ").append(c.checker()).append(": `").append(c.name()).append("` (").append(c.design()).append(")\n\n```\n")
                        .append(c.detail()).append("\n```\n");
            }
        }
        return n == 0 ? "" : md.toString();
    }

    static List<RingTimeline.Step> steps(JsonNode model) {
        List<RingTimeline.Step> steps = new ArrayList<>();
        for (JsonNode st : model.path("trace")) {
            if (!"state".equals(st.path("kind").asText("state"))) continue;
            Map<String, String> vars = new LinkedHashMap<>();
            st.path("vars").fields().forEachRemaining(e -> vars.put(e.getKey(), e.getValue().asText()));
            steps.add(new RingTimeline.Step(st.path("state").asInt(), st.path("action").asText(null), vars));
        }
        return steps;
    }

    /** A counterexample as a table: one row per state, the variables it changed (all of them in state 1); flag words by name. */
    static String stateTable(JsonNode m) {
        StringBuilder t = new StringBuilder("| state | action | changed (new value) |\n|---|---|---|\n");
        for (JsonNode st : m.path("trace")) {
            List<String> cells = new ArrayList<>();
            boolean first = st.path("state").asInt() == 1 && "state".equals(st.path("kind").asText());
            st.path("vars").fields().forEachRemaining(e -> {
                if (first || contains(st.path("changed"), e.getKey())) {
                    cells.add("**" + e.getKey() + "** = `" + e.getValue().asText().replace("|", "\\|") + "`" + decoded(e.getKey(), e.getValue().asText()));
                }
            });
            String kind = st.path("kind").asText();
            String action = kind.equals("back-to") ? "back to state " + st.path("state").asText() + " by " + st.path("action").asText()
                    : kind.equals("stuttering") ? "stuttering forever" : st.path("action").asText();
            t.append("| ").append(st.path("state").asText()).append(" | ").append(cellText(action)).append(" | ")
                    .append(String.join("<br>", cells)).append(" |\n");
        }
        return t.toString();
    }

    /** A flag word ({@code word} of the atoms spec) with its SYSLET_* names, as Flags.describe spells them. */
    static String decoded(String var, String value) {
        if (!var.equals("word") || !value.matches("\\d+")) return "";
        String names = Flags.describe(Integer.parseInt(value));
        return " (" + (names.isEmpty() ? "no flags" : names.replace("|", "\\|")) + ")";
    }

    private static boolean contains(JsonNode arr, String s) {
        for (JsonNode n : arr) if (s.equals(n.asText())) return true;
        return false;
    }

    /** TLC's state graphs of the small models of this run (-dump dot), drawn. */
    String graphs() throws IOException {
        StringBuilder md = new StringBuilder();
        for (Check c : checks()) {
            if (!c.checker().equals("tlc") || c.evidence() == null) continue;
            Path dot = root.resolve(c.evidence().replaceFirst("\\.out$", ".dot"));
            if (!Files.exists(dot)) continue;
            StateGraph.Graph g = StateGraph.parse(Files.readAllLines(dot));
            if (g.nodes().isEmpty()) continue;
            if (md.length() == 0) md.append("\n<a id=\"state-graphs\"></a>\n\n## State graphs of the small models\n\n");
            String file = "graph-" + c.name() + ".svg";
            svgs.put(file, StateGraph.svg(c.name() + ": every reachable state (TLC -dump dot)", g));
            md.append("`").append(c.name()).append("` (").append(c.detail()).append("), from [its dot file](").append(UP)
                    .append(root.relativize(dot)).append("):\n\n![state graph of ").append(c.name()).append("](").append(file).append(")\n\n");
        }
        return md.toString();
    }

    // ------------------------------------------------------------------ docs/findings.md

    /** The committed findings table: the same grid in plain Markdown, saying which run produced it. */
    String findingsDoc() {
        StringBuilder md = new StringBuilder("# Review findings: which checker catches what\n\n");
        md.append("Generated by `./syslets report --findings-doc` (a full `./syslets main` does it) from the stage results of run `")
                .append(runId == null ? "none" : runId).append("`");
        if (!run.isEmpty()) {
            StageResult first = run.values().stream().min(Comparator.comparing(StageResult::startedAt)).orElseThrow();
            md.append(", started ").append(first.startedAt(), 0, 16).append(" UTC");
        }
        md.append(": ").append(headlineText()).append(". `FindingsTableTest` fails when a props or sequences cell here contradicts the tests.\n\n");
        md.append("Rows are the reviewers' findings ([docs/sources.md](sources.md) has their words and mails); columns are the checkers. ")
                .append("✓ = as expected (v5 violated, fixed holds, per design in brackets), ✗ = not, *not run* = no result in that run, ")
                .append("*no check* = the checker ran but has no check for the finding. The report of a run (`target/report/report.html`) ")
                .append("links every mark to its evidence.\n\n");
        md.append("| finding | the reviewer's point |");
        for (String c : Check.CHECKERS) md.append(' ').append(c).append(" |");
        md.append("\n|---|---|").append("---|".repeat(Check.CHECKERS.size())).append('\n');
        for (Findings.Finding f : rows()) {
            md.append("| ").append(f.id()).append(" | ").append(f.words()).append(" |");
            for (String c : Check.CHECKERS) {
                List<Check> cs = cell(f, c);
                String mark;
                if (cs.isEmpty()) mark = ran(c) ? "*no check*" : "*not run*";
                else {
                    StringBuilder d = new StringBuilder();
                    for (String des : new String[] {"v5", "fixed"}) {
                        List<Check> dc = cs.stream().filter(x -> des.equals(x.design())).toList();
                        if (!dc.isEmpty()) d.append(d.length() == 0 ? "" : " ").append(des).append(dc.stream().allMatch(Check::ok) ? "✓" : "✗");
                    }
                    mark = (cs.stream().allMatch(Check::ok) ? "✓" : "✗") + (d.length() == 0 ? "" : " (" + d + ")");
                }
                md.append(' ').append(mark).append(" |");
            }
            md.append('\n');
        }
        md.append("\n## The checks of that run, by finding\n");
        for (Findings.Finding f : rows()) {
            List<Check> cs = checks().stream().filter(c -> Findings.rowOf(c).id().equals(f.id())).toList();
            md.append("\n### ").append(f.id()).append(": ").append(f.words()).append("\n\n");
            md.append(f.source().equals(Findings.DERIVED) ? "Derived: " : sourceName(f.source()) + ": \"").append(f.quote())
                    .append(f.source().equals(Findings.DERIVED) ? "" : "\"").append(" ([source](sources.md#").append(f.source()).append(")). Invariant: `")
                    .append(f.invariant()).append("`.\n\n");
            if (cs.isEmpty()) {
                md.append("No check of that run.\n");
                continue;
            }
            md.append("| checker | check | design | expected | actual |\n|---|---|---|---|---|\n");
            for (Check c : cs) {
                md.append("| ").append(c.checker()).append(" | `").append(c.name().replace("|", "\\|")).append("` | ")
                        .append(c.design() == null ? "" : c.design()).append(" | ").append(c.expected()).append(" | ").append(c.actual())
                        .append(c.ok() ? "" : " ✗").append(" |\n");
            }
        }
        return md.toString();
    }
}
