package org.syslets.bench;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs {@link SysletBench} and prints, from this one run, the ratios the project tracks:
 * cached 1-atom syslet / direct syscall (goal ≤ 1.2) and 8-atom chain per atom / direct (goal ≤ 1.1).
 * Any JMH command-line option is passed through (e.g. {@code -f 1 -wi 3 -i 5}).
 */
public final class RatioMain {
    public static void main(String[] args) throws Exception {
        CommandLineOptions cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder().parent(cli).include(SysletBench.class.getSimpleName() + "\\.(direct|syslet1|chain8)$").build();
        Collection<RunResult> results = new Runner(opts).run();
        Map<String, Double> ns = new HashMap<>();
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark();
            name = name.substring(name.lastIndexOf('.') + 1);
            String design = r.getParams().getParam("design");
            ns.put(design + "." + name, r.getPrimaryResult().getScore());
        }
        System.out.println();
        for (String d : new String[] {"V5", "FIXED"}) {
            Double direct = ns.get(d + ".direct"), one = ns.get(d + ".syslet1"), eight = ns.get(d + ".chain8");
            if (direct == null || one == null || eight == null) continue;
            System.out.printf("%-5s direct getpid        %8.1f ns%n", d, direct);
            System.out.printf("%-5s cached 1-atom syslet %8.1f ns   ratio = %.2f (goal <= 1.20)%n", d, one, one / direct);
            System.out.printf("%-5s 8-atom chain / atom  %8.1f ns   ratio = %.2f (goal <= 1.10)%n", d, eight / 8, eight / 8 / direct);
        }
    }
}
