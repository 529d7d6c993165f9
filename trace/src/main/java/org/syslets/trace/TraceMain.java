package org.syslets.trace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syslets.kernel.Design;
import org.syslets.kernel.Recording;

/**
 * {@code ./syslets trace}: runs the workloads on the runtime with recording on, writes one trace
 * module per run under trace/target/traces/, checks each with TLC against spec/SysletTrace.tla with
 * the constants of the design it ran (and, for a registered head, its task-level trace against
 * spec/SysletTaskTrace.tla with the design's Exclusion), and prints accepted/rejected (with the first divergent event).
 * Exit 0 only if every trace is accepted.
 *
 * <pre>
 *   ./syslets trace [--size S] [--repeat R] [--design fixed|v5|both] [--workload NAME]... [--against fixed|v5]
 * </pre>
 * {@code --against} checks against the other design's constants (teeth: rejections expected).
 */
public final class TraceMain {

    public static void main(String[] args) throws Exception {
        if (!Recording.ON) {
            System.err.println("trace: run with -Dsyslets.trace=true (./syslets trace does)");
            System.exit(2);
        }
        int size = 8, repeat = 3;
        List<Design> designs = new ArrayList<>(List.of(Design.FIXED, Design.V5));
        List<Workloads.Workload> wls = new ArrayList<>();
        Design against = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--design" -> designs = switch (args[++i]) {
                    case "fixed" -> List.of(Design.FIXED);
                    case "v5" -> List.of(Design.V5);
                    default -> List.of(Design.FIXED, Design.V5);
                };
                case "--workload" -> wls.add(Workloads.byName(args[++i]));
                case "--against" -> against = args[++i].equals("v5") ? Design.V5 : Design.FIXED;
                case "--list" -> {
                    for (Workloads.Workload w : Workloads.all()) System.out.printf("%-20s N=%d  %s%n", w.name(), w.n(), w.what());
                    return;
                }
                default -> {
                    System.err.println("usage: trace [--size S] [--repeat R] [--design fixed|v5|both] "
                            + "[--workload NAME]... [--against fixed|v5] [--list]");
                    System.exit(2);
                }
            }
        }
        if (wls.isEmpty()) wls = Workloads.all();
        Path root = Path.of(System.getProperty("syslets.root", "."));
        Path out = root.resolve("trace/target/traces");
        Files.createDirectories(out);
        TlcCheck tlc = new TlcCheck(root.resolve("spec"));
        int accepted = 0, rejected = 0;
        for (Design d : designs) {
            for (Workloads.Workload w : wls) {
                for (int rep = 0; rep < repeat; rep++) {
                    Workloads.Recorded rec = w.run(d, size);
                    Design specDesign = against != null ? against : d;
                    TraceWriter.RingTrace t = TraceWriter.ringTrace(rec.events(), rec.ahu(), Workloads.config(specDesign, rec.n()));
                    String name = "Trace_" + w.name().replace('-', '_') + "_" + d + "_vs_" + t.cfg().formula() + "_"
                            + t.cfg().overflow() + "_" + rep;
                    long t0 = System.nanoTime();
                    TlcCheck.Verdict v = tlc.check(t, out, name);
                    String head = String.format("%s %-20s %-5s run %d vs spec(%s,%s): %d events, %d syslets, TLC %.1f s",
                            v.accepted() ? "✓ accepted" : "✗ rejected", w.name(), d, rep, t.cfg().formula(),
                            t.cfg().overflow(), t.steps().size(), t.atoms(), (System.nanoTime() - t0) / 1e9);
                    System.out.println(head);
                    if (!v.accepted()) System.out.println("    " + v.explain());
                    if (t.unresolvedSubmits() > 0) System.out.println("    note: " + t.unresolvedSubmits() + " submissions never completed");
                    if (v.accepted()) accepted++; else rejected++;
                    // Task level (registered heads only): the same run against SysletTasks.
                    if (Workloads.taskLevel().contains(w) && TaskTraceWriter.heads(rec.events()).isEmpty()) {
                        // A registered head records task events; none means an impl without the
                        // task-level hooks on the classpath (e.g. another build's jar in ~/.m2).
                        System.out.println("✗ rejected " + w.name() + " " + d + " run " + rep
                                + ": no task-level events recorded (impl without task-level recording?)");
                        rejected++;
                    }
                    for (long headId : TaskTraceWriter.heads(rec.events())) {
                        TaskTraceWriter.TaskTrace tt = TaskTraceWriter.taskTrace(rec.events(), headId, Workloads.exclusion(specDesign));
                        String tname = "TaskTrace_" + w.name().replace('-', '_') + "_" + d + "_vs_" + tt.exclusion() + "_" + rep;
                        long t1 = System.nanoTime();
                        TlcCheck.Verdict tv = tlc.check(tt, out, tname);
                        System.out.println(String.format("%s %-20s %-5s run %d vs tasks(Exclusion=%s): %d events, %d threads, "
                                        + "%d submissions, TLC %.1f s", tv.accepted() ? "✓ accepted" : "✗ rejected", w.name(), d, rep,
                                tt.exclusion(), tt.steps().size(), tt.threads(), tt.subs(), (System.nanoTime() - t1) / 1e9));
                        if (!tv.accepted()) System.out.println("    " + tv.explain());
                        if (tv.accepted()) accepted++; else rejected++;
                    }
                }
            }
        }
        System.out.printf("trace: %d accepted, %d rejected; modules and TLC output in %s%n", accepted, rejected, out);
        System.exit(rejected == 0 ? 0 : 1);
    }
}
