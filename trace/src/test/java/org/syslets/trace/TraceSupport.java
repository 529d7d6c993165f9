package org.syslets.trace;

import java.nio.file.Path;
import org.syslets.design.Design;

/** Shared: run a workload, write its trace, check it with TLC against a design's spec constants. */
final class TraceSupport {
    static final Path ROOT = Path.of(System.getProperty("syslets.root", ".."));
    static final Path OUT = ROOT.resolve("trace/target/test-traces");
    static final TlcCheck TLC = new TlcCheck(ROOT.resolve("spec"));

    record Checked(TraceWriter.RingTrace trace, TlcCheck.Verdict verdict) {
    }

    private TraceSupport() {
    }

    static Checked check(Workloads.TraceRun w, Design runtime, Design spec, int size, String tag, boolean explain)
            throws Exception {
        Workloads.Recorded rec = w.run(runtime, size);
        TraceWriter.RingTrace t = TraceWriter.ringTrace(rec.events(), rec.ahu(), Workloads.config(spec, rec.n()));
        String name = ("T_" + w.name() + "_" + tag).replaceAll("[^A-Za-z0-9_]", "_");
        TlcCheck.Verdict v = TLC.check(t, OUT, name, explain);
        System.out.println(w.name() + " " + runtime + " vs " + t.cfg() + ": " + v.explain());
        return new Checked(t, v);
    }

    /** Index (0-based) of the first step satisfying p, or -1. */
    static int first(TraceWriter.RingTrace t, java.util.function.BiPredicate<Integer, TraceWriter.Step> p) {
        for (int j = 0; j < t.steps().size(); j++) if (p.test(j, t.steps().get(j))) return j;
        return -1;
    }
}
