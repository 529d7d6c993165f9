package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.syslets.fuzz.FuzzTargets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./syslets fuzz}: Jazzer over the raw ABI (fuzz/, docs/runtime.md "The fuzzer"). Compiles the
 * fuzz module's targets, then runs {@code org.syslets.fuzz.FuzzCampaign} on their test class path:
 * every target for a fixed number of executions, each in its own child JVM, within a time budget.
 * The campaign prints executions, exec/s, coverage and corpus per target and writes
 * {@code target/results/fuzz.json} itself; exit 1 on any finding (a crash, a hang, a Java error).
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Jazzer on the raw ABI: chains and rings, v5 and fixed, each target in its own child JVM.",
                "Prints executions, exec/s, coverage and corpus per target; findings are saved under",
                "fuzz/src/test/resources/org/syslets/fuzz/AbiFuzzerInputs/<target>/ (the test command replays them).",
                "Writes target/results/fuzz.json; exit 1 on a crash, a hang or a Java error."})
final class FuzzCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--executions", paramLabel = "N", description = "executions per target (default ${DEFAULT-VALUE}: 10^6 per design)")
    long executions = 500_000;

    @Option(names = "--budget-s", paramLabel = "S", description = "seconds for the whole stage; each target's time cap is its share (default ${DEFAULT-VALUE})")
    long budgetS = 300;

    @Option(names = "--jobs", paramLabel = "J", description = "child JVMs at a time (default ${DEFAULT-VALUE})")
    int jobs = 2;

    @Option(names = "--target", paramLabel = "T", description = "only this target (repeatable): chainsV5, chainsFixed, ringsV5, ringsFixed")
    List<String> targets = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Names.positive(cmd, "--executions", executions);
        Names.positive(cmd, "--budget-s", budgetS);
        Names.positive(cmd, "--jobs", jobs);
        List<String> names = FuzzTargets.ALL.stream().map(FuzzTargets.Target::method).toList();
        for (String t : targets) Names.require(cmd, "--target", t, names);
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path fuzz = root.resolve("fuzz");
        Path cpFile = fuzz.resolve("target/test-classpath.txt");
        // The targets are test code (they need jazzer-junit): compile them against the impl the launcher installed.
        out.println("fuzz: compiling the fuzz targets (mvn -pl fuzz test-compile) ...");
        int rc = Repo.run(Repo.mvn(List.of("-q", "-pl", "fuzz", "test-compile", "dependency:build-classpath",
                "-Dmdep.includeScope=test", "-Dmdep.outputFile=" + cpFile)), Map.of(), root.resolve("target/logs/fuzz-mvn.log"),
                l -> l.startsWith("[ERROR]"), out);
        if (rc != 0 || !Files.exists(cpFile)) {
            out.println("fuzz: the build of the fuzz module failed (mvn exit " + rc + "); log " + Repo.rel(root.resolve("target/logs/fuzz-mvn.log")));
            return 1;
        }
        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp",
                fuzz.resolve("target/test-classes") + ":" + fuzz.resolve("target/classes") + ":" + Files.readString(cpFile).strip(),
                "org.syslets.fuzz.FuzzCampaign", "--root", root.toString(), "--executions", String.valueOf(executions),
                "--budget-s", String.valueOf(budgetS), "--jobs", String.valueOf(jobs)));
        for (String t : targets) java.addAll(List.of("--target", t));
        return Repo.run(java, Map.of(), null, l -> true, out);
    }

    /**
     * Full: 500 000 executions per target (10^6 per design) in 7 min: two waves of two targets, a
     * 210 s cap each, which 500 000 fit at 2 400 exec/s (measured 1 861-3 067 with two at a time at
     * load 12-35: then the v5 targets stop short and say so). Quick: 40 000 in 1 min.
     */
    static List<String> args(boolean quick) {
        return quick ? List.of("--executions", "40000", "--budget-s", "60") : List.of("--executions", "500000", "--budget-s", "420");
    }
}
