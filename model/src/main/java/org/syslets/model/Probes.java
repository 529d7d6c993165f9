package org.syslets.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reachability probes: a passing model must reach what it claims to check. A probe is an invariant
 * of the model's MC module ({@code ProbeX == ~(what must be reached)}) that the run is expected to
 * VIOLATE. All probes of a model are checked in the model's own run: the runner checks a copy of
 * the model's cfg with {@code INVARIANT ProbeReport} added. {@code ProbeReport} (defined next to
 * the probes) is always TRUE, so it changes neither the verdict nor the state graph; it prints
 * {@code <<"probe-violated", "ProbeX">>} the first time (per TLC worker) a state violates ProbeX.
 * Plain TLC with {@code INVARIANT ProbeX} in place of the model's invariants reports the same
 * violation.
 */
public final class Probes {

    /** The reporting invariant every MC module with probes defines. */
    public static final String REPORT = "ProbeReport";

    private static final Pattern LINE = Pattern.compile("^<<\"probe-violated\", \"([A-Za-z_][A-Za-z0-9_]*)\">>$");

    private Probes() { }

    /** True when the run must report probes: a model expected to pass that lists some. */
    public static boolean apply(ManifestEntry e) {
        try {
            return !e.probes().isEmpty() && e.expectation().kind() == Expectation.Kind.SUCCESS;
        } catch (IllegalArgumentException malformed) {
            return false;
        }
    }

    /** Writes {@code <outDir>/<name>.probes.cfg}: the model's cfg plus {@code INVARIANT ProbeReport}. */
    public static Path derivedConfig(Path cfg, Path outDir, String name) throws IOException {
        Files.createDirectories(outDir);
        Path out = outDir.resolve(name + ".probes.cfg");
        String text = Files.readString(cfg, StandardCharsets.UTF_8);
        Files.writeString(out, text + (text.endsWith("\n") ? "" : "\n")
                + "\\* Added by the model runner: report the probes the run violates (model/manifest.json \"probes\").\n"
                + "INVARIANT " + REPORT + "\n", StandardCharsets.UTF_8);
        return out;
    }

    /** The probes a run reported violated, from its raw output. */
    public static Set<String> violated(Path rawOutput) throws IOException {
        Set<String> out = new TreeSet<>();
        if (rawOutput == null || !Files.isRegularFile(rawOutput)) return out;
        try (Stream<String> lines = Files.lines(rawOutput, StandardCharsets.UTF_8)) {
            lines.forEach(l -> {
                Matcher m = LINE.matcher(l.strip());
                if (m.matches()) out.add(m.group(1));
            });
        }
        return out;
    }

    /** One mismatch per listed probe the run never violated (judged only when TLC said success). */
    public static List<String> mismatches(ManifestEntry e, TlcResult r) {
        List<String> out = new ArrayList<>();
        if (!apply(e) || r.verdict().kind() != Expectation.Kind.SUCCESS) return out;
        Set<String> seen;
        try {
            seen = violated(r.rawOutput());
        } catch (IOException x) {
            out.add("probes: cannot read TLC's output: " + x.getMessage());
            return out;
        }
        for (String p : e.probes()) {
            if (!seen.contains(p)) out.add("probe " + p + " never violated: the model does not reach what it checks");
        }
        return out;
    }
}
