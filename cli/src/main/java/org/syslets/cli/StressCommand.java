package org.syslets.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.syslets.results.Check;
import org.syslets.results.Results;
import org.syslets.results.StageResult;
import org.syslets.results.junit.TestLines;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./syslets stress}: Lincheck (surefire, with VerdictListener) then JCStress (JcstressRun) in
 * stress/, then target/results/stress.json: one lincheck check per annotated test, one jcstress check
 * per test class. A v5 JCStress test is "violated" when its INTERESTING outcome (the finding) was
 * observed; a fixed one when a FORBIDDEN outcome was.
 */
@Command(name = "stress", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lincheck and JCStress over the runtime (docs/stress.md).",
                "short = JCStress -m quick (as in the test command), long = -m default and 4x the Lincheck invocations.",
                "Writes target/results/stress.json; JCStress's HTML report is stress/target/jcstress/index.html."})
final class StressCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "LENGTH", description = "short (default) or long")
    String length = "short";

    @Option(names = "--tests", paramLabel = "REGEX", description = "JCStress test filter (default: every test of org.syslets.stress.jcstress)")
    String tests;

    @Option(names = "--break", paramLabel = "FINDING", description = "teeth: run the fixed tests on Design.FIXED.without(FINDING), e.g. UMEM_ATOMIC")
    String breakFinding;

    /** The finding of each JCStress race (the V5 and Fixed classes share the base class). */
    static final Map<String, String> FINDING = Map.of("WaitVsPost", "MM1", "TwoPosters", "MM16", "UmemAdd", "UMEM-ATOMIC");

    @Override
    public Integer call() throws Exception {
        CommandLine cmd = spec.commandLine();
        Names.require(cmd, "stress length", length, List.of("short", "long"));
        if (breakFinding != null) {
            List<String> names = java.util.Arrays.stream(org.syslets.design.Finding.values()).map(Enum::name).toList();
            Names.require(cmd, "finding for --break", breakFinding, names);
        }
        if (tests != null) {
            try {
                Pattern.compile(tests);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new CommandLine.ParameterException(cmd, "--tests is not a regular expression: " + e.getDescription());
            }
        }
        boolean isLong = length.equals("long");
        Path root = Repo.root();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path report = root.resolve("stress/target/jcstress"), verdicts = root.resolve("stress/target/verdicts");
        PropsCommand.deleteTree(report);
        PropsCommand.deleteTree(verdicts);
        String jcMode = isLong ? "default" : "quick";
        String jvmArgs = "-Xmx256m --enable-native-access=ALL-UNNAMED" + (breakFinding == null ? "" : " -Dsyslets.stress.break=" + breakFinding);
        List<String> args = new ArrayList<>(List.of("-pl", "stress", "verify", "-Dstress.mode=" + jcMode, "-Dstress.jvmArgs=" + jvmArgs));
        if (isLong) args.add("-Dsyslets.lincheck.scale=4");
        if (tests != null) args.add("-Dstress.tests=" + tests);
        if (breakFinding != null) args.add("-Dsyslets.stress.break=" + breakFinding);
        Instant started = Instant.now();
        out.printf("stress (%s): Lincheck, then JCStress -m %s; report %s ...%n", length, jcMode, Repo.rel(report.resolve("index.html")));
        Path log = root.resolve("target/logs/stress-mvn.log");
        int rc = Repo.run(Repo.mvn(args), Map.of(), log,
                l -> !l.startsWith("[INFO] Download") && !l.matches("\\[INFO\\] (---.*| *)") && !l.startsWith("(") , out);

        List<Check> checks = new ArrayList<>();
        for (TestLines.TestLine t : TestLines.read(verdicts)) {
            for (Check c : t.checks()) {
                checks.add(new Check(c.checker(), c.finding(), c.design(), c.name(), c.expected(), c.actual(),
                        c.evidence() == null ? Repo.rel(root.resolve("target/logs/stress-mvn.log")) : Repo.rel(Path.of(c.evidence())), c.detail()));
            }
        }
        List<Jcstress> jc = Jcstress.read(report.resolve("console.log"));
        for (Jcstress t : jc) {
            String base = t.name().replaceAll("(V5|Fixed)$", "");
            String design = t.name().endsWith("V5") ? "v5" : "fixed";
            String expected = design.equals("v5") ? Check.VIOLATED : Check.HOLDS;
            // JCStress prints the expectation as Acceptable, Interesting (ACCEPTABLE_INTERESTING) or Forbidden.
            boolean forbidden = t.rows().stream().anyMatch(r -> r.expect().equalsIgnoreCase("Forbidden") && r.samples() > 0);
            boolean interesting = t.rows().stream().anyMatch(r -> r.expect().equalsIgnoreCase("Interesting") && r.samples() > 0);
            String actual = !t.verdict().equals("OK") && !forbidden ? Check.ERROR
                    : forbidden || (design.equals("v5") && interesting) ? Check.VIOLATED : Check.HOLDS;
            Path page = report.resolve(t.fqcn() + ".html");
            StringBuilder detail = new StringBuilder("[" + t.verdict() + "]");
            for (Jcstress.Row r : t.rows()) if (r.samples() > 0) detail.append(String.format(" %s: %,d (%s)", r.result(), r.samples(), r.expect()));
            checks.add(new Check("jcstress", FINDING.get(base), design, t.name(), expected, actual,
                    Repo.rel(Files.exists(page) ? page : report.resolve("index.html")), detail.toString()));
        }
        Map<String, Object> mode = new LinkedHashMap<>();
        mode.put("length", length);
        mode.put("jcstressMode", jcMode);
        mode.put("forks", 1);
        mode.put("jvmArgs", jvmArgs);
        mode.put("lincheckScale", isLong ? 4 : 1);
        mode.put("tests", tests == null ? "all" : tests);
        if (breakFinding != null) mode.put("break", breakFinding);
        List<String> skipped = new ArrayList<>();
        if (jc.isEmpty()) skipped.add("jcstress: no test results (not reached: Lincheck or the build failed, or the filter matched nothing)");
        if (checks.stream().noneMatch(c -> c.checker().equals("lincheck"))) skipped.add("lincheck: no test results");
        StageResult r = StageResult.of("stress", started, mode, skipped, checks,
                Map.of("jcstressTests", jc.size(), "mavenExit", rc), rc != 0 || jc.isEmpty());
        Results.write(root, r);
        out.printf("stress: %d verdicts (%d JCStress, %d Lincheck), %d not as expected; %s%n", checks.size(), jc.size(),
                checks.size() - jc.size(), checks.stream().filter(c -> !c.ok()).count(), Repo.rel(Results.dir(root).resolve("stress.json")));
        return r.passed() ? 0 : 1;
    }

    static List<String> args(boolean quick) {
        return List.of(quick ? "short" : "long");
    }

    /** One JCStress test as its -v console output shows it: verdict and the outcome table across all configurations. */
    record Jcstress(String fqcn, String name, String verdict, List<Row> rows) {
        record Row(String result, long samples, String freq, String expect, String description) {}

        private static final Pattern HEAD = Pattern.compile("^\\.+ \\[([\\w ]+)\\] ([\\w.]+\\.(\\w+))\\s*$");
        private static final Pattern ROW = Pattern.compile("^\\s+(.+?)\\s{2,}([\\d,]+)\\s+([\\d.<>]+%)\\s+(\\w+)\\s+(.*)$");

        static List<Jcstress> read(Path console) throws IOException {
            List<Jcstress> out = new ArrayList<>();
            if (!Files.exists(console)) return out;
            List<String> lines = Files.readAllLines(console);
            for (int i = 0; i < lines.size(); i++) {
                Matcher h = HEAD.matcher(lines.get(i));
                if (!h.matches()) continue;
                int j = i + 1;
                while (j < lines.size() && lines.get(j).isBlank()) j++;
                if (j >= lines.size() || !lines.get(j).contains("Results across all configurations")) continue;
                List<Row> rows = new ArrayList<>();
                for (int r = j + 1; r < lines.size() && !lines.get(r).startsWith("....."); r++) {
                    Matcher m = ROW.matcher(lines.get(r));
                    if (m.matches() && !m.group(1).trim().equals("RESULT")) {
                        rows.add(new Row(m.group(1).trim(), Long.parseLong(m.group(2).replace(",", "")), m.group(3), m.group(4), m.group(5).trim()));
                    }
                }
                out.add(new Jcstress(h.group(2), h.group(3), h.group(1), rows));
            }
            return out;
        }
    }
}
