package org.syslets.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The design-invariant report of the main job: for each finding, the TLC evidence on the design as
 * posted (v5) and as fixed, with counterexamples as state tables and the v5 wraparound drawn as an SVG
 * timeline. Reads what the checkers left under target/ and writes target/report/{report.md,
 * report.html, wraparound.svg}. Evidence that is missing (a checker that did not run) is said, never
 * invented.
 *
 * <p>Usage: {@code Report [repo root]}.
 */
public final class Report {
    private final Path root;
    private final ObjectMapper json = new ObjectMapper();

    Report(Path root) {
        this.root = root;
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path out = new Report(root).write();
        System.out.println("report: " + out.resolve("report.html") + " (and report.md, wraparound.svg)");
    }

    Path write() throws IOException {
        Path out = root.resolve("target/report");
        Files.createDirectories(out);
        JsonNode tlc = readJson(root.resolve("model/target/tlc/summary.json"));
        String svg = wraparoundSvg(tlc);
        if (svg != null) Files.writeString(out.resolve("wraparound.svg"), svg);
        Files.writeString(out.resolve("report.md"), markdown(tlc, svg != null));
        Files.writeString(out.resolve("report.html"), Html.page("Syslets: design-invariant report",
                Html.fromMarkdown(markdown(tlc, svg != null)), svg));
        return out;
    }

    JsonNode readJson(Path p) throws IOException {
        return Files.exists(p) ? json.readTree(p.toFile()) : null;
    }

    /** The v5 wraparound counterexample (MCRingWrapV5) as an SVG timeline, or null if it did not run. */
    String wraparoundSvg(JsonNode tlc) {
        JsonNode m = model(tlc, "MCRingWrapV5");
        if (m == null || !m.path("trace").isArray() || m.path("trace").isEmpty()) return null;
        return RingTimeline.svg("MM1: v5 async_wait after K wraps below U (TLC counterexample of MCRingWrapV5)", steps(m));
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

    static JsonNode model(JsonNode tlc, String name) {
        if (tlc == null) return null;
        for (JsonNode m : tlc.path("models")) if (name.equals(m.path("name").asText())) return m;
        return null;
    }

    String markdown(JsonNode tlc, boolean linkSvg) throws IOException {
        StringBuilder md = new StringBuilder("# Syslets: design-invariant report\n\n");
        md.append("Each section is one finding of the 2007 review: the reviewer's words, the invariant that captures it, and ")
                .append("the evidence on the design as posted (v5) and as fixed, from every checker that ran. A v5 check is ")
                .append("expected to fail where the reviewer found a flaw, the fixed one to pass.\n\n");
        if (tlc == null) {
            md.append("TLC did not run: `model/target/tlc/summary.json` is missing. Run `./syslets main`.\n\n");
        } else {
            md.append("TLC run of ").append(tlc.path("generatedAt").asText("?")).append(": ")
                    .append(tlc.path("allOk").asBoolean() ? "**every verdict as expected**" : "**some verdicts differ from the manifest**")
                    .append(" (").append(tlc.path("models").size()).append(" models).\n");
        }
        md.append(stages());
        if (linkSvg) md.append("\n![MM1 wraparound timeline](wraparound.svg)\n");
        Map<String, List<String>> rows = Findings.rows(root.resolve("docs/findings.md"));
        Map<String, JcstressResults.Test> stress = JcstressResults.read(root.resolve("stress/target/jcstress/console.log"));
        Map<String, Map<String, String>> work = workloadRuns();
        List<String> traceLines = logLines("trace");
        for (Findings.Finding f : Findings.ALL) {
            md.append("\n## ").append(f.id()).append("\n\nSource: ").append(f.source()).append(".\n\n");
            List<String> r = rows.getOrDefault(f.id(), List.of());
            if (!r.isEmpty()) {
                md.append(r.get(0).split("\n")[0]).append('\n').append(r.get(0).split("\n")[0].replaceAll("[^|]+", "---")).append('\n');
                for (String row : r) md.append(row.split("\n")[1]).append('\n');
                md.append('\n');
            }
            List<JsonNode> models = new ArrayList<>();
            if (tlc != null) for (JsonNode m : tlc.path("models")) if (f.id().equals(m.path("finding").asText())) models.add(m);
            if (!models.isEmpty()) {
                md.append("**TLC**\n\n").append(verdictTable(models));
                for (JsonNode m : models) {
                    if ("v5".equals(m.path("variant").asText()) && m.path("trace").isArray() && !m.path("trace").isEmpty()) {
                        md.append("\nCounterexample of `").append(m.path("name").asText()).append("` (")
                                .append(m.path("violation").asText()).append(")\n\n").append(stateTable(m));
                        break;
                    }
                }
            }
            List<String> st = new ArrayList<>(f.stress());
            if (st.stream().anyMatch(stress::containsKey)) md.append("\n**JCStress** (samples over all JVM configurations)\n\n").append(stressTable(st, stress));
            for (String sc : f.workload()) {
                for (String d : List.of("v5", "fixed")) {
                    Map<String, String> kv = work.get(d + "-" + sc);
                    if (kv != null) md.append(String.format("%n**Workload** %s/%s: submitted %s, reaped %s, dropped %s, lost %s, duplicated %s, starved %s%n",
                            d, sc, kv.get("submitted"), kv.get("reaped"), kv.get("dropped"), kv.get("lost"), kv.get("duplicated"), kv.get("starved")));
                }
            }
            for (String w : f.traces()) {
                List<String> hits = traceLines.stream().filter(l -> l.contains(w)).limit(6).toList();
                if (!hits.isEmpty()) md.append("\n**Trace validation** (`").append(w).append("`)\n\n").append(String.join("<br>", hits).replace("|", "\\|")).append("\n");
            }
        }
        if (Findings.INVARIANT_STRESS.stream().anyMatch(stress::containsKey)) {
            md.append("\n## Invariants no finding breaks: stress evidence (fixed design)\n\n").append(stressTable(Findings.INVARIANT_STRESS, stress));
        }
        md.append(workloads());
        if (tlc != null) {
            md.append("\n## Appendix: every TLC model\n\n").append(verdictTable(iterable(tlc.path("models"))));
        }
        return md.toString();
    }

    static List<JsonNode> iterable(JsonNode arr) {
        List<JsonNode> out = new ArrayList<>();
        arr.forEach(out::add);
        return out;
    }

    static String verdictTable(List<JsonNode> models) {
        StringBuilder t = new StringBuilder("| model | design | finding | expected | actual | ok | distinct | depth | s |\n|---|---|---|---|---|---|---|---|---|\n");
        for (JsonNode m : models) {
            t.append(String.format("| `%s` | %s | %s | %s | %s | %s | %s | %s | %.1f |%n", m.path("name").asText(), m.path("variant").asText(),
                    m.path("finding").asText(), m.path("expect").asText(), m.path("actual").asText(),
                    m.path("ok").asBoolean() ? "✓" : "✗ " + m.path("mismatch").asText(""), m.path("distinct").asText(""),
                    m.path("depth").asText(""), m.path("seconds").asDouble()));
        }
        return t.toString();
    }

    static String stressTable(List<String> names, Map<String, JcstressResults.Test> stress) {
        StringBuilder t = new StringBuilder("| test | verdict | outcome | samples | freq | expectation | meaning |\n|---|---|---|---|---|---|---|\n");
        for (String n : names) {
            JcstressResults.Test test = stress.get(n);
            if (test == null) continue;
            for (JcstressResults.Row r : test.rows()) {
                t.append("| ").append(n).append(" | ").append(test.verdict()).append(" | `").append(r.result()).append("` | ")
                        .append(r.samples()).append(" | ").append(r.freq()).append(" | ").append(r.expect()).append(" | ")
                        .append(r.description().replace("|", "\\|")).append(" |\n");
            }
        }
        return t.toString();
    }

    /** Lines of target/main/&lt;stage&gt;.log, stripped. */
    List<String> logLines(String stage) throws IOException {
        Path log = root.resolve("target/main/" + stage + ".log");
        return Files.exists(log) ? Files.readAllLines(log).stream().map(String::strip).toList() : List.of();
    }

    /** The workload summaries as key=value maps, by "design-scenario". */
    Map<String, Map<String, String>> workloadRuns() throws IOException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Path dir = root.resolve("impl/target/workload");
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                Map<String, String> kv = new LinkedHashMap<>();
                for (String tok : Files.readString(f).trim().split("\\s+")) {
                    int eq = tok.indexOf('=');
                    if (eq > 0) kv.put(tok.substring(0, eq), tok.substring(eq + 1));
                }
                out.put(f.getFileName().toString().replace(".txt", ""), kv);
            }
        }
        return out;
    }

    /** One row per stage of the main job: status and the stage's own summary lines. */
    String stages() throws IOException {
        Path dir = root.resolve("target/main");
        if (!Files.isDirectory(dir)) return "";
        StringBuilder out = new StringBuilder("\n### Stages of this run\n\n| stage | status | summary |\n|---|---|---|\n");
        // The lines each stage prints as its verdict (not its progress).
        Pattern summary = Pattern.compile("^(TLC: |trace: \\d|workload: design=\\w+ submitted=|workload: verdict|syslets: stress \\(|Tests run: \\d+, Failures|"
                + "\\[ERROR\\] Tests run|\\[ERROR\\] Failures|BUILD FAILURE|report: |.*FATAL)");
        try (Stream<Path> logs = Files.list(dir)) {
            List<String> order = List.of("tlc", "props", "trace", "stress", "workload", "report");
            for (Path log : logs.filter(p -> p.toString().endsWith(".log"))
                    .sorted(java.util.Comparator.comparingInt(p -> {
                        int i = order.indexOf(p.getFileName().toString().replace(".log", ""));
                        return i < 0 ? order.size() : i;
                    })).toList()) {
                String name = log.getFileName().toString().replace(".log", "");
                Path st = dir.resolve(name + ".status");
                String status = Files.exists(st) ? Files.readString(st).trim() : "running";
                List<String> lines = Files.readAllLines(log).stream().map(String::strip)
                        .filter(l -> summary.matcher(l).find()).filter(l -> l.length() < 300).toList();
                List<String> tail = lines.size() > 14 ? lines.subList(lines.size() - 14, lines.size()) : lines;
                out.append("| ").append(name).append(" | ").append("0".equals(status) ? "✓ exit 0" : "running".equals(status) ? "(this report)" : "✗ exit " + status).append(" | ")
                        .append(String.join("<br>", tail).replace("|", "\\|")).append(" |\n");
            }
        }
        return out.toString();
    }

    /** The fio-style workload summaries (impl/target/workload/DESIGN-SCENARIO.txt). */
    String workloads() throws IOException {
        Path dir = root.resolve("impl/target/workload");
        if (!Files.isDirectory(dir)) return "";
        StringBuilder out = new StringBuilder("\n## Real workload (fio-style, real pipes and files)\n\n"
                + "| design | scenario | submitted | cached | cachemiss | reaped | dropped | lost | duplicated | starved |\n|---|---|---|---|---|---|---|---|---|---|\n");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".txt")).sorted().toList()) {
                Map<String, String> kv = new LinkedHashMap<>();
                for (String tok : Files.readString(f).trim().split("\\s+")) {
                    int eq = tok.indexOf('=');
                    if (eq > 0) kv.put(tok.substring(0, eq), tok.substring(eq + 1));
                }
                out.append("| ").append(String.join(" | ", Stream.of("design", "scenario", "submitted", "cached", "cachemiss",
                        "reaped", "dropped", "lost", "duplicated", "starved").map(k -> kv.getOrDefault(k, "")).toList())).append(" |\n");
            }
        }
        return out.append("\nExpected: fixed loses and duplicates nothing; v5 drops completions when the ring is smaller than the "
                + "in-flight count (MM16) and its waiter starves after K wraps below U (MM1).\n").toString();
    }

    /** A counterexample as a table: one row per state, the changed variables in bold. */
    static String stateTable(JsonNode m) {
        StringBuilder t = new StringBuilder("| state | action | changed (new value) |\n|---|---|---|\n");
        for (JsonNode st : m.path("trace")) {
            List<String> cells = new ArrayList<>();
            JsonNode vars = st.path("vars");
            boolean first = st.path("state").asInt() == 1;
            vars.fields().forEachRemaining(e -> {
                boolean changed = first || contains(st.path("changed"), e.getKey());
                if (changed) cells.add("**" + e.getKey() + "** = `" + e.getValue().asText().replace("|", "\\|") + "`");
            });
            t.append("| ").append(st.path("state").asText()).append(" | ").append(st.path("action").asText(st.path("kind").asText()))
                    .append(" | ").append(String.join("<br>", cells)).append(" |\n");
        }
        return t.toString();
    }

    private static boolean contains(JsonNode arr, String s) {
        for (JsonNode n : arr) if (s.equals(n.asText())) return true;
        return false;
    }
}
