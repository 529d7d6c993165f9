package org.syslets.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs TLC models of the manifest and judges each against its expected verdict. The command line
 * is {@code ./syslets tlc} (module cli, docs/model-runner.md); this class is the engine: one line
 * per model ({@code [k/N] ✓ name verdict states depth seconds}), expected counterexamples written to
 * {@code <name>.trace.txt}/{@code .trace.json} beside the raw {@code <name>.out}, unexpected ones
 * printed in full.
 */
public final class ModelRunner {

    /** Passing models up to this many distinct states also get TLC's state graph (-dump dot) for the report. */
    public static final long DOT_MAX_STATES = 150;

    /**
     * @param tlcOptions TLC options passed through as given; any of them makes the run exploratory:
     *                   the verdict is judged, the distinct-state count is not
     * @param dumpSmallGraphs add {@code -dump dot,actionlabels} for passing models of at most
     *                   {@link #DOT_MAX_STATES} states (does not change what TLC checks)
     * @param jobs       models run at a time by {@link #runAll}; each passing model then gets
     *                   cores / jobs TLC workers (at least one)
     */
    public record Options(int timeoutMinutes, boolean color, boolean tty, boolean showTraces, List<String> tlcOptions,
                          boolean dumpSmallGraphs, int jobs) {
        public Options {
            tlcOptions = List.copyOf(tlcOptions);
            if (jobs < 1) throw new IllegalArgumentException("jobs must be at least 1: " + jobs);
        }

        public Options(int timeoutMinutes, boolean color, boolean tty, boolean showTraces, List<String> tlcOptions,
                       boolean dumpSmallGraphs) {
            this(timeoutMinutes, color, tty, showTraces, tlcOptions, dumpSmallGraphs, 1);
        }

        public static Options plain(int timeoutMinutes) {
            return new Options(timeoutMinutes, false, false, false, List.of(), false);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Manifest manifest;
    private final Path outDir;
    private final PrintStream out;
    private final Options options;

    public ModelRunner(Manifest manifest, Path outDir, PrintStream out, Options options) {
        this.manifest = manifest;
        this.outDir = outDir;
        this.out = out;
        this.options = options;
    }

    /** The runner as the tests use it: no colour, no pass-through, counterexamples printed. */
    public ModelRunner(Manifest manifest, Path outDir, PrintStream out, boolean color) {
        this(manifest, outDir, out, new Options(60, color, false, true, List.of(), false));
    }

    /** Results land in {@code <modelDir>/target/tlc}. */
    public static Path defaultOutDir(Manifest manifest) {
        return manifest.modelDir().resolve("target").resolve("tlc");
    }

    public Path outDir() {
        return outDir;
    }

    /** One model on its own (the tests): {@code [1/1]}, with this timeout. */
    public ModelOutcome run(ManifestEntry entry, int timeoutMinutes) throws IOException, InterruptedException {
        return new ModelRunner(manifest, outDir, out, new Options(timeoutMinutes, options.color(), false,
                options.showTraces(), options.tlcOptions(), options.dumpSmallGraphs())).run(entry, 1, 1);
    }

    /** Runs model {@code k} of {@code n} through TLC, judges it and prints its line. */
    public ModelOutcome run(ManifestEntry entry, int k, int n) throws IOException, InterruptedException {
        return run(entry, k, n, 0, options.tty());
    }

    private ModelOutcome run(ManifestEntry entry, int k, int n, int passingWorkers, boolean beatInPlace)
            throws IOException, InterruptedException {
        boolean expectFailure;
        try {
            expectFailure = entry.expectation().isFailureExpected();
        } catch (IllegalArgumentException e) {
            expectFailure = true;
        }
        Path spec = manifest.specPath(entry), config = manifest.configPath(entry);
        Files.createDirectories(outDir);
        Path raw = outDir.resolve(entry.name() + ".out");
        for (String suffix : List.of(".trace.txt", ".trace.json", ".dot")) Files.deleteIfExists(outDir.resolve(entry.name() + suffix));
        String counter = String.format(Locale.ROOT, "[%" + String.valueOf(n).length() + "d/%d]", k, n);
        TlcResult result;
        TlcConfig cfg = null;
        if (!Files.isRegularFile(spec) || !Files.isRegularFile(config)) {
            String missing = !Files.isRegularFile(spec) ? "spec " + spec : "config " + config;
            result = new TlcResult(Expectation.error("missing " + missing), -1, null, null, null, 0,
                    0, List.of(), null, null);
        } else {
            try {
                cfg = TlcConfig.parse(config);
                List<String> extra = new ArrayList<>(options.tlcOptions());
                if (options.dumpSmallGraphs() && extra.isEmpty() && !expectFailure && entry.distinctStates() != null
                        && entry.distinctStates() <= DOT_MAX_STATES) {
                    extra.addAll(List.of("-dump", "dot,actionlabels", outDir.resolve(entry.name() + ".dot").toString()));
                }
                // A passing model's probes are reported by its own run (Probes: the cfg plus ProbeReport).
                String runConfig = Probes.apply(entry)
                        ? Probes.derivedConfig(config, outDir, entry.name()).toString() : entry.config();
                long[] lastBeat = {-1};
                TlcProcess.Heartbeat beat = (s, p) -> heartbeat(counter, entry.name(), s, p, beatInPlace, lastBeat);
                result = new TlcProcess(manifest.modelDir(), manifest.libraryDir(), beat, extra, passingWorkers)
                        .run(entry.name(), entry.spec(), runConfig, cfg, expectFailure, options.timeoutMinutes(), raw);
            } catch (IOException e) {
                result = new TlcResult(Expectation.error("cannot run TLC: " + e.getMessage()), -1, null, null,
                        null, 0, 0, List.of(), null, null);
            }
        }
        ModelOutcome outcome = ModelOutcome.compare(entry, cfg, result, options.tlcOptions().isEmpty());
        if (!result.trace().isEmpty()) {
            Files.writeString(outDir.resolve(entry.name() + ".trace.txt"), traceText(outcome), StandardCharsets.UTF_8);
            JSON.writeValue(outDir.resolve(entry.name() + ".trace.json").toFile(), SummaryWriter.toJson(outcome));
        }
        print(counter, outcome);
        return outcome;
    }

    /** On a terminal (one model at a time) one line rewritten in place; else one line a minute. */
    private void heartbeat(String counter, String name, long seconds, String progress, boolean inPlace, long[] lastBeat) {
        String p = progress == null ? "" : "  " + progress;
        synchronized (out) {
            if (inPlace) {
                out.printf("\r%s … %s %d s%s\u001b[K", counter, name, seconds, p);
                out.flush();
            } else if (seconds / 60 > lastBeat[0]) {
                lastBeat[0] = seconds / 60;
                if (seconds >= 60) out.printf("%s … %s still running, %d s%s%n", counter, name, seconds, p);
            }
        }
    }

    /**
     * Runs the models, {@link Options#jobs} at a time, each in its own TLC JVM; a model's line is
     * printed when it ends ({@code [k/N]} is its place in {@code selected}), and the summary is
     * rewritten after each. The outcomes come back in the order of {@code selected}. Side by side
     * pays: most quick models spend more time starting a JVM and parsing than searching.
     */
    public List<ModelOutcome> runAll(List<ManifestEntry> selected) throws IOException, InterruptedException {
        int n = selected.size(), jobs = Math.min(options.jobs(), Math.max(1, n));
        int passingWorkers = jobs == 1 ? 0 : Math.max(1, Runtime.getRuntime().availableProcessors() / jobs);
        boolean inPlace = options.tty() && jobs == 1;
        ModelOutcome[] done = new ModelOutcome[n];
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "tlc-job");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int k = i;
                futures.add(pool.submit(() -> {
                    ModelOutcome o = run(selected.get(k), k + 1, n, passingWorkers, inPlace);
                    synchronized (done) {
                        done[k] = o;
                        SummaryWriter.write(outDir, manifest, Arrays.stream(done).filter(Objects::nonNull).toList(), n);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) throw io;
                    if (c instanceof InterruptedException ie) throw ie;
                    if (c instanceof RuntimeException re) throw re;
                    if (c instanceof Error err) throw err;
                    throw new IllegalStateException(c);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(done);
    }

    private String traceText(ModelOutcome o) {
        TlcResult r = o.result();
        return o.entry().name() + ": counterexample (" + r.violation() + "), " + r.trace().size()
                + " states; * = changed since the previous state\n" + CounterexampleTable.render(r.trace(), false);
    }

    private void print(String counter, ModelOutcome o) {
        synchronized (out) {
            printLines(counter, o);
        }
    }

    private void printLines(String counter, ModelOutcome o) {
        TlcResult r = o.result();
        String mark = o.ok() ? paint("32", "✓") : paint("31", "✗");
        String verdict = o.ok() ? r.verdict().toString() : "expected " + o.entry().expect() + ", TLC: " + r.verdict();
        String states = r.distinct() != null ? String.format(Locale.ROOT, "%,d states", r.distinct())
                : r.generated() != null ? String.format(Locale.ROOT, "%,d generated", r.generated()) : "-";
        if (options.tty()) out.print("\r\u001b[K");
        out.printf(Locale.ROOT, "%s %s %-26s %-36s %14s  depth %-4s %7.1f s%s%n", counter, mark, o.entry().name(), verdict, states,
                r.depth() == null ? "-" : r.depth(), r.seconds(),
                r.trace().isEmpty() ? "" : "  counterexample " + r.trace().size() + " states");
        if (!o.ok()) {
            out.println("    MISMATCH: " + o.mismatchText());
            if (r.verdict().kind() == Expectation.Kind.ERROR && r.rawOutput() != null) out.println("    TLC output: " + r.rawOutput());
        }
        if (!r.trace().isEmpty() && (!o.ok() || options.showTraces())) {
            out.println("    counterexample (" + r.violation() + "), " + r.trace().size()
                    + " states; * = changed since previous state:");
            out.print(CounterexampleTable.render(r.trace(), options.color()));
        }
        out.flush();
    }

    private String paint(String code, String s) {
        return options.color() ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }

    /** {@code --list}: the manifest as a table whose columns line up. */
    public static void list(Manifest m, PrintStream out) {
        int name = 4, expect = 6;
        for (ManifestEntry e : m.models()) {
            name = Math.max(name, e.name().length());
            expect = Math.max(expect, String.valueOf(e.expect()).length());
        }
        String row = "%-" + name + "s  %-8s  %-14s  %-" + expect + "s  %-8s  %10s  %s%n";
        out.printf(row, "NAME", "VARIANT", "FINDING", "EXPECT", "SIZE", "DISTINCT", "DESCRIPTION");
        for (ManifestEntry e : m.models()) {
            out.printf(Locale.ROOT, row, e.name(), e.variant(), e.finding(), e.expect(), e.isQuick() ? "quick" : "thorough",
                    e.distinctStates() == null ? "" : String.format(Locale.ROOT, "%,d", e.distinctStates()),
                    e.description() == null ? "" : e.description());
        }
        out.println(m.models().size() + " models in " + m.file());
    }
}
