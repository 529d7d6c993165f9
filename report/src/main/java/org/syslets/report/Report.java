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
                Html.fromMarkdown(markdown(tlc, false)), svg));
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
        if (tlc == null) {
            md.append("TLC did not run: `model/target/tlc/summary.json` is missing. Run `./syslets main`.\n");
            return md.toString();
        }
        md.append("TLC run of ").append(tlc.path("generatedAt").asText("?")).append(": ")
                .append(tlc.path("allOk").asBoolean() ? "**every verdict as expected**" : "**some verdicts differ from the manifest**")
                .append(" (").append(tlc.path("models").size()).append(" models).\n\n");
        if (linkSvg) md.append("![MM1 wraparound timeline](wraparound.svg)\n\n");
        Map<String, List<JsonNode>> byFinding = new LinkedHashMap<>();
        for (JsonNode m : tlc.path("models")) byFinding.computeIfAbsent(m.path("finding").asText("-"), k -> new ArrayList<>()).add(m);
        md.append("## Verdicts by finding\n\n| finding | model | design | expected | actual | ok | distinct | depth | s |\n|---|---|---|---|---|---|---|---|---|\n");
        byFinding.forEach((f, ms) -> ms.forEach(m -> md.append(String.format("| %s | `%s` | %s | %s | %s | %s | %s | %s | %.1f |%n",
                f, m.path("name").asText(), m.path("variant").asText(), m.path("expect").asText(), m.path("actual").asText(),
                m.path("ok").asBoolean() ? "✓" : "✗ " + m.path("mismatch").asText(""), m.path("distinct").asText(""),
                m.path("depth").asText(""), m.path("seconds").asDouble()))));
        md.append(findings());
        md.append(stages());
        md.append(workloads());
        md.append("\n## Counterexamples of the design as posted\n\n");
        for (JsonNode m : tlc.path("models")) {
            if (!"v5".equals(m.path("variant").asText()) || !m.path("trace").isArray() || m.path("trace").isEmpty()) continue;
            md.append("### ").append(m.path("name").asText()).append(" (").append(m.path("finding").asText()).append(")\n\n")
                    .append(m.path("description").asText()).append("\n\n").append(m.path("violation").asText()).append("\n\n")
                    .append(stateTable(m)).append('\n');
        }
        return md.toString();
    }

    /** The checkable findings with their Java verdicts on v5 and fixed, from docs/findings.md. */
    String findings() throws IOException {
        Path f = root.resolve("docs/findings.md");
        if (!Files.exists(f)) return "\n## Findings\n\n`docs/findings.md` is missing.\n";
        StringBuilder out = new StringBuilder("\n## Findings: reviewer, invariant, evidence on v5 and fixed\n\n"
                + "From `docs/findings.md` (generated and verified by `FindingsTableTest` in the test run; the property "
                + "and model-based suites of this run are in the stage table below).\n\n");
        boolean inTable = false;
        for (String line : Files.readAllLines(f)) {
            if (line.startsWith("## Checkable findings (observed")) { inTable = true; continue; }
            if (inTable && line.startsWith("## ")) break;
            if (inTable && line.startsWith("|")) out.append(line).append('\n');
        }
        return out.toString();
    }

    /** One row per stage of the main job: status and the stage's own summary lines. */
    String stages() throws IOException {
        Path dir = root.resolve("target/main");
        if (!Files.isDirectory(dir)) return "";
        StringBuilder out = new StringBuilder("\n## Stages of this run\n\n| stage | status | summary |\n|---|---|---|\n");
        Pattern summary = Pattern.compile("^(trace: |workload: |syslets: |jcstress|Tests run: |\\[?\\w*\\]? ?Tests run|OK|FAILED|.*(accepted|rejected|FORBIDDEN|passed|failed).*)");
        try (Stream<Path> logs = Files.list(dir)) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).sorted().toList()) {
                String name = log.getFileName().toString().replace(".log", "");
                Path st = dir.resolve(name + ".status");
                String status = Files.exists(st) ? Files.readString(st).trim() : "?";
                List<String> lines = Files.readAllLines(log).stream().map(String::strip)
                        .filter(l -> summary.matcher(l).find()).filter(l -> l.length() < 300).toList();
                List<String> tail = lines.size() > 12 ? lines.subList(lines.size() - 12, lines.size()) : lines;
                out.append("| ").append(name).append(" | ").append("0".equals(status) ? "✓ exit 0" : "✗ exit " + status).append(" | ")
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
