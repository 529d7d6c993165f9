package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.syslets.model.Manifest;
import org.syslets.model.ManifestEntry;
import org.syslets.model.ModelOutcome;
import org.syslets.model.ModelRunner;
import org.syslets.model.TlcStage;
import org.syslets.results.Results;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./syslets tlc}: TLC on the models of model/manifest.json, each judged against its expected verdict. */
@Command(name = "tlc", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"TLC on models of model/manifest.json, each judged against its expected verdict.",
                "One line per model; expected counterexamples go to model/target/tlc/<model>.trace.txt (and the report),",
                "unexpected ones are printed in full. Writes target/results/tlc.json."},
        footer = {"", "Examples:",
                "  ./syslets tlc --quick",
                "  ./syslets tlc MCRingWrapV5 --show-traces",
                "  ./syslets tlc MCRingFixedN1 -- -coverage 1 -dump dot,actionlabels,colorize /tmp/ring.dot",
                "  ./syslets tlc --simulate --num 3000 --depth 40 MCRingWrapV5",
                "Everything after -- goes to TLC as given (one model only); docs/model-runner.md lists the options."})
final class TlcCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MODEL", arity = "0..*", description = "models by name (see --list); after --, TLC options")
    List<String> positional = new ArrayList<>();

    @Option(names = "--model", paramLabel = "MODEL", description = "a model by name (repeatable; same as the positional form)")
    List<String> models = new ArrayList<>();

    @Option(names = "--quick", description = "the models marked quick (the test command runs these too)")
    boolean quick;

    @Option(names = "--thorough", description = "the models not marked quick")
    boolean thorough;

    @Option(names = "--all", description = "every model")
    boolean all;

    @Option(names = "--list", description = "list the manifest and exit")
    boolean list;

    @Option(names = "--show-traces", description = "print the counterexamples of models that failed as expected too")
    boolean showTraces;

    @Option(names = "--simulate", description = "random simulation (TLC -simulate) instead of exhaustive search")
    boolean simulate;

    @Option(names = "--num", paramLabel = "N", description = "with --simulate: behaviours to generate (default ${DEFAULT-VALUE})")
    int num = 1000;

    @Option(names = "--depth", paramLabel = "D", description = "with --simulate: length of each behaviour (default ${DEFAULT-VALUE})")
    int depth = 100;

    @Option(names = "--seed", paramLabel = "S", description = "with --simulate: the random seed (default: TLC picks one and prints it)")
    Long seed;

    @Option(names = "--timeout-min", paramLabel = "MIN", description = "per-model timeout in minutes (default ${DEFAULT-VALUE})")
    int timeout = 60;

    @Option(names = "--jobs", paramLabel = "J", description = "models at a time, each passing model with cores/J TLC workers (default: one per core; --record: 1)")
    Integer jobs;

    @Option(names = "--no-color", description = "plain output even on a terminal")
    boolean noColor;

    @Option(names = "--record", description = "write the measured runtime, totalStates and stateDepth into the manifest")
    boolean record;

    @Option(names = "--record-last", description = "the same from the last run's summary (model/target/tlc/summary.json), without running TLC")
    boolean recordLast;

    @Option(names = "--manifest", paramLabel = "FILE", description = "manifest (default: model/manifest.json)")
    Path manifestFile;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Names.positive(cmd, "--timeout-min", timeout);
        Names.positive(cmd, "--num", num);
        Names.positive(cmd, "--depth", depth);
        Path root = Repo.root();
        Manifest manifest = Manifest.load(manifestFile != null ? manifestFile : root.resolve("model/manifest.json"));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (list) {
            ModelRunner.list(manifest, out);
            return 0;
        }
        if (recordLast) {
            Path summary = ModelRunner.defaultOutDir(manifest).resolve("summary.json");
            if (!java.nio.file.Files.exists(summary)) throw new CommandLine.ParameterException(cmd, "no " + Repo.rel(summary) + ": run models first");
            int n = TlcStage.recordFromSummary(manifest.file(), summary);
            out.printf("TLC: recorded mode, runtime, totalStates, stateDepth of %d models from %s in %s%n", n, Repo.rel(summary),
                    Repo.rel(manifest.file()));
            return 0;
        }
        List<String> passThrough = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>(models);
        List<String> known = manifest.models().stream().map(ManifestEntry::name).toList();
        for (String p : positional) {
            if (p.startsWith("-")) passThrough.add(p);
            else if (passThrough.isEmpty()) names.add(p);
            else passThrough.add(p);
        }
        for (String n : names) Names.require(cmd, "model", n, known);
        List<String> tlcOptions = TlcOptions.validate(cmd, passThrough);
        if (!tlcOptions.isEmpty() && (names.size() != 1 || quick || thorough || all)) {
            throw new CommandLine.ParameterException(cmd, "TLC options after -- are for one model: name exactly one");
        }
        if (simulate) {
            if (!tlcOptions.isEmpty()) throw new CommandLine.ParameterException(cmd, "--simulate and TLC options after -- do not mix");
            tlcOptions = new ArrayList<>(List.of("-simulate", "num=" + num, "-depth", String.valueOf(depth)));
            if (seed != null) tlcOptions.addAll(List.of("-seed", String.valueOf(seed)));
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--num") || spec.commandLine().getParseResult().hasMatchedOption("--depth")
                || seed != null) {
            throw new CommandLine.ParameterException(cmd, "--num, --depth and --seed belong to --simulate");
        }
        if (!all && !quick && !thorough && names.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "select models: --quick, --thorough, --all or model names (--list shows them)");
        }
        if (record && (simulate || !tlcOptions.isEmpty())) {
            throw new CommandLine.ParameterException(cmd, "--record records exhaustive runs only");
        }
        if (jobs != null) Names.positive(cmd, "--jobs", jobs);
        if (record && jobs != null && jobs > 1) {
            throw new CommandLine.ParameterException(cmd, "--record measures each model's runtime alone: use --jobs 1 (the default with --record)");
        }
        int modelJobs = jobs != null ? jobs : record ? 1 : Runtime.getRuntime().availableProcessors();
        List<ManifestEntry> selected = new ArrayList<>();
        for (ManifestEntry e : manifest.models()) {
            if (all || (quick && e.isQuick()) || (thorough && !e.isQuick()) || names.contains(e.name())) selected.add(e);
        }
        if (selected.isEmpty()) throw new CommandLine.ParameterException(cmd, "the selection matches no model");
        String selection = all ? "all" : quick && !thorough ? "quick" : thorough && !quick ? "thorough" : quick ? "all" : "models";

        boolean tty = System.console() != null;
        boolean color = tty && !noColor && System.getenv("NO_COLOR") == null;
        ModelRunner.Options options = new ModelRunner.Options(timeout, color, tty, showTraces, tlcOptions, true, modelJobs);
        ModelRunner runner = new ModelRunner(manifest, ModelRunner.defaultOutDir(manifest), out, options);
        Instant started = Instant.now();
        List<ModelOutcome> outcomes = runner.runAll(selected);
        var result = TlcStage.result(root, started, selection, outcomes, TlcStage.notRun(manifest, selected, selection), options, false);
        Results.write(root, result);
        List<String> failed = outcomes.stream().filter(o -> !o.ok()).map(o -> o.entry().name()).toList();
        long cex = outcomes.stream().filter(o -> o.ok() && !o.result().trace().isEmpty()).count();
        out.printf("TLC: %d/%d models as expected%s%s; results in %s, %s%n", outcomes.size() - failed.size(), outcomes.size(),
                failed.isEmpty() ? "" : " (NOT: " + String.join(", ", failed) + ")",
                tlcOptions.isEmpty() ? "" : " (with TLC options " + String.join(" ", tlcOptions) + ": state counts not judged)",
                Repo.rel(runner.outDir()), Repo.rel(Results.dir(root).resolve("tlc.json")));
        if (cex > 0 && !showTraces) {
            out.printf("     %d expected counterexamples: %s/<model>.trace.txt (or --show-traces)%n", cex, Repo.rel(runner.outDir()));
        }
        if (record) {
            int n = TlcStage.record(manifest.file(), outcomes);
            out.printf("TLC: recorded mode, runtime, totalStates, stateDepth of %d models in %s%n", n, Repo.rel(manifest.file()));
        }
        return failed.isEmpty() ? 0 : 1;
    }

    /** For the main job: what a given mode runs. */
    static List<String> args(boolean quick) {
        return quick ? List.of("--quick", "--no-color") : List.of("--all", "--no-color");
    }
}
