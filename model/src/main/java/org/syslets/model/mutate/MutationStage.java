package org.syslets.model.mutate;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import org.syslets.results.Check;
import org.syslets.results.Results;
import org.syslets.results.StageResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes {@code target/results/mutation.json} (checker "mutation") from what this run's two
 * campaigns left: the spec campaign's kill matrix and PIT's {@code mutations.xml}. A part is read
 * only when it was written after {@code --since} (the stage's start): the report must show what
 * this run produced, not a file an earlier run left behind.
 *
 * <p>PIT's own score counts KILLED, TIMED_OUT, MEMORY_ERROR and RUN_ERROR as detected and
 * SURVIVED and NO_COVERAGE as not; so does this. A PIT survivor is explained when
 * impl/equivalent-mutants.txt has a line for it:
 * {@code class | method | mutator | description | argument}.
 */
public final class MutationStage {

    static final double SPEC_GOAL = 90, RUNTIME_GOAL = 85;
    private static final ObjectMapper JSON = new ObjectMapper();

    private MutationStage() { }

    /** One PIT mutant. */
    record PitMutant(String status, String clazz, String method, String mutator, int line, String description) {
        boolean detected() {
            return switch (status) {
                case "KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR" -> true;
                default -> false;
            };
        }

        String shortMutator() {
            return mutator.substring(mutator.lastIndexOf('.') + 1);
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("syslets.root", ".")).toAbsolutePath().normalize();
        Path spec = null, pit = null;
        String pitSample = null, pitScope = "org.syslets.design, .linux, .abi and .kernel";
        Map<String, Object> pitRun = new LinkedHashMap<>();
        long since = 0;
        Map<String, Object> mode = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--spec" -> spec = root.resolve(args[i + 1]);
                case "--pit" -> pit = root.resolve(args[i + 1]);
                case "--since" -> since = Long.parseLong(args[i + 1]) * 1000;
                case "--mode" -> mode.put("run", args[i + 1]);
                case "--pit-sample" -> pitSample = args[i + 1];
                case "--pit-scope" -> pitScope = args[i + 1];
                case "--pit-minutes" -> pitRun.put("minutes", Double.parseDouble(args[i + 1]));
                case "--pit-load" -> pitRun.put("loadavgBeforeAfter", args[i + 1]);
                case "--pit-leftover" -> pitRun.put("leftoverMinions", Integer.parseInt(args[i + 1]));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Instant started = since > 0 ? Instant.ofEpochMilli(since) : Instant.now();
        List<Check> checks = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Map<String, Object> metrics = new LinkedHashMap<>();
        boolean broken = false;

        if (spec == null) {
            skipped.add("spec campaign: not run");
        } else if (!fresh(spec, since)) {
            skipped.add("spec campaign: no kill matrix written by this run (" + root.relativize(spec) + ")");
            broken = true;
        } else {
            broken |= spec(root, spec, checks, metrics, mode);
        }
        if (pit == null) {
            skipped.add("runtime (PIT): not run");
        } else if (!fresh(pit, since)) {
            skipped.add("runtime (PIT): no mutations.xml written by this run (" + root.relativize(pit) + ")");
            broken = true;
        } else {
            runtime(root, pit, pitScope, pitSample, checks, metrics, mode);
            @SuppressWarnings("unchecked") Map<String, Object> rt = (Map<String, Object>) metrics.get("runtime");
            rt.putAll(pitRun);
        }
        StageResult r = StageResult.of("mutation", started, mode, skipped, checks, metrics, broken);
        Path f = Results.write(root, r);
        System.out.printf("mutate: %s (%d checks, %d failed) -> %s%n", r.status(), checks.size(),
                checks.stream().filter(c -> !c.ok()).count(), root.relativize(f));
        System.exit(r.passed() ? 0 : 1);
    }

    private static boolean fresh(Path f, long since) throws IOException {
        return Files.isRegularFile(f) && Files.getLastModifiedTime(f).toMillis() >= since;
    }

    @SuppressWarnings("unchecked")
    private static boolean spec(Path root, Path file, List<Check> checks, Map<String, Object> metrics,
                                Map<String, Object> mode) throws IOException {
        Map<String, Object> m = JSON.readValue(file.toFile(), Map.class);
        Map<String, Object> score = (Map<String, Object>) m.get("score");
        double pct = ((Number) score.get("percent")).doubleValue();
        String evidence = root.relativize(file.resolveSibling("summary.md")).toString();
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("mutants");
        long unexplained = rows.stream().filter(r -> List.of("survived", "timeout", "unreached").contains(r.get("status"))).count();
        long stale = rows.stream().filter(r -> Boolean.TRUE.equals(r.get("staleEquivalence"))).count();
        mode.put("spec", m.get("mode"));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("score", pct);
        s.put("killed", score.get("killed"));
        s.put("killedByTlcError", score.get("killedByTlcError"));
        s.put("nonEquivalent", score.get("nonEquivalent"));
        s.put("generated", m.get("generated"));
        s.put("counts", m.get("counts"));
        s.put("byModule", m.get("byModule"));
        s.put("byOperator", m.get("byOperator"));
        s.put("unexplainedSurvivors", rows.stream().filter(r -> List.of("survived", "timeout", "unreached").contains(r.get("status")))
                .map(r -> r.get("name") + " " + r.get("key")).toList());
        s.put("survivors", rows.stream().filter(r -> List.of("survived", "timeout", "unreached", "equivalent").contains(r.get("status")))
                .map(r -> {
                    Map<String, Object> v = new LinkedHashMap<>();
                    for (String k : List.of("name", "key", "module", "operator", "status", "before", "after", "argument", "diff")) {
                        if (r.get(k) != null) v.put(k, r.get(k));
                    }
                    return v;
                }).toList());
        s.put("weakened", m.get("weakened"));
        s.put("minutes", m.get("minutes"));
        metrics.put("spec", s);
        checks.add(new Check("mutation", null, "fixed", "spec: >= " + (int) SPEC_GOAL + " % of non-equivalent mutants killed",
                Check.HOLDS, pct >= SPEC_GOAL ? Check.HOLDS : Check.VIOLATED, evidence,
                String.format(Locale.ROOT, "%.1f %% (%s of %s)", pct, score.get("killed"), score.get("nonEquivalent"))));
        checks.add(new Check("mutation", null, "fixed", "spec: every survivor argued in model/equivalent-mutants.json",
                Check.HOLDS, unexplained == 0 && stale == 0 ? Check.HOLDS : Check.VIOLATED, evidence,
                unexplained + " unexplained survivors, " + stale + " equivalence claims contradicted by a kill"));
        Map<String, Object> w = (Map<String, Object>) m.get("weakened");
        if (w != null && w.containsKey("lowers")) {
            boolean lowers = Boolean.TRUE.equals(w.get("lowers"));
            checks.add(new Check("mutation", null, "fixed", "spec: deleting " + w.get("invariant") + " lowers the score",
                    Check.HOLDS, lowers ? Check.HOLDS : Check.VIOLATED, evidence,
                    w.get("nowSurvive") + " of " + ((List<?>) w.get("rerun")).size() + " re-run mutants survive without it: "
                            + w.get("score") + " % -> at most " + w.get("weakenedScoreAtMost") + " %"));
        }
        return false;
    }

    static void runtime(Path root, Path xml, String scope, String pitSample, List<Check> checks, Map<String, Object> metrics,
                                Map<String, Object> mode) throws Exception {
        List<PitMutant> all = readPit(xml);
        Path eqFile = root.resolve("impl").resolve("equivalent-mutants.txt");
        Map<String, String> eq = readEquivalents(eqFile);
        long detected = all.stream().filter(PitMutant::detected).count();
        double pct = all.isEmpty() ? 0 : Math.round(1000.0 * detected / all.size()) / 10.0;
        List<PitMutant> survivors = all.stream().filter(p -> !p.detected()).toList();
        List<String> unexplained = new ArrayList<>();
        long argued = 0;
        for (PitMutant p : survivors) {
            if (argument(eq, p) != null) argued++;
            else unexplained.add(p.clazz() + "." + p.method() + ":" + p.line() + " " + p.shortMutator() + " (" + p.description() + ")");
        }
        double pctNonEq = all.size() - argued == 0 ? 0 : Math.round(1000.0 * detected / (all.size() - argued)) / 10.0;
        Map<String, Map<String, Long>> byClass = new TreeMap<>(), byMutator = new TreeMap<>();
        for (PitMutant p : all) {
            byClass.computeIfAbsent(p.clazz(), k -> new TreeMap<>()).merge(p.status(), 1L, Long::sum);
            byMutator.computeIfAbsent(p.shortMutator(), k -> new TreeMap<>()).merge(p.status(), 1L, Long::sum);
        }
        // KILLED and TIMED_OUT apart: on a loaded machine a slow test can time out too (docs/mutation.md).
        Map<String, Long> byStatus = new TreeMap<>();
        for (PitMutant p : all) byStatus.merge(p.status(), 1L, Long::sum);
        long covered = all.size() - byStatus.getOrDefault("NO_COVERAGE", 0L);
        double pctCovered = covered == 0 ? 0 : Math.round(1000.0 * detected / covered) / 10.0;
        System.out.printf(Locale.ROOT, "mutate runtime: PIT score %.1f %% (%d of %d detected), %d covered by a test (%.1f %% of those detected); %s%n",
                pct, detected, all.size(), covered, pctCovered, byStatus);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("score", pct);
        r.put("covered", covered);
        r.put("scoreOverCovered", pctCovered);
        r.put("byStatus", byStatus);
        r.put("scoreOverNonEquivalent", pctNonEq);
        r.put("mutants", all.size());
        r.put("detected", detected);
        r.put("arguedEquivalent", argued);
        r.put("byClass", byClass);
        r.put("byMutator", byMutator);
        r.put("unexplainedSurvivors", unexplained);
        r.put("survivors", survivors.stream().map(p -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("class", p.clazz());
            v.put("method", p.method());
            v.put("line", p.line());
            v.put("mutator", p.shortMutator());
            v.put("description", p.description());
            v.put("status", p.status());
            v.put("argument", argument(eq, p));
            return v;
        }).toList());
        metrics.put("runtime", r);
        mode.put("runtime", "PIT DEFAULTS mutators over " + scope + " (impl/pom.xml)"
                + (pitSample == null ? ", every mutant" : ", " + pitSample));
        // PIT writes index.html last; a run stopped early leaves only the mutations of the classes it finished.
        Path html = xml.resolveSibling("index.html");
        String evidence = root.relativize(Files.isRegularFile(html) ? html : xml).toString();
        checks.add(new Check("mutation", null, null, "runtime: PIT score >= " + (int) RUNTIME_GOAL + " %", Check.HOLDS,
                pct >= RUNTIME_GOAL ? Check.HOLDS : Check.VIOLATED, evidence,
                String.format(Locale.ROOT, "%.1f %% (%d of %d detected; %.1f %% of those not argued equivalent)",
                        pct, detected, all.size(), pctNonEq)));
        checks.add(new Check("mutation", null, null, "runtime: every survivor argued in impl/equivalent-mutants.txt",
                Check.HOLDS, unexplained.isEmpty() ? Check.HOLDS : Check.VIOLATED, evidence,
                unexplained.size() + " unexplained of " + survivors.size() + " survivors"));
    }

    static List<PitMutant> readPit(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document d = f.newDocumentBuilder().parse(xml.toFile());
        NodeList ns = d.getElementsByTagName("mutation");
        List<PitMutant> out = new ArrayList<>();
        for (int i = 0; i < ns.getLength(); i++) {
            Element e = (Element) ns.item(i);
            out.add(new PitMutant(e.getAttribute("status"), text(e, "mutatedClass"), text(e, "mutatedMethod"),
                    text(e, "mutator"), Integer.parseInt(text(e, "lineNumber")), text(e, "description")));
        }
        return out;
    }

    private static String text(Element e, String tag) {
        NodeList n = e.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().strip();
    }

    static String key(PitMutant p) {
        return p.clazz() + " | " + p.method() + " | " + p.shortMutator() + " | " + p.description();
    }

    /**
     * The argument for {@code p}: a line naming its method ({@code post}) covers every such mutant of the
     * method; one naming {@code method:line} ({@code post:73}) only the mutants of that source line, for
     * an argument that is true of one expression and not of the method's others.
     */
    static String argument(Map<String, String> eq, PitMutant p) {
        String a = eq.get(p.clazz() + " | " + p.method() + ":" + p.line() + " | " + p.shortMutator() + " | " + p.description());
        return a != null ? a : eq.get(key(p));
    }

    /** {@code class | method | mutator | description | argument}; # starts a comment line. */
    static Map<String, String> readEquivalents(Path file) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return m;
        int n = 0;
        for (String line : Files.readAllLines(file)) {
            n++;
            if (line.isBlank() || line.strip().startsWith("#")) continue;
            String[] f = line.split("\\s*\\|\\s*", 5);
            if (f.length != 5 || f[4].isBlank()) {
                throw new IOException(file + ":" + n + ": want class | method | mutator | description | argument");
            }
            m.put(f[0].strip() + " | " + f[1] + " | " + f[2] + " | " + f[3], f[4].strip());
        }
        return m;
    }
}
