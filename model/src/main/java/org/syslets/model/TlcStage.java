package org.syslets.model;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.syslets.results.Check;
import org.syslets.results.StageResult;

/**
 * The tlc stage's result ({@code target/results/tlc.json}): one {@link Check} per model run, what
 * was not run and why, and the mode; and {@code --record}, which writes the measured
 * tlaplus/Examples fields (runtime, totalStates, stateDepth) back into the manifest.
 */
public final class TlcStage {
    private TlcStage() {
    }

    /** The grid's design of a manifest variant: v5 and fixed are designs; milton, free, mutation are neither. */
    static String design(ManifestEntry e) {
        return "v5".equals(e.variant()) || "fixed".equals(e.variant()) ? e.variant() : null;
    }

    public static Check check(ModelOutcome o, Path root) {
        ManifestEntry e = o.entry();
        TlcResult r = o.result();
        String expected;
        try {
            expected = e.expectation().isFailureExpected() ? Check.VIOLATED : Check.HOLDS;
        } catch (IllegalArgumentException bad) {
            expected = Check.VIOLATED;
        }
        String seen = switch (r.verdict().kind()) {
            case SUCCESS -> Check.HOLDS;
            case ERROR -> Check.ERROR;
            default -> Check.VIOLATED;
        };
        // A wrong invariant or a drifted state count is not the expected verdict even when the
        // holds/violated word agrees: it says "error" with the mismatch as its detail.
        String actual = o.ok() ? expected : seen.equals(expected) ? Check.ERROR : seen;
        String detail = o.ok() ? r.verdict() + (r.distinct() == null ? "" : String.format(Locale.ROOT, ", %,d states", r.distinct()))
                + (r.trace().isEmpty() ? "" : ", counterexample of " + r.trace().size() + " states") : o.mismatchText();
        String evidence = r.rawOutput() == null ? null : root.relativize(r.rawOutput().toAbsolutePath()).toString();
        return new Check("tlc", e.finding(), design(e), e.name(), expected, actual, evidence, detail);
    }

    /**
     * @param selection how the models were chosen ("quick", "all", "thorough", "models")
     * @param notRun    models of the manifest not in this run, each with its reason
     */
    public static StageResult result(Path root, Instant started, String selection, List<ModelOutcome> outcomes,
                                     List<String> notRun, ModelRunner.Options options, boolean interrupted) {
        List<Check> checks = outcomes.stream().map(o -> check(o, root)).toList();
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("selection", selection);
        mode.put("models", outcomes.size());
        mode.put("search", options.tlcOptions().contains("-simulate") ? "simulate" : "exhaustive search");
        mode.put("tlcOptions", options.tlcOptions());
        mode.put("timeoutMinutes", options.timeoutMinutes());
        mode.put("jobs", options.jobs());
        mode.put("workers", options.jobs() == 1 ? "1 for models expected to fail, one per core for passing ones"
                : "1 for models expected to fail, cores/" + options.jobs() + " for passing ones");
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("distinctStates", outcomes.stream().mapToLong(o -> o.result().distinct() == null ? 0 : o.result().distinct()).sum());
        metrics.put("seconds", Math.round(outcomes.stream().mapToDouble(o -> o.result().seconds()).sum()));
        metrics.put("asExpected", outcomes.stream().filter(ModelOutcome::ok).count());
        return StageResult.of("tlc", started, mode, notRun, checks, metrics, interrupted);
    }

    /** {@code HH:MM:SS}, the manifest's runtime format. */
    static String runtime(double seconds) {
        long s = Math.round(Math.ceil(seconds));
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    /**
     * Writes mode, runtime, totalStates and stateDepth of each model that ran as expected into the
     * manifest (and distinctStates for a passing one), keeping every other field and the order.
     */
    public static int record(Path manifestFile, List<ModelOutcome> outcomes) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(manifestFile.toFile());
        int n = 0;
        for (var m : root.withArray("models")) {
            ObjectNode model = (ObjectNode) m;
            for (ModelOutcome o : outcomes) {
                if (!o.ok() || !o.entry().name().equals(model.path("name").asText())) continue;
                TlcResult r = o.result();
                model.put("mode", "exhaustive search");
                model.put("runtime", runtime(r.seconds()));
                if (r.generated() != null) model.put("totalStates", r.generated());
                if (r.depth() != null) model.put("stateDepth", r.depth());
                n++;
            }
        }
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)).withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        Files.writeString(manifestFile, json.writer(pp).writeValueAsString(root) + "\n");
        return n;
    }

    /**
     * {@link #record} from the runner's last {@code summary.json} (the models of its latest run that
     * matched), so that a main job's own run can be recorded without running TLC again.
     */
    public static int recordFromSummary(Path manifestFile, Path summaryJson) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(manifestFile.toFile());
        var summary = json.readTree(summaryJson.toFile());
        int n = 0;
        for (var m : root.withArray("models")) {
            ObjectNode model = (ObjectNode) m;
            for (var o : summary.path("models")) {
                if (!o.path("ok").asBoolean() || !o.path("name").asText().equals(model.path("name").asText())) continue;
                model.put("mode", "exhaustive search");
                model.put("runtime", runtime(o.path("seconds").asDouble()));
                if (o.hasNonNull("generated")) model.put("totalStates", o.path("generated").asLong());
                if (o.hasNonNull("depth")) model.put("stateDepth", o.path("depth").asInt());
                n++;
            }
        }
        writeManifest(manifestFile, json, root);
        return n;
    }

    private static void writeManifest(Path manifestFile, ObjectMapper json, ObjectNode root) throws IOException {
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)).withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE);
        Files.writeString(manifestFile, json.writer(pp).writeValueAsString(root) + "\n");
    }

    /** Models of the manifest outside the selection, with the reason. */
    public static List<String> notRun(Manifest m, List<ManifestEntry> selected, String selection) {
        List<String> out = new ArrayList<>();
        for (ManifestEntry e : m.models()) {
            if (selected.contains(e)) continue;
            String why = selection.equals("quick") && !e.isQuick() ? "thorough model, not in a --quick run"
                    : selection.equals("thorough") && e.isQuick() ? "quick model, not in a --thorough run" : "not selected";
            out.add(e.name() + ": " + why);
        }
        return out;
    }
}
