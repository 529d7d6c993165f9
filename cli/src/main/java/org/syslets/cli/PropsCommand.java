package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.syslets.results.Check;
import org.syslets.results.Results;
import org.syslets.results.StageResult;
import org.syslets.results.junit.TestLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./syslets props}: the runtime's test suite (impl: QuickTheories properties, model-based
 * command sequences, the finding tests on real syscalls) with more tries than the test command.
 * Each test annotated with {@code @Verdict} becomes a check of the grid's column "props" or
 * "sequences" (VerdictListener writes them to impl/target/verdicts/); target/results/props.json.
 */
@Command(name = "props", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The runtime's properties, model-based sequences and finding tests, with more tries.",
                "Runs impl's tests with --tries examples per property; writes target/results/props.json (checkers props, sequences)."})
final class PropsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--tries", paramLabel = "N", description = "examples per property (default ${DEFAULT-VALUE}; the test command uses 200)")
    int tries = 1000;

    @Option(names = "--test", paramLabel = "PATTERN", description = "surefire's -Dtest (default: every impl test)")
    String test;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the properties that must hold (default: the fixed one)")
    Long seed;

    @Override
    public Integer call() throws Exception {
        Names.positive(spec.commandLine(), "--tries", tries);
        if (test != null && !test.matches("[A-Za-z0-9_.*#,+!$]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--test wants surefire's class/method pattern, not '" + test + "'");
        }
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path verdicts = root.resolve("impl/target/verdicts");
        deleteTree(verdicts);
        Instant started = Instant.now();
        List<String> args = new ArrayList<>(List.of("-pl", "impl", "test", "-Dsyslets.tries=" + tries));
        if (test != null) args.addAll(List.of("-Dtest=" + test, "-Dsurefire.failIfNoSpecifiedTests=false"));
        if (seed != null) args.add("-Dsyslets.seed=" + seed);
        Path log = root.resolve("target/logs/props-mvn.log");
        out.printf("props: impl's tests with %d tries (mvn %s; full log %s) ...%n", tries, String.join(" ", args), Repo.rel(log));
        int rc = Repo.run(Repo.mvn(args), Map.of(), log,
                l -> l.matches(".*(Tests run:|FAIL|BUILD|ERROR\\]|violated, fixed holds).*") && !l.contains("Time elapsed: 0.0"), out);
        List<TestLines.TestLine> lines = TestLines.read(verdicts);
        List<Check> checks = new ArrayList<>();
        for (TestLines.TestLine t : lines) {
            for (Check c : t.checks()) {
                String ev = c.evidence() == null ? null : Repo.rel(Path.of(c.evidence()));
                checks.add(new Check(c.checker(), c.finding(), c.design(), c.name(), c.expected(), c.actual(), ev, c.detail()));
            }
        }
        long failed = lines.stream().filter(t -> t.status().equals("FAILED")).count();
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("tries", tries);
        mode.put("test", test == null ? "every impl test" : test);
        mode.put("holdSeed", seed == null ? "fixed (Tries.holdSeed)" : seed);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("tests", lines.size());
        metrics.put("testsFailed", failed);
        metrics.put("mavenExit", rc);
        List<String> failedNames = lines.stream().filter(t -> t.status().equals("FAILED"))
                .map(t -> t.testClass().substring(t.testClass().lastIndexOf('.') + 1) + "#" + t.method()).toList();
        if (!failedNames.isEmpty()) metrics.put("failedTests", failedNames);
        List<String> skipped = new ArrayList<>();
        if (test != null) skipped.add("impl tests outside " + test + ": not selected");
        if (lines.isEmpty()) skipped.add("no test reported a result (compilation failed, or the listener is not registered)");
        StageResult r = StageResult.of("props", started, mode, skipped, checks, metrics, rc != 0 || lines.isEmpty());
        Results.write(root, r);
        long props = checks.stream().filter(c -> c.checker().equals("props")).count();
        out.printf("props: %d tests (%d failed); %d verdicts (%d props, %d sequences), %d not as expected; %s%n", lines.size(), failed,
                checks.size(), props, checks.size() - props, checks.stream().filter(c -> !c.ok()).count(),
                Repo.rel(Results.dir(root).resolve("props.json")));
        return r.passed() ? 0 : 1;
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (var w = Files.walk(dir)) {
            for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("--tries", "200") : List.of("--tries", "1000");
    }
}
