package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./syslets mutate spec|runtime|all}: mutation testing (docs/mutation.md). {@code spec} runs the
 * spec campaign ({@code org.syslets.model.mutate.SpecCampaign}, its options after {@code spec});
 * {@code runtime} runs PIT over the runtime core (impl/pom.xml); {@code all} both, as the main job's
 * stage {@code mutation}. Each writes target/results/mutation.json from what this call produced.
 */
@Command(name = "mutate", aliases = "mutation", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Mutation testing: generated spec mutants against the fixed models, PIT over the runtime core.",
                "spec [SpecCampaign options: --module M --sample K --seed S --models fixed|passing|all --budget-min B",
                "--full-matrix --list ...]; runtime [--pit-percent P --pit-seed S]; all (the main job's stage: seeded",
                "samples of spec mutants in a budget and of PIT's mutants). Kill matrix target/mutation/spec/, PIT report",
                "impl/target/pit-reports/; exit 1 on an unexplained survivor. Writes target/results/mutation.json."})
final class MutateCommand implements Callable<Integer> {
    enum Part { spec, runtime, all }

    /** The main job's PIT sample (percent of the mutants), sized to its budget: about 7 s a mutant (docs/mutation.md: Numbers). */
    static final double FULL_PERCENT = 1.5, QUICK_PERCENT = 10;

    static final List<String> SPEC_FULL = List.of("--sample", "48", "--budget-min", "5", "--weaken-mutants", "3");
    static final List<String> SPEC_QUICK = List.of("--module", "SysletTasks", "--sample", "4", "--budget-min", "0.5", "--weaken", "none");
    private static final Pattern PIT_LINES = Pattern.compile("^(>> |> [A-Z]|.*Ran [0-9]|.*BUILD|.*ERROR).*");

    @Parameters(index = "0", arity = "0..1", paramLabel = "PART", description = "spec, runtime or all (default ${DEFAULT-VALUE})")
    Part part = Part.all;

    @Option(names = "--quick", description = "all/runtime: the main job's --quick sizes (4 spec mutants; PIT over abi only, "
            + QUICK_PERCENT + " % of its mutants)")
    boolean quick;

    @Option(names = "--pit-percent", paramLabel = "P", description = "runtime/all: PIT runs a seeded uniform sample of P %% of the mutants "
            + "(PIT feature SAMPLE, module pitsample; default: all for runtime, " + FULL_PERCENT + " for all, " + QUICK_PERCENT + " with --quick)")
    Double pitPercent;

    @Option(names = "--pit-seed", paramLabel = "S", description = "runtime/all: the sample's seed (default ${DEFAULT-VALUE})")
    long pitSeed = 1;

    @CommandLine.Unmatched
    List<String> specArgs = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (part != Part.spec && !specArgs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "options " + specArgs + " belong to `mutate spec`");
        }
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        long since = System.currentTimeMillis() / 1000;
        int st = 0;
        List<String> parts = new ArrayList<>();
        if (part != Part.runtime) {
            List<String> args = part == Part.spec ? specArgs : quick ? SPEC_QUICK : SPEC_FULL;
            Path tmp = Files.createTempDirectory("syslets-mutate-");   // SANY/TLC unpack the standard modules here
            try {
                int rc = Repo.run(Repo.java("org.syslets.model.mutate.SpecCampaign", List.of("-Djava.io.tmpdir=" + tmp), args),
                        Map.of(), root.resolve("target/mutation/spec.log"), l -> true, out);
                if (rc != 0) st = 1;
                if (specArgs.contains("--list")) return rc;   // a listing, no campaign: nothing to record
            } finally {
                try (var w = Files.walk(tmp)) {
                    for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
            parts.addAll(List.of("--spec", "target/mutation/spec/matrix.json"));
        }
        if (part != Part.spec) {
            double percent = pitPercent != null ? pitPercent : quick ? QUICK_PERCENT : part == Part.all ? FULL_PERCENT : 100;
            String scope = quick ? "org.syslets.abi" : "org.syslets.design, .linux, .abi and .kernel";
            String sample = percent >= 100 ? null : String.format(java.util.Locale.ROOT,
                    "seeded sample: each mutant kept with probability %s %% by SHA-256(seed %d, PIT's mutant id)", fmt(percent), pitSeed);
            out.println("mutate runtime: PIT over " + scope + " (impl/pom.xml), " + (sample == null ? "every mutant" : sample) + " ...");
            Path log = root.resolve("target/mutation/runtime/pit.log");
            int b = Repo.run(Repo.mvn(List.of("-q", "-pl", "impl,pitsample", "-am", "install", "-DskipTests")), Map.of(),
                    root.resolve("target/mutation/runtime/build.log"), l -> false, out);
            if (b != 0) out.println("mutate runtime: building impl failed, log target/mutation/runtime/build.log");
            List<String> pit = new ArrayList<>(List.of("-pl", "impl", "test-compile", "org.pitest:pitest-maven:mutationCoverage"));
            // The whole core takes longer than the main job gives the stage (docs/mutation.md: Cost), so the main job
            // runs a seeded uniform sample (pitsample's SAMPLE feature); `mutate runtime` alone runs every mutant.
            if (sample != null) pit.add("-Dfeatures=+SAMPLE(percent[" + fmt(percent) + "] seed[" + pitSeed + "])");
            if (quick) pit.add("-Ppit-abi");
            String load0 = load();
            long t0 = System.nanoTime();
            java.time.Instant started0 = java.time.Instant.now();
            int rc = Repo.run(Repo.mvn(pit), Map.of(), log, l -> PIT_LINES.matcher(l).matches(), out);
            double minutes = (System.nanoTime() - t0) / 60e9;
            int leftover = endLeftoverMinions(root.resolve("impl"), started0);
            if (leftover > 0) out.println("mutate runtime: ended " + leftover + " PIT child JVMs that outlived PIT (docs/mutation.md)");
            if (rc != 0) {
                out.println("mutate runtime: PIT failed (exit " + rc + "), log " + Repo.rel(log));
                st = 1;
            }
            parts.addAll(List.of("--pit", "impl/target/pit-reports/mutations.xml", "--pit-scope", scope,
                    "--pit-minutes", String.format(java.util.Locale.ROOT, "%.2f", minutes), "--pit-load", load0 + " / " + load(),
                    "--pit-leftover", String.valueOf(leftover)));
            if (sample != null) parts.addAll(List.of("--pit-sample", sample));
        }
        List<String> stage = new ArrayList<>(List.of("--since", String.valueOf(since), "--mode", part + (quick ? "-quick" : "")));
        stage.addAll(parts);
        int rc = Repo.run(Repo.java("org.syslets.model.mutate.MutationStage", List.of(), stage), Map.of(), null, l -> true, out);
        return st != 0 || rc != 0 ? 1 : 0;
    }

    /**
     * PIT's child JVMs that this PIT run started and that are still alive after it: a mutant that makes a
     * runtime thread non-daemon keeps a child JVM from exiting once PIT has given up on it. Only processes
     * started since {@code since} with PIT's argument file on their command line and impl/ as their working
     * directory, which are this run's children, are ended.
     */
    static int endLeftoverMinions(Path implDir, java.time.Instant since) {
        int n = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            var info = p.info();
            boolean pit = info.commandLine().map(c -> c.contains("pitest-args-")).orElse(false);
            boolean ours = info.startInstant().map(t -> !t.isBefore(since)).orElse(false);
            if (!pit || !ours || p.pid() == ProcessHandle.current().pid()) continue;
            try {
                if (!Files.readSymbolicLink(Path.of("/proc/" + p.pid() + "/cwd")).equals(implDir)) continue;
            } catch (java.io.IOException | UnsupportedOperationException e) {
                continue;
            }
            if (p.destroyForcibly()) n++;
        }
        return n;
    }

    static String fmt(double percent) {
        return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
    }

    /** The 1-minute load average, for the record: PIT's times are meaningless without it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("all", "--quick") : List.of("all");
    }
}
