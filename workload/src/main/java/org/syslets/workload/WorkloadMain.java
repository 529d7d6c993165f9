package org.syslets.workload;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import org.syslets.design.Design;

/**
 * The workload's command line, one design and scenario per JVM (./syslets workload runs one JVM
 * each and judges the summary file it leaves). Exit 0 when the run shows what the findings predict
 * ({@link Summary#unexpected()}), 1 otherwise, 2 on a bad argument.
 */
public final class WorkloadMain {
    private WorkloadMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(cli(args));
        } catch (IllegalArgumentException e) {
            System.err.println("workload: " + e.getMessage());
            System.exit(2);
        }
    }

    /** The command line; returns the exit status (0 as the findings predict, 1 otherwise). */
    static int cli(String[] args) throws Exception {
        Design design = Design.FIXED;
        Scenario scenario = Scenario.STEADY;
        int iodepth = 8, ring = 0, syslets = 400;
        long progressMs = 3000;
        Path out = defaultOutDir();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--design" -> {
                    design = switch (req(a, v)) {
                        case "v5" -> Design.V5;
                        case "fixed" -> Design.FIXED;
                        default -> throw usage("--design v5|fixed, got " + v);
                    };
                    i++;
                }
                case "--scenario" -> {
                    try {
                        scenario = Scenario.valueOf(req(a, v).toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw usage("--scenario steady|overflow|wrap, got " + v);
                    }
                    i++;
                }
                case "--iodepth" -> { iodepth = num(a, v); i++; }
                case "--ring" -> { ring = num(a, v); i++; }
                case "--syslets" -> { syslets = num(a, v); i++; }
                case "--progress-ms" -> { progressMs = num(a, v); i++; }
                case "--out" -> { out = Paths.get(req(a, v)); i++; }
                case "-h", "--help" -> {
                    System.out.println(USAGE);
                    return 0;
                }
                default -> throw usage("unknown argument " + a);
            }
        }
        Config c = new Config(design, scenario, iodepth, ring, syslets, progressMs, 250, 60_000, out, System.out);
        System.out.printf(Locale.ROOT, "workload: design=%s scenario=%s iodepth=%d ring=%d syslets=%d%n",
                design.toString().toLowerCase(Locale.ROOT), scenario.id(), iodepth, c.ringSlots(), syslets);
        Summary s = WorkloadEngine.run(c);
        System.out.println("workload: summary written to " + out.resolve(s.design() + "-" + s.scenario() + ".txt"));
        String why = s.unexpected();
        System.out.println(why == null ? "workload: verdict: as expected" : "workload: verdict: UNEXPECTED - " + why);
        System.out.flush();
        return why == null ? 0 : 1;   // main exits: parked runtime threads are daemons, but be explicit
    }

    static final String USAGE = """
            usage: WorkloadMain [--design v5|fixed] [--scenario steady|overflow|wrap] [--iodepth N] [--ring N]
                                [--syslets N] [--progress-ms MS] [--out DIR]
              defaults: fixed, steady, iodepth 8, ring = scenario default (steady: iodepth,
              overflow: iodepth/4, wrap: iodepth+1), 400 syslets, progress every 3000 ms,
              out = impl/target/workload (summary file <design>-<scenario>.txt)""";

    private static Path defaultOutDir() {
        String root = System.getProperty("syslets.root");
        if (root != null) return Paths.get(root, "impl", "target", "workload");
        if (Files.isDirectory(Paths.get("impl", "src"))) return Paths.get("impl", "target", "workload");
        return Paths.get("target", "workload");
    }

    private static String req(String a, String v) {
        if (v == null) throw usage(a + " needs a value");
        return v;
    }

    private static int num(String a, String v) {
        try {
            return Integer.parseInt(req(a, v));
        } catch (NumberFormatException e) {
            throw usage(a + " needs a number, got " + v);
        }
    }

    private static IllegalArgumentException usage(String msg) {
        return new IllegalArgumentException(msg + "\n" + USAGE);
    }
}
