package org.syslets.uring;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.syslets.trace.TlcCheck;
import org.syslets.uring.trace.PlantedFaults;
import org.syslets.uring.trace.UringTrace;
import org.syslets.uring.trace.UringTraceRuns;
import org.syslets.workload.Summary;

/**
 * {@code ./syslets uring ...}: this kernel's io_uring under the project's checks (docs/io_uring.md).
 * <pre>
 *   uring [main] [--quick] [--budget-s S]   findings, the three workload scenarios, traces within S seconds
 *                                           (default 90, quick 20); writes target/results/uring.json
 *   uring findings                          the findings only
 *   uring workload [--scenario ...] [...]   the io_uring workload (UringWorkload's options)
 *   uring trace [--size N] [--seed K] [--workload NAME]...   one trace per workload, checked by TLC
 *   uring u32-wrap                          a real u32 wrap of the CQ indices (8 to 30 minutes here)
 * </pre>
 * Exit 0 only if every verdict is the expected one; 2 for a usage error.
 */
public final class UringMain {
    private UringMain() {
    }

    public static void main(String[] args) throws Exception {
        try {
            System.exit(run(args));
        } catch (IllegalArgumentException e) {
            System.err.println("uring: " + e.getMessage());
            System.exit(2);
        }
    }

    static int run(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("syslets.root", "."));
        String cmd = args.length > 0 && !args[0].startsWith("--") ? args[0] : "main";
        String[] rest = args.length > 0 && !args[0].startsWith("--") ? java.util.Arrays.copyOfRange(args, 1, args.length) : args;
        String why = IoUring.unavailable();
        if (why != null && !cmd.equals("help")) {
            System.out.println("uring: SKIPPED - " + why);
            UringResults res = new UringResults();
            res.skip("every io_uring check: " + why);
            res.write(root, Map.of("mode", cmd), Map.of("kernel", System.getProperty("os.version")), false);
            return 0;
        }
        return switch (cmd) {
            case "main" -> stage(root, rest);
            case "findings" -> findings(new UringResults()) ? 0 : 1;
            case "workload" -> UringWorkload.cli(rest, root);
            case "trace" -> traces(root, rest);
            case "u32-wrap" -> {
                UringFindings.Verdict v = UringU32Wrap.run(System.out);
                System.out.println(v);
                yield v.asExpected() ? 0 : 1;
            }
            case "help", "-h", "--help" -> {
                System.out.println("usage: uring [main [--quick] [--budget-s S] | findings | workload [...] | trace [--size N]"
                        + " [--seed K] [--workload NAME]... | u32-wrap]");
                yield 0;
            }
            default -> throw new IllegalArgumentException("unknown command " + cmd + " (main, findings, workload, trace, u32-wrap)");
        };
    }

    static boolean findings(UringResults res) {
        boolean ok = true;
        for (UringFindings.Check c : UringFindings.all()) {
            try {
                UringFindings.Verdict v = c.body().run();
                res.finding(v);
                System.out.println(v);
                ok &= v.asExpected();
            } catch (Exception | Error e) {
                res.error(c.finding(), "UringFindings#" + c.name(), e);
                System.out.println("✗ " + c.finding() + " " + c.name() + ": error " + e);
                ok = false;
            }
        }
        return ok;
    }

    /** The main job's stage: findings, workloads, then as many traces as the budget allows. */
    static int stage(Path root, String[] args) throws Exception {
        boolean quick = false;
        int budget = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--budget-s" -> budget = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("main: unknown option " + args[i] + " (--quick, --budget-s S)");
            }
        }
        if (budget < 0) budget = quick ? 20 : 90;
        long t0 = System.nanoTime();
        UringResults res = new UringResults();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("kernel", System.getProperty("os.version"));
        System.out.println("uring: findings on this kernel (" + System.getProperty("os.version") + ")");
        boolean ok = findings(res);
        // workloads, in the syslet workload's summary format
        List<String> summaries = new ArrayList<>();
        for (UringWorkload.Scenario s : UringWorkload.Scenario.values()) {
            Summary sum = UringWorkload.run(new UringWorkload.Config(s, 8, 0, quick ? 120 : 400));
            System.out.println(sum.line());
            Path out = root.resolve("impl/target/workload");
            Files.createDirectories(out);
            Files.writeString(out.resolve("io_uring-" + s.id() + ".txt"), sum.line() + "\n");
            String why = sum.unexpected();
            summaries.add(sum.line());
            boolean clean = why == null;
            ok &= clean;
            res.workload(s.id(), clean, sum.line());
            System.out.println(clean ? "workload: verdict: as expected (io_uring " + s.id() + ")" : "workload: verdict: UNEXPECTED - " + why);
        }
        metrics.put("workloads", summaries);
        // traces within the budget: the planted faults first (they must be rejected), then real runs
        TraceCampaign tc = new TraceCampaign(root, root.resolve("uring/target/traces"), res);
        long traceStart = System.nanoTime(), deadline = traceStart + TimeUnit.SECONDS.toNanos(budget);
        tc.planted(!quick);                              // quick: the rejections without the explaining second TLC run
        int size = quick ? 2 : 4;
        long longest = 0;
        outer:
        for (long seed = 1; ; seed++) {
            for (UringTraceRuns.TraceRun w : UringTraceRuns.all()) {
                long before = System.nanoTime();
                if (before + longest >= deadline) break outer;   // do not start what would overrun the budget
                tc.real(w, size, seed);
                longest = Math.max(longest, System.nanoTime() - before);
            }
        }
        ok &= tc.ok;
        System.out.printf(Locale.ROOT, "uring: traces: %d real runs accepted, %d rejected; %d planted faults rejected at the expected "
                        + "event, %d not; %d events, %d CQEs in all; budget %d s, used %.0f s%n", tc.accepted, tc.rejected, tc.plantedOk,
                tc.plantedBad, tc.events, tc.cqes, budget, (System.nanoTime() - traceStart) / 1e9);
        metrics.put("traces", Map.of("accepted", tc.accepted, "rejected", tc.rejected, "plantedRejectedAsExpected", tc.plantedOk,
                "plantedOther", tc.plantedBad, "events", tc.events, "cqes", tc.cqes));
        metrics.put("seconds", Math.round((System.nanoTime() - t0) / 1e9));
        res.write(root, Map.of("mode", quick ? "quick" : "full", "budgetSeconds", budget, "traceSize", size), metrics, !ok);
        System.out.println(ok ? "uring: OK - every verdict as expected" : "uring: FAILED - see the ✗ lines");
        return ok ? 0 : 1;
    }

    static int traces(Path root, String[] args) throws Exception {
        int size = 2;
        long seed = 1;
        List<UringTraceRuns.TraceRun> ws = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--size" -> size = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--workload" -> ws.add(UringTraceRuns.byName(args[++i]));
                default -> throw new IllegalArgumentException("trace: unknown option " + args[i] + " (--size N, --seed K, --workload NAME)");
            }
        }
        if (ws.isEmpty()) ws = UringTraceRuns.all();
        TraceCampaign tc = new TraceCampaign(root, root.resolve("uring/target/traces"), new UringResults());
        for (UringTraceRuns.TraceRun w : ws) tc.real(w, size, seed);
        System.out.printf("uring: traces: %d accepted, %d rejected%n", tc.accepted, tc.rejected);
        return tc.ok ? 0 : 1;
    }

    /** Runs and judges traces, counting what it covered. */
    static final class TraceCampaign {
        final TlcCheck tlc;
        final Path out;
        final UringResults res;
        int accepted, rejected, plantedOk, plantedBad;
        long events, cqes;
        boolean ok = true;

        TraceCampaign(Path root, Path out, UringResults res) {
            this.tlc = new TlcCheck(root.resolve("spec"));
            this.out = out;
            this.res = res;
        }

        void real(UringTraceRuns.TraceRun w, int size, long seed) throws Exception {
            UringTrace t = w.run(size, seed);
            long t1 = System.nanoTime();
            TlcCheck.Verdict v = tlc.check(t, out, ("UringTrace_" + w.name() + "_" + size + "_" + seed).replace('-', '_'));
            events += t.steps().size();
            cqes += t.count("ReadCqe");
            String line = String.format(Locale.ROOT, "%s %-12s size %d seed %d: %d events, %d CQEs, cq_entries %d, TLC %.1f s",
                    v.accepted() ? "✓ accepted" : "✗ rejected", w.name(), size, seed, t.steps().size(), t.count("ReadCqe"), t.cq(),
                    (System.nanoTime() - t1) / 1e9);
            System.out.println(line);
            if (!v.accepted()) System.out.println("    " + v.explain());
            if (v.accepted()) accepted++; else rejected++;
            ok &= v.accepted();
            res.trace(w.name() + " size " + size + " seed " + seed, true, v.accepted(), line.substring(2));
        }

        void planted(boolean explain) throws Exception {
            record P(UringTraceRuns.TraceRun w, IoUring.Fault f, long at, String kind) { }
            for (P p : List.of(new P(UringTraceRuns.NOP_BATCHES, IoUring.Fault.LOST_CQE, 5, "StoreHead"),
                    new P(UringTraceRuns.NOP_BATCHES, IoUring.Fault.DUPLICATE_CQE, 5, "ReadCqe"),
                    new P(UringTraceRuns.WAIT_MIN, IoUring.Fault.EARLY_WAIT, 0, "ReadTail"))) {
                UringTrace t = p.w().run(1, 1, p.f(), p.at());
                TlcCheck.Verdict v = tlc.check(t, out, "UringPlanted_" + p.f(), explain);
                int expected = PlantedFaults.expectedRejection(t, p.f());
                boolean right = !v.accepted() && v.matched() == expected && v.divergent().a().equals(p.kind());
                System.out.println((right ? "✓ rejected " : "✗ NOT rejected as expected ") + p.w().name() + " with planted " + p.f()
                        + ": " + v.explain().replace("\n", "\n    ") + (right ? "" : " (expected at event " + (expected + 1) + ")"));
                if (right) plantedOk++; else plantedBad++;
                ok &= right;
                res.trace(p.w().name() + " planted " + p.f(), false, v.accepted(),
                        v.accepted() ? "accepted" : "rejected at event " + (v.matched() + 1) + " (" + v.divergent() + "), expected " + (expected + 1));
            }
        }
    }
}
