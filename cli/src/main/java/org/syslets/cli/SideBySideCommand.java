package org.syslets.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./syslets sidebyside}: the same blocking reads through the syslet runtime, io_uring and a thread pool, one run. */
@Command(name = "sidebyside", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Blocking 8-byte pipe reads through the syslet runtime, this kernel's io_uring and a",
                "ThreadPoolExecutor, measured in one run: ops/s, p50/p99 latency and ratios against the",
                "pool at each iodepth (docs/io_uring.md). Writes target/results/sidebyside.json."})
final class SideBySideCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--seconds", paramLabel = "S", description = "measured seconds per point (default ${DEFAULT-VALUE})")
    double seconds = 1.0;

    @Option(names = "--rounds", paramLabel = "R", description = "rounds, in alternating order (default ${DEFAULT-VALUE})")
    int rounds = 2;

    @Option(names = "--depths", paramLabel = "N,N,...", split = ",", description = "iodepths (default 1,8,64)")
    List<Integer> depths = new ArrayList<>(List.of(1, 8, 64));

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        if (!(seconds > 0) || seconds > 60) throw new CommandLine.ParameterException(cmd, "--seconds must be in (0, 60], not " + seconds);
        Names.positive(cmd, "--rounds", rounds);
        for (int d : depths) Names.positive(cmd, "--depths", d);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        List<String> args = List.of("--seconds", String.valueOf(seconds), "--rounds", String.valueOf(rounds),
                "--depths", depths.stream().map(String::valueOf).collect(Collectors.joining(",")));
        return Repo.run(Repo.java("org.syslets.bench.SideBySide", List.of(), args), Map.of(), null, l -> true, out);
    }

    static List<String> args(boolean quick) {
        return quick ? List.of("--seconds", "0.5", "--rounds", "1") : List.of();
    }
}
