package org.syslets.stress;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs {@code org.openjdk.jcstress.Main} in a child JVM whose class path is this JVM's (the stress
 * module's test class path), echoes its output, keeps it in {@code <report>/console.log}, and turns
 * every silent pass into a failure (toolchain.md, "two ways to pass silently"):
 * <ul>
 *   <li>JCStress exits non-zero (a FORBIDDEN outcome, an outcome listed in no {@code @Outcome}, an
 *   error in a test) → exit 1;</li>
 *   <li>any line containing {@code FATAL} ("No matching tests.", "No JVM configurations") → exit 1,
 *   although JCStress itself exits 0;</li>
 *   <li>no test run planned, or fewer passed than planned (the last "(Results: N planned; P passed,
 *   ...)" line; e.g. a missing {@code META-INF/TestList}) → exit 1.</li>
 * </ul>
 * Usage: {@code JcstressRun --report DIR -- <jcstress args>}. Empty arguments are dropped.
 */
public final class JcstressRun {
    /** JCStress 0.16's progress line: "(Results: 18 planned; 16 passed, 0 failed, 0 soft errs, 0 hard errs)". */
    private static final Pattern RESULTS = Pattern.compile(
            "\\(Results: (\\d+) planned; (\\d+) passed, (\\d+) failed, (\\d+) soft errs, (\\d+) hard errs\\)");
    /** "...... [FAILED] test" / "[ERROR] test" lines name the culprits. */
    private static final Pattern BAD = Pattern.compile("^[.\\s]*\\[(FAILED|ERROR|TIMEOUT|CRASH|API MISMATCH)\\]\\s+(\\S+)");

    public static void main(String[] args) throws Exception {
        Path report = Path.of("jcstress-report");
        List<String> jc = new ArrayList<>();
        boolean rest = false;
        for (int i = 0; i < args.length; i++) {
            if (rest) {
                if (!args[i].isBlank()) jc.add(args[i]);
            } else if (args[i].equals("--report")) {
                report = Path.of(args[++i]);
            } else if (args[i].equals("--")) {
                rest = true;
            } else {
                throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Files.createDirectories(report);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("org.openjdk.jcstress.Main");
        cmd.addAll(jc);
        cmd.add("-r");
        cmd.add(report.toString());
        System.out.println("stress: " + String.join(" ", cmd.subList(4, cmd.size())));

        List<String> fatal = new ArrayList<>(), failed = new ArrayList<>();
        int planned = -1, passed = 0;
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Path log = report.resolve("console.log");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                System.out.println(line);
                System.out.flush();
                out.println(line);
                if (line.contains("FATAL")) fatal.add(line.trim());
                Matcher m = RESULTS.matcher(line);
                if (m.find()) {
                    planned = Integer.parseInt(m.group(1));
                    passed = Integer.parseInt(m.group(2));
                }
                m = BAD.matcher(line);
                if (m.find() && !failed.contains(m.group(1) + " " + m.group(2))) failed.add(m.group(1) + " " + m.group(2));
            }
        }
        int rc = p.waitFor();
        List<String> why = new ArrayList<>();
        if (rc != 0) why.add("JCStress exited " + rc);
        for (String f : fatal) why.add("FATAL line: " + f);
        for (String f : failed) why.add("test " + f);
        if (planned <= 0) why.add("no test run planned (filter matched nothing, or META-INF/TestList missing)");
        else if (passed < planned) why.add(passed + " of " + planned + " test runs passed");
        Path index = report.resolve("index.html").toAbsolutePath();
        if (why.isEmpty()) {
            System.out.println("stress: OK - " + passed + " of " + planned + " JCStress test runs passed; report " + index);
            System.exit(0);
        }
        System.out.println("stress: FAILED - " + String.join("; ", why) + "; report " + index + ", log " + log.toAbsolutePath());
        System.exit(1);
    }
}
