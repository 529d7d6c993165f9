package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.syslets.uring.trace.UringTraceRuns;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./syslets uring}: this kernel's io_uring under the project's checks (docs/io_uring.md), run
 * by {@code org.syslets.uring.UringMain} in its own JVM. Without a subcommand: the main job's stage
 * (the findings asked of the kernel, the workload scenarios, the planted faults and real CQ traces
 * within the budget), which writes target/results/uring.json.
 */
@Command(name = "uring", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"This kernel's io_uring under the same checks (docs/io_uring.md): each 2007 finding",
                "asked of it, the fio-style scenarios on it, and real runs' CQ traces checked by TLC",
                "against spec/UringCqTrace.tla within a budget. Skipped, saying why, where io_uring",
                "cannot be set up. Writes target/results/uring.json."},
        subcommands = {UringCommand.Findings.class, UringCommand.Workload.class, UringCommand.Trace.class,
                UringCommand.U32Wrap.class})
final class UringCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "real traces at size 2 for 20 s (default: size 4 for --budget-s)")
    boolean quick;

    @Option(names = "--budget-s", paramLabel = "S", description = "seconds for the traces (default 90, --quick 20)")
    Integer budget;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<String> args = new ArrayList<>(List.of("main"));
        if (quick) args.add("--quick");
        if (budget != null) args.addAll(List.of("--budget-s", String.valueOf(Names.positive(spec.commandLine(), "--budget-s", budget))));
        return uring(args);
    }

    static int uring(List<String> args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        return Repo.run(Repo.java("org.syslets.uring.UringMain", List.of(), args), Map.of(), null, l -> true, out);
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("--quick") : List.of();
    }

    @Command(name = "findings", mixinStandardHelpOptions = true, description = "Only the findings asked of this kernel.")
    static final class Findings implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return uring(List.of("findings"));
        }
    }

    @Command(name = "workload", mixinStandardHelpOptions = true, sortOptions = false,
            description = "The fio-style scenarios on io_uring (summaries in impl/target/workload/io_uring-<scenario>.txt).")
    static final class Workload implements Callable<Integer> {
        enum Scenarios { steady, overflow, wrap, all }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--scenario", paramLabel = "S", description = "steady, overflow, wrap or all (default ${DEFAULT-VALUE})")
        Scenarios scenario = Scenarios.all;

        @Option(names = "--iodepth", paramLabel = "N", description = "requests in flight (default ${DEFAULT-VALUE})")
        int iodepth = 8;

        @Option(names = "--ring", paramLabel = "N", description = "cq_entries (default: the scenario's: steady iodepth, overflow iodepth/4, wrap iodepth+1)")
        Integer ring;

        @Option(names = "--requests", paramLabel = "N", description = "requests per scenario (default ${DEFAULT-VALUE})")
        int requests = 400;

        @Override
        public Integer call() throws Exception {
            CommandLine cmd = spec.commandLine();
            List<String> args = new ArrayList<>(List.of("workload", "--iodepth", String.valueOf(Names.positive(cmd, "--iodepth", iodepth)),
                    "--requests", String.valueOf(Names.positive(cmd, "--requests", requests))));
            if (scenario != Scenarios.all) args.addAll(List.of("--scenario", scenario.name()));
            if (ring != null) args.addAll(List.of("--ring", String.valueOf(Names.positive(cmd, "--ring", ring))));
            return uring(args);
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Real io_uring runs, each trace checked by TLC against spec/UringCqTrace.tla.")
    static final class Trace implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--size", paramLabel = "N", description = "scale of each run (default ${DEFAULT-VALUE})")
        int size = 2;

        @Option(names = "--seed", paramLabel = "K", description = "seed of the batch sizes and waits (default ${DEFAULT-VALUE})")
        int seed = 1;

        @Option(names = "--workload", paramLabel = "NAME", description = "one workload (repeatable; default every one)")
        List<String> workloads = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            CommandLine cmd = spec.commandLine();
            List<String> names = UringTraceRuns.all().stream().map(UringTraceRuns.TraceRun::name).toList();
            List<String> args = new ArrayList<>(List.of("trace", "--size", String.valueOf(Names.positive(cmd, "--size", size)),
                    "--seed", String.valueOf(seed)));
            for (String w : workloads) args.addAll(List.of("--workload", Names.require(cmd, "io_uring workload", w, names)));
            return uring(args);
        }
    }

    @Command(name = "u32-wrap", mixinStandardHelpOptions = true,
            description = "Drive one ring's CQ indices through a real 2^32 wrap (8 to 30 minutes here; in no budget).")
    static final class U32Wrap implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return uring(List.of("u32-wrap"));
        }
    }
}
