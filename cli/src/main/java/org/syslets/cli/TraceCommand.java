package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.syslets.trace.Workloads;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./syslets trace}: real runs recorded on the runtime, each trace checked by TLC (docs/trace-validation.md). */
@Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Trace validation: real runs recorded, each trace checked by TLC.",
                "Each trace is checked against spec/SysletTrace.tla (ring) and, for registered heads, spec/SysletTaskTrace.tla",
                "(tasks). Writes target/results/trace.json."})
final class TraceCommand implements Callable<Integer> {
    enum Designs { fixed, v5, both }

    enum Against { own, fixed, v5 }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--size", paramLabel = "S", description = "operations per workload run (default ${DEFAULT-VALUE})")
    int size = 8;

    @Option(names = "--repeat", paramLabel = "R", description = "runs of each workload per design (default ${DEFAULT-VALUE})")
    int repeat = 3;

    @Option(names = "--design", paramLabel = "D", description = "fixed, v5 or both (default ${DEFAULT-VALUE})")
    Designs design = Designs.both;

    @Option(names = "--workload", paramLabel = "NAME", description = "one workload (repeatable; default every one, see --list)")
    List<String> workloads = new ArrayList<>();

    @Option(names = "--against", paramLabel = "A", description = "spec constants: own (each run's design, default), fixed or v5 (teeth: a finding's workload must be rejected)")
    Against against = Against.own;

    @Option(names = "--list", description = "list the workloads and exit")
    boolean list;

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (list) {
            int w = Workloads.names().stream().mapToInt(String::length).max().orElse(8);
            for (Workloads.TraceRun wl : Workloads.all()) {
                out.printf("%-" + w + "s  N=%d  %-9s %s%n", wl.name(), wl.n(), Workloads.finding(wl) == null ? "" : Workloads.finding(wl), wl.what());
            }
            return 0;
        }
        Names.positive(cmd, "--size", size);
        Names.positive(cmd, "--repeat", repeat);
        for (String w : workloads) Names.require(cmd, "workload", w, Workloads.names());
        List<String> args = new ArrayList<>(List.of(String.valueOf(size), String.valueOf(repeat),
                design == Designs.both ? "fixed,v5" : design.name(), against.name()));
        args.addAll(workloads);
        return Repo.run(Repo.java("org.syslets.trace.TraceMain", List.of("-Dsyslets.trace=true"), args), Map.of(), null, l -> true, out);
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("--repeat", "1") : List.of();
    }
}
