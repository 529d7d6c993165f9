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
import org.syslets.workload.Summary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./syslets workload}: the fio-style reader/writer on the real runtime, one JVM per design and
 * scenario; each run is judged by {@link Summary#unexpected()} (what the findings predict).
 */
@Command(name = "workload", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The fio-style workload on the real runtime, both designs, three scenarios.",
                "Pipes, temp files, ring, async_wait; each design and scenario in its own JVM; exit 1 unless each run shows",
                "what the findings predict. Writes target/results/workload.json."})
final class WorkloadCommand implements Callable<Integer> {
    enum Designs { fixed, v5, both }

    enum Scenarios { steady, overflow, wrap, all }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--design", paramLabel = "D", description = "fixed, v5 or both (default ${DEFAULT-VALUE})")
    Designs design = Designs.both;

    @Option(names = "--scenario", paramLabel = "S", description = "steady, overflow, wrap or all (default ${DEFAULT-VALUE})")
    Scenarios scenario = Scenarios.all;

    @Option(names = "--iodepth", paramLabel = "N", description = "syslets in flight (default ${DEFAULT-VALUE})")
    int iodepth = 8;

    @Option(names = "--ring", paramLabel = "N", description = "ring slots (default: the scenario's: steady iodepth, overflow iodepth/4, wrap iodepth+1)")
    Integer ring;

    @Option(names = "--syslets", paramLabel = "N", description = "syslets per run (default ${DEFAULT-VALUE})")
    int syslets = 400;

    /** The finding each scenario is about (its checks' row in the report); steady is fio's own discipline. */
    static final Map<String, String> FINDING = Map.of("overflow", "MM16", "wrap", "MM1");

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Names.positive(cmd, "--iodepth", iodepth);
        Names.positive(cmd, "--syslets", syslets);
        if (ring != null) Names.positive(cmd, "--ring", ring);
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dir = root.resolve("impl/target/workload");
        Instant started = Instant.now();
        List<String> designs = design == Designs.both ? List.of("fixed", "v5") : List.of(design.name());
        List<String> scenarios = scenario == Scenarios.all ? List.of("steady", "overflow", "wrap") : List.of(scenario.name());
        List<Check> checks = new ArrayList<>();
        boolean broken = false;
        for (String d : designs) {
            for (String s : scenarios) {
                Path summary = dir.resolve(d + "-" + s + ".txt");
                Files.deleteIfExists(summary);
                List<String> args = new ArrayList<>(List.of("--design", d, "--scenario", s, "--iodepth", String.valueOf(iodepth),
                        "--syslets", String.valueOf(syslets), "--out", dir.toString()));
                if (ring != null) args.addAll(List.of("--ring", String.valueOf(ring)));
                int rc = Repo.run(Repo.java("org.syslets.workload.WorkloadMain", List.of(), args), Map.of(), null, l -> true, out);
                String expected = d.equals("v5") && FINDING.containsKey(s) ? Check.VIOLATED : Check.HOLDS;
                if (!Files.exists(summary)) {
                    broken = true;
                    checks.add(new Check("workload", FINDING.get(s), d, d + "/" + s, expected, Check.ERROR, null, "exit " + rc + ", no summary"));
                    continue;
                }
                Summary sum = Summary.parse(Files.readString(summary));
                String why = sum.unexpected();
                // The finding shows in v5's overflow (drops) and wrap (a starved waiter); fixed is clean.
                boolean shows = sum.dropped() > 0 || sum.lost() > 0 || sum.starved() > 0;
                String actual = why == null ? expected : shows ? Check.VIOLATED : Check.HOLDS;
                if (why != null && actual.equals(expected)) actual = Check.ERROR;
                checks.add(new Check("workload", FINDING.get(s), d, d + "/" + s, expected, actual, Repo.rel(summary),
                        String.format("submitted %d, reaped %d, dropped %d, lost %d, duplicated %d, starved %d%s", sum.submitted(),
                                sum.reaped(), sum.dropped(), sum.lost(), sum.duplicated(), sum.starved(), why == null ? "" : "; " + why)));
            }
        }
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("iodepth", iodepth);
        mode.put("ring", ring == null ? "scenario default" : ring);
        mode.put("syslets", syslets);
        List<String> skipped = new ArrayList<>();
        for (String d : List.of("fixed", "v5")) for (String s : List.of("steady", "overflow", "wrap")) {
            if (!designs.contains(d) || !scenarios.contains(s)) skipped.add(d + "/" + s + ": not selected");
        }
        StageResult r = StageResult.of("workload", started, mode, skipped, checks, Map.of("runs", checks.size()), broken);
        Results.write(root, r);
        out.printf("workload: %d runs, %d not as expected; %s%n", checks.size(), checks.stream().filter(c -> !c.ok()).count(),
                Repo.rel(Results.dir(root).resolve("workload.json")));
        return r.passed() ? 0 : 1;
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("--syslets", "200") : List.of();
    }
}
