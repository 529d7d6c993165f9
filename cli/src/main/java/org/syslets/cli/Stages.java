package org.syslets.cli;

import java.util.List;
import java.util.function.Function;

/**
 * The stages of the main job, in order. Adding a stage is this one line plus its subcommand
 * (a {@code @Command} class registered in {@link Syslets} that writes
 * {@code target/results/<name>.json} through the results module): docs/cli.md, "Adding a stage".
 *
 * @param name   the subcommand and the results file
 * @param what   one line for --help and the main job's log
 * @param full   its budget in a full run, {@code quick} in a --quick run (2 cores; printed, not enforced;
 *               StageBudgetsTest keeps their sums within the README's limits and the docs' tables in step)
 * @param args   the subcommand's arguments for a quick (true) or full (false) run
 */
record Stage(String name, String what, String full, String quick, Function<Boolean, List<String>> args) {
}

final class Stages {
    static final List<Stage> ALL = List.of(
            new Stage("tlc", "every TLC model of model/manifest.json (--quick: the quick ones)", "8 min", "1.5 min", TlcCommand::args),
            new Stage("props", "impl's properties, sequences and finding tests, 1000 tries (--quick: 200)", "3 min", "1 min", PropsCommand::args),
            new Stage("trace", "trace validation of real runs, 3 per workload and design (--quick: 1)", "4 min", "1 min", TraceCommand::args),
            new Stage("uring", "this kernel's io_uring: findings, workloads, CQ traces for 90 s (--quick: 20 s)", "2.5 min", "0.5 min", UringCommand::args),
            new Stage("stress", "Lincheck and JCStress -m default (--quick: -m quick)", "7 min", "2 min", StressCommand::args),
            new Stage("workload", "the fio-style workload, both designs, three scenarios", "2 min", "0.5 min", WorkloadCommand::args),
            new Stage("sidebyside", "syslets, io_uring and a thread pool side by side, iodepth 1/8/64", "0.5 min", "0.2 min", SideBySideCommand::args),
            new Stage("fuzz", "Jazzer on the raw ABI, 4 targets x 500 000 executions = 10^6 per design (--quick: 40 000)", "7 min", "1 min", FuzzCommand::args),
            new Stage("mutation", "spec mutants against the fixed models (seeded sample, 5 min) and PIT over the runtime core (a seeded 1.5 % of its mutants; --quick: 10 % of abi's)",
                    "10 min", "1.25 min", MutateCommand::args));

    private Stages() {
    }

    static List<String> names() {
        return ALL.stream().map(Stage::name).toList();
    }
}
