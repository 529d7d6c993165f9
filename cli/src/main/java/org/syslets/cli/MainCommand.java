package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.syslets.results.Results;
import org.syslets.results.StageResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./syslets main}: every stage of {@link Stages#ALL} in its own JVM with one run id
 * ({@code SYSLETS_RUN_ID}), each stage's output to the terminal and target/main/&lt;stage&gt;.log, then
 * the report of this run. Arguments are validated before anything of the previous run is deleted.
 */
@Command(name = "main", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The main job: every stage, then the report of this run.",
                "tlc, props, trace, stress, workload, then target/report/report.html. Exit 0 only if every stage ran and every",
                "verdict was as expected."})
final class MainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--quick", description = "quick models, short stress, 200 tries, one trace run per workload (< 10 min)")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "STAGE", description = "just these stages (comma-separated); the report is always written")
    List<String> only = new ArrayList<>();

    @Option(names = "--skip", split = ",", paramLabel = "STAGE", description = "every stage but these")
    List<String> skip = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        List<String> known = new ArrayList<>(Stages.names());
        List<String> withReport = new ArrayList<>(known);
        withReport.add("report");
        for (String s : only) Names.require(cmd, "stage", s, withReport);
        for (String s : skip) Names.require(cmd, "stage", s, known);
        if (!only.isEmpty() && !skip.isEmpty()) throw new CommandLine.ParameterException(cmd, "--only and --skip do not mix");
        Set<String> selected = new LinkedHashSet<>();
        for (Stage s : Stages.ALL) if ((only.isEmpty() || only.contains(s.name())) && !skip.contains(s.name())) selected.add(s.name());

        // Validated: from here on the previous run's logs and results go.
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        String runId = "main-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + UUID.randomUUID().toString().substring(0, 8);
        Path logs = root.resolve("target/main");
        PropsCommand.deleteTree(logs);
        PropsCommand.deleteTree(Results.dir(root));
        Files.createDirectories(logs);
        List<String> notRun = new ArrayList<>();
        for (Stage s : Stages.ALL) if (!selected.contains(s.name())) notRun.add(s.name());
        out.printf("main: run %s, %s%s%n", runId, quick ? "quick" : "full",
                notRun.isEmpty() ? "" : "; not run: " + String.join(", ", notRun));
        List<String> failed = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        int k = 0;
        long t0 = System.nanoTime();
        for (Stage s : Stages.ALL) {
            if (!selected.contains(s.name())) continue;
            k++;
            List<String> args = new ArrayList<>(List.of(s.name()));
            args.addAll(s.args().apply(quick));
            String budget = quick ? s.quick() : s.full();
            out.printf("main: [%d/%d] %s (budget %s): ./syslets %s%n", k, selected.size(), s.name(), budget, String.join(" ", args));
            long st = System.nanoTime();
            int rc = Repo.run(Repo.java(Syslets.class.getName(), List.of(), args), Map.of(Results.RUN_ID_ENV, runId),
                    logs.resolve(s.name() + ".log"), l -> true, out);
            double secs = (System.nanoTime() - st) / 1e9;
            Path file = Results.dir(root).resolve(s.name() + ".json");
            StageResult r = Files.exists(file) ? Results.read(file) : null;
            String state;
            if (r == null || !runId.equals(r.runId())) {
                state = "FAILED: exit " + rc + ", wrote no result for this run";
                failed.add(s.name());
            } else if (rc != 0 || !r.passed()) {
                state = "FAILED: exit " + rc + ", " + r.checks().stream().filter(c -> !c.ok()).count() + " verdicts not as expected";
                failed.add(s.name());
            } else {
                state = "ok, " + r.checks().size() + " verdicts as expected";
            }
            String line = String.format(Locale.ROOT, "  %-9s %s (%.0f s, budget %s)", s.name(), state, secs, budget);
            lines.add(line);
            out.printf("main: [%d/%d] %s%n", k, selected.size(), line.strip());
        }
        boolean full = !quick && notRun.isEmpty();
        List<String> reportArgs = new ArrayList<>(List.of("report", "--run", runId));
        if (full) reportArgs.add("--findings-doc");
        int rrc = Repo.run(Repo.java(Syslets.class.getName(), List.of(), reportArgs), Map.of(Results.RUN_ID_ENV, runId),
                logs.resolve("report.log"), l -> true, out);
        long checks = Results.readAll(root).values().stream().filter(r -> runId.equals(r.runId())).mapToLong(r -> r.checks().size()).sum();
        out.printf("main: summary of run %s (%s, %.1f min)%n", runId, quick ? "quick" : "full", (System.nanoTime() - t0) / 60e9);
        lines.forEach(out::println);
        out.printf("  report    %s%s%n", Repo.rel(root.resolve("target/report/report.html")), rrc == 0 ? "" : " (exit " + rrc + ")");
        if (checks == 0) {
            out.println("main: FAILED - this run produced no verdict at all (every cell of the report says not run)");
            return 1;
        }
        if (!failed.isEmpty() || rrc != 0) {
            out.println("main: FAILED - " + (failed.isEmpty() ? "report" : String.join(", ", failed)) + " (logs: target/main/<stage>.log)");
            return 1;
        }
        out.println("main: OK - every stage ran and every verdict was as expected" + (notRun.isEmpty() ? "" : "; not run: " + String.join(", ", notRun)));
        return 0;
    }
}
