package org.syslets.model;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Runs the TLC models of the manifest and checks each against its expected verdict.
 * CLI: see {@link #USAGE} and docs/model-runner.md. Exit status 0 only if every selected model
 * matched; 1 if any did not; 2 for usage or manifest problems (including selecting no model:
 * a check that ran nothing must not pass).
 */
public final class ModelRunner {

    static final String USAGE = """
            usage: ModelRunner (--all | --quick | --thorough | --model NAME ...) [options]
                   ModelRunner --list
              --all             every model in the manifest
              --quick           models with "quick": true
              --thorough        models with "quick": false
              --model NAME      this model (repeatable; combines with the selectors above)
              --list            list the manifest and exit
              --manifest PATH   manifest file (default: model/manifest.json found from the cwd)
              --timeout-min N   per-model timeout in minutes (default 60)
              --no-color        plain output even on a terminal
            results: model/target/tlc/<name>.out, summary.json, summary.md""";

    private final Manifest manifest;
    private final Path outDir;
    private final PrintStream out;
    private final boolean color;

    public ModelRunner(Manifest manifest, Path outDir, PrintStream out, boolean color) {
        this.manifest = manifest;
        this.outDir = outDir;
        this.out = out;
        this.color = color;
    }

    /** Results land in {@code <modelDir>/target/tlc}. */
    public static Path defaultOutDir(Manifest manifest) {
        return manifest.modelDir().resolve("target").resolve("tlc");
    }

    /** Runs one model through TLC and compares with its manifest entry; prints the result. */
    public ModelOutcome run(ManifestEntry entry, int timeoutMinutes) throws IOException, InterruptedException {
        boolean expectFailure;
        try {
            expectFailure = entry.expectation().isFailureExpected();
        } catch (IllegalArgumentException e) {
            expectFailure = true;
        }
        Path spec = manifest.specPath(entry), config = manifest.configPath(entry);
        Path raw = outDir.resolve(entry.name() + ".out");
        out.printf("running %s (%s, expect %s, %s) ...%n", entry.name(), entry.variant(), entry.expect(),
                expectFailure ? "1 worker" : "all workers");
        out.flush();
        TlcResult result;
        TlcConfig cfg = null;
        if (!Files.isRegularFile(spec) || !Files.isRegularFile(config)) {
            String missing = !Files.isRegularFile(spec) ? "spec " + spec : "config " + config;
            result = new TlcResult(Expectation.error("missing " + missing), -1, null, null, null, 0,
                    0, List.of(), null, null);
        } else {
            cfg = TlcConfig.parse(config);
            try {
                result = new TlcProcess(manifest.modelDir(), manifest.libraryDir(), out)
                        .run(entry.name(), entry.spec(), entry.config(), cfg, expectFailure, timeoutMinutes, raw);
            } catch (IOException e) {
                result = new TlcResult(Expectation.error("cannot run TLC: " + e.getMessage()), -1, null, null,
                        null, 0, 0, List.of(), null, null);
            }
        }
        ModelOutcome outcome = ModelOutcome.compare(entry, cfg, result);
        print(outcome);
        return outcome;
    }

    /** Runs the models in order, rewriting the summary after each one. */
    public List<ModelOutcome> runAll(List<ManifestEntry> selected, int timeoutMinutes)
            throws IOException, InterruptedException {
        List<ModelOutcome> outcomes = new ArrayList<>();
        for (ManifestEntry e : selected) {
            outcomes.add(run(e, timeoutMinutes));
            SummaryWriter.write(outDir, manifest, outcomes, selected.size());
        }
        return outcomes;
    }

    private void print(ModelOutcome o) {
        TlcResult r = o.result();
        String mark = o.ok() ? (color ? "\u001b[32m✓\u001b[0m" : "✓") : (color ? "\u001b[31m✗\u001b[0m" : "✗");
        out.printf(Locale.ROOT, "%s %-28s expected %s, actual %s   distinct %s  depth %s  %.1f s%n",
                mark, o.entry().name(), o.entry().expect(), r.verdict(),
                r.distinct() == null ? "-" : String.format(Locale.ROOT, "%,d", r.distinct()),
                r.depth() == null ? "-" : r.depth(), r.seconds());
        if (!o.ok()) out.println("    MISMATCH: " + o.mismatchText());
        if (r.verdict().kind() == Expectation.Kind.ERROR && r.rawOutput() != null) {
            out.println("    TLC output: " + r.rawOutput());
        }
        if (!r.trace().isEmpty()) {
            out.println("    counterexample (" + r.violation() + "), " + r.trace().size()
                    + " steps; * = changed since previous state:");
            out.print(CounterexampleTable.render(r.trace(), color));
        }
        out.flush();
    }

    public static void main(String[] args) {
        int status;
        try {
            status = cli(args, System.out);
        } catch (Exception e) {
            System.err.println("model runner: " + e);
            status = 2;
        }
        System.exit(status);
    }

    static int cli(String[] args, PrintStream out) throws IOException, InterruptedException {
        boolean all = false, quick = false, thorough = false, list = false;
        boolean color = System.console() != null && System.getenv("NO_COLOR") == null;
        Set<String> names = new LinkedHashSet<>();
        Path manifestPath = null;
        int timeout = 60;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--all" -> all = true;
                case "--quick" -> quick = true;
                case "--thorough" -> thorough = true;
                case "--list" -> list = true;
                case "--no-color" -> color = false;
                case "--model", "--manifest", "--timeout-min" -> {
                    if (i + 1 >= args.length) return usage(out, a + " needs a value");
                    String v = args[++i];
                    if (a.equals("--model")) names.add(v);
                    else if (a.equals("--manifest")) manifestPath = Path.of(v);
                    else {
                        try {
                            timeout = Integer.parseInt(v);
                        } catch (NumberFormatException e) {
                            return usage(out, "--timeout-min wants a whole number of minutes, not " + v);
                        }
                        if (timeout < 1) return usage(out, "--timeout-min must be at least 1");
                    }
                }
                case "-h", "--help" -> { out.println(USAGE); return 0; }
                default -> { return usage(out, "unknown argument " + a); }
            }
        }
        if (manifestPath == null) {
            // The ./syslets script says where the repo is, so it works from any cwd.
            String root = System.getProperty("syslets.root");
            Path start = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
            manifestPath = Manifest.locate(start).orElse(null);
            if (manifestPath == null) return usage(out, "no model/manifest.json found from " + Path.of("").toAbsolutePath());
        }
        Manifest manifest = Manifest.load(manifestPath);
        if (list) {
            list(manifest, out);
            return 0;
        }
        if (!all && !quick && !thorough && names.isEmpty()) return usage(out, "select models");
        for (String n : names) {
            if (manifest.find(n).isEmpty()) return usage(out, "no model named " + n + " in " + manifest.file());
        }
        List<ManifestEntry> selected = new ArrayList<>();
        for (ManifestEntry e : manifest.models()) {
            if (all || (quick && e.isQuick()) || (thorough && !e.isQuick()) || names.contains(e.name())) {
                selected.add(e);
            }
        }
        if (selected.isEmpty()) {
            out.println("model runner: the selection matches no model in " + manifest.file());
            return 2;
        }
        ModelRunner runner = new ModelRunner(manifest, defaultOutDir(manifest), out, color);
        List<ModelOutcome> outcomes = runner.runAll(selected, timeout);
        List<String> failed = outcomes.stream().filter(o -> !o.ok()).map(o -> o.entry().name()).toList();
        out.printf("TLC: %d/%d models matched their manifest entry%s; results in %s%n",
                outcomes.size() - failed.size(), outcomes.size(),
                failed.isEmpty() ? "" : " (failed: " + String.join(", ", failed) + ")",
                runner.outDir.resolve("summary.md"));
        return failed.isEmpty() ? 0 : 1;
    }

    private static void list(Manifest m, PrintStream out) {
        out.printf("%-28s %-9s %-8s %-34s %-6s %12s  %s%n", "NAME", "VARIANT", "FINDING", "EXPECT", "QUICK",
                "DISTINCT", "DESCRIPTION");
        for (ManifestEntry e : m.models()) {
            out.printf(Locale.ROOT, "%-28s %-9s %-8s %-34s %-6s %12s  %s%n", e.name(), e.variant(), e.finding(),
                    e.expect(), e.isQuick() ? "quick" : "-",
                    e.distinctStates() == null ? "" : String.format(Locale.ROOT, "%,d", e.distinctStates()),
                    e.description() == null ? "" : e.description());
        }
        out.println(m.models().size() + " models in " + m.file());
    }

    private static int usage(PrintStream out, String problem) {
        out.println("model runner: " + problem);
        out.println(USAGE);
        return 2;
    }
}
