package org.syslets.fuzz;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.syslets.results.Check;
import org.syslets.results.Results;
import org.syslets.results.StageResult;

/**
 * The main job's fuzz stage: fuzzes every target of {@link FuzzTargets#ALL} for a fixed number of
 * executions, each in its own child JVM (two at a time on two cores), prints executions, exec/s,
 * corpus size and coverage per target and per design, and writes {@code target/results/fuzz.json}.
 * Exits 1 on any finding (a crash, a hang, a Java error escaping the ABI or caught by the runtime,
 * an uncaught exception). A target that reached its time cap first (a loaded machine) says so in its
 * verdict and in the stage's {@code skipped} list; it is not a failure.
 *
 * <p>Options: {@code --root DIR} (repository), {@code --executions N} per target, {@code --budget-s S}
 * for the whole stage (each target's time cap is its share; a target that reaches it stops short and
 * the stage says so), {@code --jobs J}, {@code --target METHOD} (repeatable). The generated corpus
 * stays in {@code fuzz/target/corpus/<method>}; findings go to Jazzer's inputs directory
 * {@code fuzz/src/test/resources/org/syslets/fuzz/AbiFuzzerInputs/<method>/}, which the test command
 * replays: commit them with the fix.
 */
public final class FuzzCampaign {
    record Stats(FuzzTargets.Target target, FuzzTargets.Outcome outcome, long executions, long execPerSec, long cov,
                 long features, long corpus, double seconds, String finding) {
    }

    private FuzzCampaign() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(".").toAbsolutePath().normalize();
        long executions = 250_000, budgetS = 300;
        int jobs = 2;
        List<String> only = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]).toAbsolutePath().normalize();
                case "--executions" -> executions = Long.parseLong(args[++i]);
                case "--budget-s" -> budgetS = Long.parseLong(args[++i]);
                case "--jobs" -> jobs = Integer.parseInt(args[++i]);
                case "--target" -> only.add(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.setProperty("syslets.fuzz.module", root.resolve("fuzz").toString());
        List<FuzzTargets.Target> targets = FuzzTargets.ALL.stream().filter(t -> only.isEmpty() || only.contains(t.method())).toList();
        int waves = (targets.size() + jobs - 1) / jobs;
        long capS = Math.max(20, budgetS / waves);
        Instant started = Instant.now();
        System.out.printf("fuzz: %d target(s), %,d executions each, %d at a time, time cap %d s per target (budget %d s)%n",
                targets.size(), executions, jobs, capS, budgetS);
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<Stats>> futures = new ArrayList<>();
        final long n = executions;
        final Path r = root;
        for (FuzzTargets.Target t : targets) futures.add(pool.submit(() -> fuzz(r, t, n, capS)));
        List<Stats> stats = new ArrayList<>();
        for (Future<Stats> f : futures) stats.add(f.get());
        pool.shutdown();

        List<Check> checks = new ArrayList<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        Map<String, long[]> perDesign = new LinkedHashMap<>();
        boolean shortfall = false;
        System.out.println();
        System.out.printf("%-24s %12s %9s %6s %7s %7s %8s  %s%n", "target", "executions", "exec/s", "cov", "ft", "corpus", "seconds", "verdict");
        for (Stats s : stats) {
            FuzzTargets.Target t = s.target();
            String verdict = s.finding() == null ? "clean" : s.finding();
            System.out.printf("%-24s %,12d %,9d %6d %7d %7d %8.1f  %s%n", t.id(), s.executions(), s.execPerSec(), s.cov(),
                    s.features(), s.corpus(), s.seconds(), verdict);
            boolean complete = s.executions() >= n;
            shortfall |= !complete;
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("design", t.design());
            m.put("executions", s.executions());
            m.put("execPerSec", s.execPerSec());
            m.put("coverage", s.cov());
            m.put("features", s.features());
            m.put("corpus", s.corpus());
            m.put("seconds", Math.round(s.seconds() * 10) / 10.0);
            m.put("complete", complete);
            m.put("log", root.relativize(s.outcome().log()).toString());
            metrics.put(t.id(), m);
            long[] d = perDesign.computeIfAbsent(t.design(), x -> new long[1]);
            d[0] += s.executions();
            String evidence = s.finding() == null ? root.relativize(s.outcome().log()).toString()
                    : root.relativize(FuzzTargets.findingsDir(t)).toString();
            checks.add(new Check("fuzz", null, t.design(), t.id(), Check.HOLDS, s.finding() == null ? Check.HOLDS : Check.VIOLATED,
                    evidence, String.format("%,d executions (%s), %,d exec/s, cov %d, corpus %d: %s", s.executions(),
                            complete ? "all" : "stopped short of " + n, s.execPerSec(), s.cov(), s.corpus(), verdict)));
        }
        for (Map.Entry<String, long[]> e : perDesign.entrySet()) {
            System.out.printf("%-24s %,12d executions in total%n", e.getKey(), e.getValue()[0]);
            metrics.put("executions." + e.getKey(), e.getValue()[0]);
        }
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("executionsPerTarget", n);
        mode.put("budgetSeconds", budgetS);
        mode.put("jobs", jobs);
        mode.put("timeCapPerTargetSeconds", capS);
        mode.put("engine", "Jazzer 0.30.0 (libFuzzer), JUnit @FuzzTest, one child JVM per target");
        List<String> skipped = FuzzTargets.ALL.stream().filter(t -> !targets.contains(t)).map(t -> t.id() + ": not selected").toList();
        // A target that hit its time cap before its executions (a loaded machine) is reported, not failed:
        // the verdicts are still those of the executions that ran.
        List<String> notes = new ArrayList<>(skipped);
        for (Stats s : stats) {
            if (s.executions() < n) notes.add(s.target().id() + ": " + s.executions() + " of " + n + " executions (time cap " + capS + " s)");
        }
        StageResult res = StageResult.of("fuzz", started, mode, notes, checks, metrics, false);
        Path out = Results.write(root, res);
        boolean findings = stats.stream().anyMatch(s -> s.finding() != null);
        System.out.printf("fuzz: %s; %s%n", findings ? "FINDINGS (saved under " + root.relativize(FuzzTargets.findingsDir(targets.get(0)).getParent()) + "/<method>/)"
                : "no finding", shortfall ? "some target stopped short of its executions (time cap)" : "every target ran all its executions");
        System.out.println("fuzz: results " + root.relativize(out));
        System.exit(findings ? 1 : 0);
    }

    private static final Pattern DONE = Pattern.compile("#(\\d+)\\s+DONE\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");
    private static final Pattern ANY = Pattern.compile("#(\\d+)\\s+\\S+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/\\S+.*?exec/s: (\\d+)");
    private static final Pattern EXECS = Pattern.compile("stat::number_of_executed_units: (\\d+)");
    private static final Pattern RATE = Pattern.compile("stat::average_exec_per_sec:\\s+(\\d+)");

    static Stats fuzz(Path root, FuzzTargets.Target t, long executions, long capS) throws IOException, InterruptedException {
        Path work = root.resolve("fuzz").resolve("target");
        Path corpus = work.resolve("corpus").resolve(t.method());
        Files.createDirectories(corpus);
        Path logs = root.resolve("target").resolve("fuzz");
        Files.createDirectories(logs);
        Path log = logs.resolve(t.method() + ".log");
        Path current = work.resolve("current-" + t.method());
        Path findings = FuzzTargets.findingsDir(t);
        List<String> props = List.of("-Djazzer.trace=cov", "-Djazzer.instrument=" + FuzzTargets.INSTRUMENT,
                "-Djazzer.max_executions=" + executions, "-Djazzer.max_duration=" + capS + "s",
                "-Dsyslets.fuzz.current=" + current, "-Dsyslets.fuzz.findings=" + findings);
        List<String> config = List.of("jazzer.internal.basedir=" + root.resolve("fuzz"), "jazzer.internal.arg.0=syslets-fuzz",
                "jazzer.internal.arg.1=" + corpus, "jazzer.internal.arg.2=-print_final_stats=1", "jazzer.internal.arg.3=-timeout=60");
        long t0 = System.nanoTime();
        FuzzTargets.Outcome o = FuzzTargets.run(t, true, props, config, log, capS + 120);
        double secs = (System.nanoTime() - t0) / 1e9;
        String out = o.output();
        long execs = last(EXECS, out, 1), rate = last(RATE, out, 1), cov = 0, ft = 0;
        Matcher m = DONE.matcher(out);
        Matcher a = ANY.matcher(out);
        while (a.find()) {
            cov = Long.parseLong(a.group(2));
            ft = Long.parseLong(a.group(3));
            if (execs == 0) execs = Long.parseLong(a.group(1));
            if (rate == 0) rate = Long.parseLong(a.group(5));
        }
        while (m.find()) {
            cov = Long.parseLong(m.group(2));
            ft = Long.parseLong(m.group(3));
        }
        long corpusFiles;
        try (Stream<Path> s = Files.list(corpus)) {
            corpusFiles = s.count();
        }
        String finding = null;
        if (!o.clean()) {
            finding = o.verdict();
            // libFuzzer wrote a crash file for a Java finding or a signal it caught; a JVM that died
            // under the JVM's own crash handler, or the watchdog's halt, leaves the input in the
            // shared mapping: save it so the test command replays it.
            if (!out.contains("Test unit written to") && Files.exists(current)) saveCurrent(current, findings, o.hang() ? "timeout" : "crash");
            System.out.printf("fuzz: %s: %s (exit %d); log %s%n%s", t.id(), finding, o.exit(), root.relativize(log), FuzzTargets.tail(out, 25));
        }
        return new Stats(t, o, execs, rate, cov, ft, corpusFiles, secs, finding);
    }

    private static long last(Pattern p, String s, int group) {
        Matcher m = p.matcher(s);
        long v = 0;
        while (m.find()) v = Long.parseLong(m.group(group));
        return v;
    }

    private static void saveCurrent(Path current, Path findings, String prefix) throws IOException {
        byte[] all = Files.readAllBytes(current);
        if (all.length < 4) return;
        int len = java.nio.ByteBuffer.wrap(all).getInt(0);   // Harness.CurrentInput: big-endian length, then the bytes
        if (len < 0 || len > all.length - 4) return;
        byte[] in = java.util.Arrays.copyOfRange(all, 4, 4 + len);
        try {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(in));
            Files.createDirectories(findings);
            Path f = findings.resolve(prefix + "-" + sha);
            Files.write(f, in);
            System.out.println("fuzz: saved the input the JVM died on: " + f);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
