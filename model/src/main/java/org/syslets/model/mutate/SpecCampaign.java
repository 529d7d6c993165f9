package org.syslets.model.mutate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.syslets.model.Expectation;
import org.syslets.model.Manifest;
import org.syslets.model.ManifestEntry;
import org.syslets.model.ModelOutcome;
import org.syslets.model.TlcConfig;
import org.syslets.model.TlcResult;
import tlc2.tool.impl.ModelConfig;
import util.SimpleFilenameToStream;

/**
 * The spec mutation campaign ({@code ./syslets mutate spec}, docs/mutation.md): generates the
 * mutants of the design definitions of {@code spec/} ({@link SpecMutator}), drops those SANY
 * rejects, runs each against the models of the manifest that can reach the mutated definition, and
 * writes the kill matrix. A mutant is killed when some model's verdict differs from the manifest's;
 * a TLC evaluation error in a reachable state (the mutant made the spec ill-defined) is counted as a
 * kill too but tallied apart; a timeout is not a kill. Exit 0 only if every survivor is argued in
 * model/equivalent-mutants.json and no argued mutant was killed.
 */
public final class SpecCampaign {

    static final String USAGE = """
            usage: SpecCampaign [options]   (./syslets mutate spec [options])
              --module M         mutate only spec module M (repeatable; default: every design module)
              --mutant KEY|NAME  run only this mutant (repeatable), e.g. a survivor again after adding its check
              --sample K         run a seeded sample of K mutants, stratified by module x operator
              --seed S           seed of the sample (default 1)
              --models SET       fixed (default: passing models of the fixed and free designs),
                                 passing (every passing model), all (also the failing v5 models)
              --thorough         add the set's thorough (non-quick) models (without it, they judge only
                                 the definitions no quick model of the set reaches)
              --jobs J           mutants run side by side, one TLC worker each (default 2)
              --budget-min B     start no mutant after B minutes; the rest are reported as not run
              --full-matrix      run every reachable model of every mutant (default: stop at the first kill)
              --timeout-factor F a model's bound is F x its unmutated time + 30 s (default 5)
              --weaken INV|auto|none
                                 acceptance: delete invariant INV from every model, re-run mutants it
                                 killed and show the score drop (default auto: the most-killing one)
              --weaken-mutants W how many of those to re-run (default 4)
              --spec-dir DIR     the spec modules (default <root>/spec)
              --manifest FILE    default <root>/model/manifest.json
              --equivalents FILE default <root>/model/equivalent-mutants.json
              --out DIR          default <root>/target/mutation/spec
              --list             list the mutants and exit (no TLC)""";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    // options
    private final Set<String> modules = new LinkedHashSet<>();
    private Integer sample;
    /** --mutant: only these mutants (key or name), e.g. to run a survivor again after adding its check. */
    private final Set<String> only = new java.util.LinkedHashSet<>();
    private long seed = 1;
    private String modelSet = "fixed";
    private boolean thorough, fullMatrix, list;
    private int jobs = 2, weakenMutants = 4;
    private Double budgetMin;
    private double timeoutFactor = 5;
    private String weaken = "auto";
    private Path root, specDir, manifestPath, equivalentsPath, outDir;

    private final PrintStream out;

    private SpecCampaign(PrintStream out) {
        this.out = out;
    }

    /** A manifest model as the campaign sees it. */
    record Model(ManifestEntry entry, Expectation expected, Set<String> reach, Set<String> behaviour,
                 Set<String> initial, List<String> checks, Map<String, String> constants) { }

    /** One model's verdict on one mutant. */
    record Cell(String outcome, String actual, double seconds, Long distinct) {
        boolean kills() { return outcome.equals("killed") || outcome.equals("error"); }
    }

    /** Where a mutant ended. */
    static final class Result {
        final Mutant mutant;
        final List<String> targets;
        final Map<String, Cell> cells = new LinkedHashMap<>();
        String status;          // stillborn, unreached, not-run, killed, error, timeout, survived, equivalent
        String detail;
        String argument;
        boolean stale;

        Result(Mutant m, List<String> targets) {
            this.mutant = m;
            this.targets = targets;
        }
    }

    public static void main(String[] args) {
        int status;
        try {
            status = new SpecCampaign(System.out).cli(args);
        } catch (Exception e) {
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    /** The campaign in this JVM (its TLC runs are child JVMs as always), printing to {@code out}: for tests. */
    static int run(PrintStream out, String... args) throws Exception {
        return new SpecCampaign(out).cli(args);
    }

    int cli(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) { out.println(USAGE); return 0; }
            switch (a) {
                case "--thorough" -> { thorough = true; continue; }
                case "--full-matrix" -> { fullMatrix = true; continue; }
                case "--list" -> { list = true; continue; }
                default -> { }
            }
            if (i + 1 >= args.length) return usage(a + " needs a value (or is unknown)");
            String v = args[++i];
            switch (a) {
                case "--module" -> modules.add(v);
                case "--mutant" -> only.add(v);
                case "--sample" -> sample = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--models" -> modelSet = v;
                case "--jobs" -> jobs = Integer.parseInt(v);
                case "--budget-min" -> budgetMin = Double.parseDouble(v);
                case "--timeout-factor" -> timeoutFactor = Double.parseDouble(v);
                case "--weaken" -> weaken = v;
                case "--weaken-mutants" -> weakenMutants = Integer.parseInt(v);
                case "--spec-dir" -> specDir = Path.of(v);
                case "--manifest" -> manifestPath = Path.of(v);
                case "--equivalents" -> equivalentsPath = Path.of(v);
                case "--out" -> outDir = Path.of(v);
                default -> { return usage("unknown argument " + a); }
            }
        }
        if (!Set.of("fixed", "passing", "all").contains(modelSet)) return usage("--models fixed|passing|all");
        if (sample != null && sample < 1) return usage("--sample wants a positive number");
        if (jobs < 1) return usage("--jobs wants a positive number");
        root = Path.of(System.getProperty("syslets.root", ".")).toAbsolutePath().normalize();
        if (specDir == null) specDir = root.resolve("spec");
        if (manifestPath == null) manifestPath = root.resolve("model").resolve("manifest.json");
        if (equivalentsPath == null) equivalentsPath = root.resolve("model").resolve("equivalent-mutants.json");
        if (outDir == null) outDir = root.resolve("target").resolve("mutation").resolve("spec");
        specDir = specDir.toAbsolutePath().normalize();
        return run();
    }

    private int usage(String problem) {
        out.println("mutate spec: " + problem);
        out.println(USAGE);
        return 2;
    }

    // ------------------------------------------------------------------------------------- run

    private int run() throws Exception {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Manifest manifest = Manifest.load(manifestPath, manifestPath.toAbsolutePath().getParent(), specDir);
        for (var e : JSON.readTree(manifestPath.toFile()).path("models")) {
            if (e.path("probes").isArray() && e.path("probes").size() > 0) probes.add(e.path("name").asText());
        }
        Path modelDir = manifest.modelDir();
        Path scratch = Files.createTempDirectory("syslets-mutate-");
        try {
            // 1. Every manifest model: what it reaches, and what its behaviour (the design) reaches.
            Map<String, Model> models = new LinkedHashMap<>();
            Set<String> design = new LinkedHashSet<>(), initial = new LinkedHashSet<>();
            List<String> skippedModels = new ArrayList<>();
            for (ManifestEntry e : manifest.models()) {
                Model m;
                try {
                    m = analyse(e, modelDir);
                } catch (RuntimeException x) {   // a manifest entry whose files are missing or broken
                    skippedModels.add(e.name() + ": " + x.getMessage().lines().findFirst().orElse(x.toString()));
                    out.println("mutate spec: skipping model " + skippedModels.get(skippedModels.size() - 1));
                    continue;
                }
                models.put(e.name(), m);
                design.addAll(m.behaviour());
                initial.addAll(m.initial());
            }
            Set<String> specModules = specModules(specDir);
            design.removeIf(k -> !specModules.contains(k.substring(0, k.indexOf('.'))));
            List<Model> selected = models.values().stream().filter(m -> selected(m, thorough)).toList();
            if (selected.isEmpty()) throw new IllegalStateException("no model selected");
            // A design definition no quick model reaches (a module checked only by thorough models) is
            // judged by the set's thorough models that reach it, not left unjudged.
            List<Model> fallback = thorough ? List.of()
                    : models.values().stream().filter(m -> !m.entry().isQuick() && selected(m, true)).toList();

            // The string values the selected models give each constant: which variant arms they reach.
            Map<String, Set<String>> inPlay = new TreeMap<>();
            for (Model m : selected) m.constants().forEach((k, v) -> inPlay.computeIfAbsent(k, x -> new java.util.TreeSet<>()).add(v));

            // 2. The mutants of every design module.
            List<String> skippedModules = new ArrayList<>();
            List<Mutant> all = new ArrayList<>();
            Map<String, String> sources = new LinkedHashMap<>();
            for (String mod : specModules) {
                if (!modules.isEmpty() && !modules.contains(mod)) continue;
                boolean hasDesign = design.stream().anyMatch(k -> k.startsWith(mod + "."));
                if (!hasDesign) {
                    skippedModules.add(mod + ": no manifest model's INIT/NEXT/SPECIFICATION reaches it");
                    continue;
                }
                Path file = specDir.resolve(mod + ".tla");
                String text = Files.readString(file);
                Sany.Parsed p = Sany.parse(file, List.of(specDir));
                if (!p.ok()) throw new IllegalStateException("spec module " + mod + " does not parse: " + p.error());
                sources.put(mod, text);
                all.addAll(SpecMutator.generate(p.root(), text, design, inPlay, initial));
            }
            for (String mod : modules) {
                if (!specModules.contains(mod)) throw new IllegalArgumentException("no spec module " + mod + " in " + specDir);
            }
            if (list) {
                for (Mutant m : all) out.printf("%-12s %-40s %s%n", m.key(), m.name(), m.after());
                out.println(all.size() + " mutants");
                return 0;
            }

            // 3. Targets: the selected models that reach the mutated definition, cheapest first (after baselines).
            Map<Mutant, Result> results = new LinkedHashMap<>();
            for (Mutant m : all) {
                String def = m.module() + "." + m.definition();
                List<String> targets = selected.stream().filter(s -> s.reach().contains(def))
                        .map(s -> s.entry().name()).toList();
                if (targets.isEmpty()) {
                    targets = fallback.stream().filter(s -> s.reach().contains(def)).map(s -> s.entry().name()).toList();
                }
                results.put(m, new Result(m, targets));
            }

            // 4. Sample (stratified by module x operator, seeded), dropping what SANY rejects.
            List<Result> chosen = choose(new ArrayList<>(results.values()), models, modelDir, scratch);
            out.printf(Locale.ROOT, "mutate spec: %d mutants generated in %d modules; %d in variant arms no selected model "
                            + "turns on; %d chosen%s; %d stillborn (SANY rejects)%n",
                    all.size(), sources.size(), results.values().stream().filter(r -> "variant-unreached".equals(r.status)).count(),
                    chosen.size(), sample == null ? "" : " (sample of " + sample + ", seed " + seed + ")",
                    results.values().stream().filter(r -> "stillborn".equals(r.status)).count());

            // 5. Baselines: every selected model a chosen mutant reaches, unmutated, one worker, as the
            //    mutants will run.
            Set<String> needed = new LinkedHashSet<>();
            for (Result r : chosen) if (r.status == null) needed.addAll(r.targets);
            List<Model> run = java.util.stream.Stream.concat(selected.stream(), fallback.stream())
                    .filter(m -> needed.contains(m.entry().name())).toList();
            Map<String, Cell> baseline = baselines(run, modelDir, scratch);
            for (Model s : run) {
                Cell b = baseline.get(s.entry().name());
                if (b.outcome().equals("survived-states")) {
                    out.println("mutate spec: warning: unmutated " + s.entry().name() + " has " + b.distinct()
                            + " distinct states, the manifest says " + s.entry().distinctStates());
                } else if (!b.outcome().equals("survived")) {
                    throw new IllegalStateException("unmutated model " + s.entry().name() + " does not match the manifest: "
                            + b.actual() + " (expected " + s.expected() + ")");
                }
            }
            Comparator<String> cheapest = Comparator.comparingDouble(n -> baseline.get(n).seconds());

            // 6. Run.
            Equivalents eq = Equivalents.load(equivalentsPath);
            runMutants(chosen, models, baseline, cheapest, modelDir, specDir, scratch, t0, null, null);
            for (Result r : chosen) classify(r, eq, modelSet);

            // 7. Acceptance: a weakened model set lowers the score.
            Map<String, Object> weakened = weakenCheck(chosen, models, run, baseline, cheapest, modelDir, scratch, t0);

            double minutes = (System.nanoTime() - t0) / 6e10;
            skippedModules.addAll(skippedModels.stream().map(x -> "model " + x).toList());
            Map<String, Object> matrix = matrix(started, minutes, run, baseline, chosen, results.values(),
                    skippedModules, weakened, sources);
            write(matrix, chosen, sources);
            return report(matrix, chosen);
        } finally {
            ChildTlc.delete(scratch);
        }
    }

    private boolean selected(Model m, boolean withThorough) {
        ManifestEntry e = m.entry();
        if (!withThorough && !e.isQuick()) return false;
        if ("mutation".equals(e.variant())) return false;
        boolean passing = m.expected().kind() == Expectation.Kind.SUCCESS;
        return switch (modelSet) {
            case "fixed" -> passing && ("fixed".equals(e.variant()) || "free".equals(e.variant()));
            case "passing" -> passing;
            default -> true;
        };
    }

    /** The spec modules: every .tla file of the spec directory. */
    private static Set<String> specModules(Path dir) throws IOException {
        Set<String> names = new java.util.TreeSet<>();
        try (var s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tla"))
                    .forEach(n -> names.add(n.substring(0, n.length() - 4)));
        }
        return names;
    }

    private final Map<String, Sany.Parsed> mcParses = new HashMap<>();

    private Model analyse(ManifestEntry e, Path modelDir) {
        Path spec = modelDir.resolve(e.spec());
        Sany.Parsed p = mcParses.computeIfAbsent(e.spec(), k -> Sany.parse(spec, List.of(modelDir, specDir)));
        if (!p.ok()) throw new IllegalStateException(e.spec() + " does not parse: " + p.error());
        ModelConfig cfg = new ModelConfig(modelDir.resolve(e.config()).toString(),
                new SimpleFilenameToStream(new String[] {modelDir.toString(), specDir.toString()}));
        cfg.parse();
        List<String> behaviourRoots = new ArrayList<>();
        behaviourRoots.add(cfg.getInit());
        behaviourRoots.add(cfg.getNext());
        behaviourRoots.add(cfg.getSpec());
        behaviourRoots.addAll(cfg.getOverrides().values());
        List<String> checks = new ArrayList<>();
        for (int i = 0; i < cfg.getInvariants().size(); i++) checks.add(String.valueOf(cfg.getInvariants().elementAt(i)));
        for (int i = 0; i < cfg.getProperties().size(); i++) checks.add(String.valueOf(cfg.getProperties().elementAt(i)));
        List<String> everything = new ArrayList<>(behaviourRoots);
        everything.addAll(checks);
        everything.add(cfg.getSymmetry());
        Map<String, String> constants = new LinkedHashMap<>();
        for (int i = 0; i < cfg.getConstants().size(); i++) {
            tlc2.util.Vect<?> c = (tlc2.util.Vect<?>) cfg.getConstants().elementAt(i);
            if (c.size() == 2) {
                String v = String.valueOf(c.elementAt(1));
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) constants.put(String.valueOf(c.elementAt(0)), v.substring(1, v.length() - 1));
            }
        }
        return new Model(e, e.expectation(), Reach.closure(p.root(), everything), Reach.closure(p.root(), behaviourRoots),
                Reach.closure(p.root(), java.util.Arrays.asList(cfg.getInit())), checks, constants);
    }

    // ---------------------------------------------------------------------------------- choose

    private List<Result> choose(List<Result> all, Map<String, Model> models, Path modelDir, Path scratch) throws IOException {
        Map<String, List<Result>> strata = new TreeMap<>();
        for (Result r : all) {
            if (r.mutant.unreached() != null) {
                r.status = "variant-unreached";
                r.detail = r.mutant.unreached();
                continue;
            }
            if (!only.isEmpty() && !only.contains(r.mutant.key()) && !only.contains(r.mutant.name())) continue;
            strata.computeIfAbsent(r.mutant.module() + "/" + r.mutant.operator(), k -> new ArrayList<>()).add(r);
        }
        Map<String, Integer> quota = new LinkedHashMap<>();
        if (sample == null || sample >= strata.values().stream().mapToInt(List::size).sum()) {
            strata.forEach((k, v) -> quota.put(k, v.size()));
        } else {
            quota.putAll(quotas(strata, sample));
        }
        Random rnd = new Random(seed);
        List<Result> chosen = new ArrayList<>();
        for (var s : strata.entrySet()) {
            List<Result> order = new ArrayList<>(s.getValue());
            if (sample != null) Collections.shuffle(order, rnd);
            int want = quota.get(s.getKey()), got = 0;
            for (Result r : order) {
                if (got >= want) break;
                if (r.targets.isEmpty()) {
                    r.status = "unreached";
                    r.detail = "no selected model reaches " + r.mutant.module() + "." + r.mutant.definition();
                    chosen.add(r);
                    got++;
                    continue;
                }
                String err = parseCheck(r, models, modelDir, scratch);
                if (err != null) {
                    r.status = "stillborn";
                    r.detail = err;
                    continue;
                }
                chosen.add(r);
                got++;
            }
        }
        chosen.sort(Comparator.comparing((Result r) -> r.mutant.module()).thenComparingInt(r -> r.mutant.line())
                .thenComparing(r -> r.mutant.name()));
        return chosen;
    }

    /** Largest-remainder allocation of {@code k} over the strata, at least one each when k allows. */
    static Map<String, Integer> quotas(Map<String, List<Result>> strata, int k) {
        int total = strata.values().stream().mapToInt(List::size).sum();
        Map<String, Integer> q = new LinkedHashMap<>();
        Map<String, Double> rem = new LinkedHashMap<>();
        int given = 0;
        boolean floorOne = k >= strata.size();
        for (var s : strata.entrySet()) {
            double exact = (double) k * s.getValue().size() / total;
            int base = Math.min(s.getValue().size(), Math.max(floorOne ? 1 : 0, (int) Math.floor(exact)));
            q.put(s.getKey(), base);
            rem.put(s.getKey(), exact - Math.floor(exact));
            given += base;
        }
        List<String> byRem = new ArrayList<>(rem.keySet());
        byRem.sort(Comparator.comparingDouble((String s) -> -rem.get(s)).thenComparing(s -> s));
        for (int i = 0; given < k && i < byRem.size() * 4; i++) {
            String s = byRem.get(i % byRem.size());
            if (q.get(s) < strata.get(s).size()) { q.merge(s, 1, Integer::sum); given++; }
        }
        return q;
    }

    /** The mutant's library directory, or null when SANY rejects it (alone or in a model that uses it). */
    private String parseCheck(Result r, Map<String, Model> models, Path modelDir, Path scratch) throws IOException {
        Path lib = library(r.mutant, scratch);
        Sany.Parsed own = Sany.parse(lib.resolve(r.mutant.module() + ".tla"), List.of(lib));
        if (!own.ok()) return own.error();
        Set<String> mcSpecs = new LinkedHashSet<>();
        for (String t : r.targets) mcSpecs.add(models.get(t).entry().spec());
        for (String mc : mcSpecs) {
            Sany.Parsed p = Sany.parse(modelDir.resolve(mc), List.of(modelDir, lib));
            if (!p.ok()) return mc + ": " + p.error();
        }
        return null;
    }

    /** A directory with the spec modules, the mutated one replaced (the others linked). */
    private Path library(Mutant m, Path scratch) throws IOException {
        Path lib = scratch.resolve("lib-" + m.key());
        if (Files.isDirectory(lib)) return lib;
        Files.createDirectories(lib);
        try (var s = Files.list(specDir)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".tla")).toList()) {
                if (!f.getFileName().toString().equals(m.module() + ".tla")) Files.createSymbolicLink(lib.resolve(f.getFileName()), f);
            }
        }
        Files.writeString(lib.resolve(m.module() + ".tla"), m.source());
        return lib;
    }

    // ---------------------------------------------------------------------------------- run TLC

    private Map<String, Cell> baselines(List<Model> selected, Path modelDir, Path scratch) throws Exception {
        out.printf("mutate spec: unmutated baseline of %d models (%s) ...%n", selected.size(),
                selected.stream().map(m -> m.entry().name()).collect(Collectors.joining(", ")));
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        Map<String, Future<Cell>> fs = new LinkedHashMap<>();
        for (Model m : selected) {
            fs.put(m.entry().name(), pool.submit(() -> cell(m, modelDir, specDir, m.entry().config(), 1800, scratch)));
        }
        Map<String, Cell> b = new LinkedHashMap<>();
        for (var e : fs.entrySet()) b.put(e.getKey(), e.getValue().get());
        pool.shutdown();
        b.forEach((n, c) -> out.printf(Locale.ROOT, "    %-24s %-9s %6.1f s  %s states%n", n, c.outcome(), c.seconds(), c.distinct()));
        return b;
    }

    /**
     * One model on one library. Judged as the runner judges it ({@link ModelOutcome#compare}: the
     * verdict, and whatever else the manifest expects of the run, such as reachability probes), except
     * that a changed distinct-state count alone is no kill: it is recorded as {@code survived-states}.
     */
    private Cell cell(Model m, Path modelDir, Path library, String config, double timeoutSec, Path scratch)
            throws IOException, InterruptedException {
        String cfg = withProbeReport(m, modelDir, config, scratch);
        ChildTlc.Run run = ChildTlc.run(modelDir, library, cfg, m.entry().spec(), timeoutSec, scratch);
        TlcResult r = run.result();
        String actual = r.verdict().toString();
        try {
            if (run.timedOut()) return new Cell("timeout", "timeout after " + Math.round(timeoutSec) + " s", r.seconds(), r.distinct());
            if (r.verdict().kind() == Expectation.Kind.ERROR) return new Cell("error", actual, r.seconds(), r.distinct());
            if (!m.expected().matches(r.verdict())) return new Cell("killed", actual, r.seconds(), r.distinct());
            List<String> other = ModelOutcome.compare(m.entry(), TlcConfig.parse(modelDir.resolve(cfg)), r).mismatches()
                    .stream().filter(x -> !x.startsWith("distinct states:")).toList();
            if (!other.isEmpty()) return new Cell("killed", String.join("; ", other), r.seconds(), r.distinct());
            boolean drift = m.expected().kind() == Expectation.Kind.SUCCESS && m.entry().distinctStates() != null
                    && !m.entry().distinctStates().equals(r.distinct());
            return new Cell(drift ? "survived-states" : "survived", actual, r.seconds(), r.distinct());
        } finally {
            if (r.rawOutput() != null) Files.deleteIfExists(r.rawOutput());
        }
    }

    /**
     * A model whose manifest entry lists reachability probes is run, as the runner runs it, with
     * {@code INVARIANT ProbeReport} added to its cfg (a copy in the scratch dir).
     */
    private String withProbeReport(Model m, Path modelDir, String config, Path scratch) throws IOException {
        if (!probes.contains(m.entry().name()) || m.expected().kind() != Expectation.Kind.SUCCESS) return config;
        Path cfgPath = modelDir.resolve(config);
        Path out = scratch.resolve(m.entry().name() + "-" + Integer.toHexString(config.hashCode()) + ".probes.cfg");
        if (!Files.exists(out)) {
            String text = Files.readString(cfgPath);
            Files.writeString(out, text + (text.endsWith("\n") ? "" : "\n") + "INVARIANT ProbeReport\n");
        }
        return out.toString();
    }

    /** Models whose manifest entry lists reachability probes (read from the JSON: the field is optional). */
    private final Set<String> probes = new LinkedHashSet<>();

    /**
     * Runs the chosen mutants, {@code jobs} at a time. {@code weakenedCfg}, when given, maps model
     * names to a weakened .cfg to use instead of the manifest's.
     */
    private void runMutants(List<Result> chosen, Map<String, Model> models, Map<String, Cell> baseline,
                            Comparator<String> cheapest, Path modelDir, Path lib0, Path scratch, long t0,
                            Map<String, String> weakenedCfg, String label) throws Exception {
        // Seeded random order: a run cut short by its budget has still run a random sample.
        List<Result> todo = new ArrayList<>(chosen.stream().filter(r -> r.status == null).toList());
        Collections.shuffle(todo, new Random(seed + 7));
        ExecutorService pool = Executors.newFixedThreadPool(jobs);
        List<Future<?>> fs = new ArrayList<>();
        int[] done = {0};
        for (Result r : todo) {
            fs.add(pool.submit(() -> {
                if (budgetMin != null && label == null && (System.nanoTime() - t0) / 6e10 > budgetMin) {
                    r.status = "not-run";
                    r.detail = "budget of " + budgetMin + " min spent";
                    return null;
                }
                Path lib = library(r.mutant, scratch);
                List<String> order = new ArrayList<>(r.targets);
                order.sort(cheapest);
                for (String name : order) {
                    Model m = models.get(name);
                    double bound = timeoutFactor * baseline.get(name).seconds() + 30;
                    String cfg = weakenedCfg != null && weakenedCfg.containsKey(name) ? weakenedCfg.get(name) : m.entry().config();
                    Cell c = cell(m, modelDir, lib, cfg, bound, scratch);
                    r.cells.put(name, c);
                    if (c.kills() && !fullMatrix) break;
                }
                r.status = status(r);
                synchronized (done) {
                    done[0]++;
                    out.printf(Locale.ROOT, "  %s[%d/%d] %-9s %-44s %s%n", label == null ? "" : label + " ", done[0], todo.size(),
                            r.status, r.mutant.name(), summary(r));
                    out.flush();
                }
                return null;
            }));
        }
        for (Future<?> f : fs) f.get();
        pool.shutdown();
    }

    private static String status(Result r) {
        if (r.cells.values().stream().anyMatch(c -> c.outcome().equals("killed"))) return "killed";
        if (r.cells.values().stream().anyMatch(c -> c.outcome().equals("error"))) return "error";
        if (r.cells.values().stream().anyMatch(c -> c.outcome().equals("timeout"))) return "timeout";
        return "survived";
    }

    private static String summary(Result r) {
        return r.cells.entrySet().stream().filter(e -> e.getValue().kills()).findFirst()
                .map(e -> "by " + e.getKey() + " (" + e.getValue().actual() + ")")
                .orElse("ran on " + String.join(", ", r.cells.keySet()));
    }

    private static void classify(Result r, Equivalents eq, String modelSet) {
        Equivalents.Entry e = eq.find(r.mutant);
        if (e == null || !e.holdsFor(modelSet)) return;
        r.argument = e.argument();
        switch (r.status) {
            case "survived", "timeout", "unreached" -> r.status = "equivalent";
            case "killed", "error" -> r.stale = true;
            default -> { }
        }
    }

    // ---------------------------------------------------------------------------------- weaken

    private Map<String, Object> weakenCheck(List<Result> chosen, Map<String, Model> models, List<Model> selected,
                                            Map<String, Cell> baseline, Comparator<String> cheapest, Path modelDir,
                                            Path scratch, long t0) throws Exception {
        Map<String, Object> w = new LinkedHashMap<>();
        if (weaken.equals("none")) return w;
        // Which invariant or property killed what: TLC names it.
        Map<String, List<Result>> byCheck = new TreeMap<>();
        for (Result r : chosen) {
            if (!"killed".equals(r.status)) continue;
            r.cells.values().stream().filter(c -> c.outcome().equals("killed") && c.actual().contains(":")
                            && !c.actual().endsWith(":?"))
                    .findFirst().ifPresent(c -> byCheck.computeIfAbsent(c.actual().substring(c.actual().indexOf(':') + 1),
                            k -> new ArrayList<>()).add(r));
        }
        String inv = weaken;
        if (inv.equals("auto")) {
            // Prefer a check that one selected model alone makes (its deletion cannot be covered by
            // a sibling model's copy), then the one that killed most.
            Map<String, Long> checkers = new HashMap<>();
            for (Model m : selected) for (String c : m.checks()) checkers.merge(c, 1L, Long::sum);
            inv = byCheck.entrySet().stream().max(Comparator
                            .comparing((Map.Entry<String, List<Result>> e) -> checkers.getOrDefault(e.getKey(), 0L) == 1)
                            .thenComparingInt(e -> e.getValue().size()))
                    .map(Map.Entry::getKey).orElse(null);
        }
        if (inv == null || !byCheck.containsKey(inv)) {
            w.put("invariant", inv);
            w.put("result", "nothing to weaken: no mutant of this run was killed by " + inv);
            return w;
        }
        // The weakened models: INV deleted from INVARIANTS/PROPERTIES of every selected model that checks it.
        Map<String, String> weakCfg = new LinkedHashMap<>();
        for (Model m : selected) {
            if (!m.checks().contains(inv)) continue;
            Path f = scratch.resolve("weak-" + m.entry().name() + ".cfg");
            Files.writeString(f, withoutCheck(Files.readString(modelDir.resolve(m.entry().config())), inv));
            weakCfg.put(m.entry().name(), f.toString());
        }
        List<Result> killedBy = new ArrayList<>(byCheck.get(inv));
        List<Result> again = new ArrayList<>();
        Collections.shuffle(killedBy, new Random(seed));
        for (Result r : killedBy.subList(0, Math.min(weakenMutants, killedBy.size()))) {
            Result copy = new Result(r.mutant, r.targets);
            again.add(copy);
        }
        out.printf("mutate spec: acceptance - %s deleted from %s; re-running %d of the %d mutants it killed ...%n",
                inv, String.join(", ", weakCfg.keySet()), again.size(), killedBy.size());
        runMutants(again, models, baseline, cheapest, modelDir, specDir, scratch, t0, weakCfg, "weakened");
        long nowSurvive = again.stream().filter(r -> !r.status.equals("killed") && !r.status.equals("error")).count();
        long killed = chosen.stream().filter(r -> r.status.equals("killed") || r.status.equals("error")).count();
        long denom = chosen.stream().filter(r -> countsInScore(r.status)).count();
        w.put("invariant", inv);
        w.put("models", new ArrayList<>(weakCfg.keySet()));
        w.put("rerun", again.stream().map(r -> Map.of("mutant", r.mutant.name(), "status", r.status)).toList());
        w.put("killedByIt", killedBy.size());
        w.put("nowSurvive", nowSurvive);
        w.put("score", pct(killed, denom));
        w.put("weakenedScoreAtMost", pct(killed - nowSurvive, denom));
        w.put("lowers", nowSurvive > 0);
        return w;
    }

    /** The .cfg text without {@code check} in its INVARIANT(S)/PROPERTY(IES) lines (an emptied line goes). */
    static String withoutCheck(String cfg, String check) {
        StringBuilder b = new StringBuilder();
        for (String line : cfg.split("\n", -1)) {
            String[] w = line.strip().split("\\s+");
            if (w.length > 0 && w[0].matches("INVARIANTS?|PROPERTY|PROPERTIES") && List.of(w).contains(check)) {
                List<String> keep = new ArrayList<>(List.of(w));
                keep.removeIf(check::equals);
                if (keep.size() == 1) continue;
                line = String.join(" ", keep);
            }
            b.append(line).append('\n');
        }
        return b.toString();
    }

    static boolean countsInScore(String status) {
        return switch (status) {
            case "killed", "error", "timeout", "survived", "unreached" -> true;
            default -> false; // equivalent, stillborn, not-run
        };
    }

    static double pct(long a, long b) {
        return b == 0 ? 0 : Math.round(1000.0 * a / b) / 10.0;
    }

    // ---------------------------------------------------------------------------------- output

    private Map<String, Object> matrix(Instant started, double minutes, List<Model> selected, Map<String, Cell> baseline,
                                       List<Result> chosen, java.util.Collection<Result> all, List<String> skippedModules,
                                       Map<String, Object> weakened, Map<String, String> sources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("generatedAt", Instant.now().toString());
        m.put("startedAt", started.toString());
        m.put("minutes", Math.round(minutes * 100) / 100.0);
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("models", modelSet);
        mode.put("thorough", thorough);
        mode.put("thoroughFallback", !thorough);   // thorough models judge what no quick model reaches
        mode.put("sample", sample);
        mode.put("seed", seed);
        mode.put("sampling", sample == null ? "all mutants"
                : "stratified by module x operator, largest-remainder quotas (at least 1 per stratum), "
                  + "java.util.Random(seed) shuffle per stratum; stillborn mutants are replaced from the same stratum");
        mode.put("jobs", jobs);
        mode.put("budgetMin", budgetMin);
        mode.put("timeout", "per model: " + timeoutFactor + " x unmutated time + 30 s");
        mode.put("fullMatrix", fullMatrix);
        mode.put("modules", new ArrayList<>(sources.keySet()));
        mode.put("specDir", specDir.startsWith(root) ? root.relativize(specDir).toString() : specDir.toString());
        m.put("mode", mode);
        m.put("operators", SpecMutator.OPERATORS);
        m.put("skippedModules", skippedModules);
        List<Map<String, Object>> ms = new ArrayList<>();
        for (Model s : selected) {
            Cell b = baseline.get(s.entry().name());
            ms.add(Map.of("name", s.entry().name(), "variant", s.entry().variant(), "expect", s.entry().expect(),
                    "seconds", Math.round(b.seconds() * 10) / 10.0, "distinct", b.distinct() == null ? -1 : b.distinct()));
        }
        m.put("models", ms);
        Map<String, Long> counts = new TreeMap<>();
        for (Result r : all) counts.merge(r.status == null ? "not-chosen" : r.status, 1L, Long::sum);
        m.put("counts", counts);
        m.put("generated", all.size());
        long killed = chosen.stream().filter(r -> r.status.equals("killed") || r.status.equals("error")).count();
        long errors = chosen.stream().filter(r -> r.status.equals("error")).count();
        long denom = chosen.stream().filter(r -> countsInScore(r.status)).count();
        m.put("score", Map.of("killed", killed, "killedByTlcError", errors, "nonEquivalent", denom, "percent", pct(killed, denom)));
        m.put("byModule", groups(chosen, r -> r.mutant.module()));
        m.put("byOperator", groups(chosen, r -> r.mutant.operator()));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Result r : chosen) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", r.mutant.name());
            row.put("key", r.mutant.key());
            row.put("module", r.mutant.module());
            row.put("definition", r.mutant.definition());
            row.put("operator", r.mutant.operator());
            row.put("line", r.mutant.line());
            row.put("before", r.mutant.before());
            row.put("after", r.mutant.after());
            row.put("status", r.status);
            if (r.detail != null) row.put("detail", r.detail);
            if (r.argument != null) row.put("argument", r.argument);
            if (r.stale) row.put("staleEquivalence", true);
            Map<String, String> cells = new LinkedHashMap<>();
            for (Model s : selected) {
                String n = s.entry().name();
                Cell c = r.cells.get(n);
                cells.put(n, c == null ? (r.targets.contains(n) ? "not run" : "unreached")
                        : c.outcome() + (c.kills() || c.outcome().equals("timeout") ? ": " + c.actual() : ""));
            }
            row.put("cells", cells);
            if (isSurvivor(r)) row.put("diff", "survivors/" + r.mutant.name() + ".diff");
            rows.add(row);
        }
        m.put("mutants", rows);
        m.put("stillborn", all.stream().filter(r -> "stillborn".equals(r.status))
                .map(r -> Map.of("name", r.mutant.name(), "after", r.mutant.after(), "reason", r.detail)).toList());
        m.put("variantUnreached", all.stream().filter(r -> "variant-unreached".equals(r.status))
                .map(r -> Map.of("name", r.mutant.name(), "key", r.mutant.key(), "after", r.mutant.after(), "reason", r.detail)).toList());
        m.put("weakened", weakened);
        return m;
    }

    static boolean isSurvivor(Result r) {
        return Set.of("survived", "timeout", "unreached", "equivalent").contains(r.status);
    }

    private static Map<String, Map<String, Object>> groups(List<Result> chosen, java.util.function.Function<Result, String> by) {
        Map<String, Map<String, Object>> g = new TreeMap<>();
        Map<String, List<Result>> parts = chosen.stream().collect(Collectors.groupingBy(by, TreeMap::new, Collectors.toList()));
        for (var e : parts.entrySet()) {
            Map<String, Long> c = new TreeMap<>();
            for (Result r : e.getValue()) c.merge(r.status, 1L, Long::sum);
            long killed = c.getOrDefault("killed", 0L) + c.getOrDefault("error", 0L);
            long denom = e.getValue().stream().filter(r -> countsInScore(r.status)).count();
            Map<String, Object> row = new LinkedHashMap<>(c);
            row.put("percent", pct(killed, denom));
            g.put(e.getKey(), row);
        }
        return g;
    }

    private void write(Map<String, Object> matrix, List<Result> chosen, Map<String, String> sources) throws IOException {
        Files.createDirectories(outDir);
        Path surv = outDir.resolve("survivors");
        ChildTlc.delete(surv);
        Files.createDirectories(surv);
        JSON.writeValue(outDir.resolve("matrix.json").toFile(), matrix);
        StringBuilder md = new StringBuilder();
        @SuppressWarnings("unchecked") Map<String, Object> score = (Map<String, Object>) matrix.get("score");
        md.append("# Spec mutation campaign\n\n");
        md.append(String.format(Locale.ROOT, "Score: **%s %%** of non-equivalent mutants killed (%s of %s; %s of them by a TLC "
                        + "evaluation error). Counts: %s. %s min.%n%n", score.get("percent"), score.get("killed"),
                score.get("nonEquivalent"), score.get("killedByTlcError"), matrix.get("counts"), matrix.get("minutes")));
        md.append("Mode: ").append(matrix.get("mode")).append("\n\n");
        md.append(table("module", matrix.get("byModule"))).append('\n').append(table("operator", matrix.get("byOperator")));
        md.append("\n## Survivors\n\n");
        for (Result r : chosen) {
            if (!isSurvivor(r)) continue;
            String diff = r.mutant.diff(sources.get(r.mutant.module()));
            Files.writeString(surv.resolve(r.mutant.name() + ".diff"), diff);
            md.append("### ").append(r.mutant.name()).append(" (").append(r.status).append(", key `").append(r.mutant.key())
              .append("`)\n\n");
            md.append("Ran on: ").append(r.cells.isEmpty() ? "none (" + r.detail + ")" : r.cells.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().outcome()).collect(Collectors.joining(", "))).append("\n\n");
            if (r.argument != null) md.append("Argued equivalent: ").append(r.argument).append("\n\n");
            md.append("```diff\n").append(diff).append("```\n\n");
        }
        Files.writeString(outDir.resolve("summary.md"), md.toString(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static String table(String what, Object groups) {
        Map<String, Map<String, Object>> g = (Map<String, Map<String, Object>>) groups;
        List<String> cols = List.of("killed", "error", "survived", "timeout", "unreached", "equivalent", "not-run");
        StringBuilder s = new StringBuilder("| " + what + " | " + String.join(" | ", cols) + " | score % |\n|---");
        s.append("|---".repeat(cols.size() + 1)).append("|\n");
        for (var e : g.entrySet()) {
            s.append("| ").append(e.getKey());
            for (String c : cols) s.append(" | ").append(e.getValue().getOrDefault(c, 0L));
            s.append(" | ").append(e.getValue().get("percent")).append(" |\n");
        }
        return s.toString();
    }

    private int report(Map<String, Object> matrix, List<Result> chosen) {
        @SuppressWarnings("unchecked") Map<String, Object> score = (Map<String, Object>) matrix.get("score");
        out.println(table("module", matrix.get("byModule")));
        out.println(table("operator", matrix.get("byOperator")));
        List<Result> unexplained = chosen.stream().filter(r -> Set.of("survived", "timeout", "unreached").contains(r.status)).toList();
        List<Result> stale = chosen.stream().filter(r -> r.stale).toList();
        for (Result r : unexplained) {
            out.printf("  SURVIVOR %-44s key %s  %s -> %s%n", r.mutant.name(), r.mutant.key(), r.mutant.before(), r.mutant.after());
        }
        for (Result r : stale) {
            out.printf("  STALE equivalence claim: %s (key %s) was killed: %s%n", r.mutant.name(), r.mutant.key(), summary(r));
        }
        @SuppressWarnings("unchecked") Map<String, Object> w = (Map<String, Object>) matrix.get("weakened");
        if (w != null && w.containsKey("lowers")) {
            out.printf("mutate spec: acceptance - without %s, %s of %s re-run mutants survive: score %s %% -> at most %s %%%n",
                    w.get("invariant"), w.get("nowSurvive"), ((List<?>) w.get("rerun")).size(), w.get("score"),
                    w.get("weakenedScoreAtMost"));
        }
        out.printf("mutate spec: score %s %% (%s of %s non-equivalent mutants killed; %s by a TLC error); %d unexplained "
                        + "survivors, %d stale equivalence claims; matrix %s%n", score.get("percent"), score.get("killed"),
                score.get("nonEquivalent"), score.get("killedByTlcError"), unexplained.size(), stale.size(),
                root.relativize(outDir.resolve("matrix.json")));
        return unexplained.isEmpty() && stale.isEmpty() ? 0 : 1;
    }
}
