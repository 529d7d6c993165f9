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
 *   <li>no test reported a result at all (e.g. a missing {@code META-INF/TestList}) → exit 1.</li>
 * </ul>
 * Usage: {@code JcstressRun --report DIR -- <jcstress args>}. Empty arguments are dropped.
 */
public final class JcstressRun {
    /** JCStress 0.16 prints one "...... [OK] test" ("[FAILED]", "[ERROR]", ...) line per finished test run. */
    private static final Pattern RESULT = Pattern.compile("^[.\\s]*\\[(OK|FAILED|ERROR|TIMEOUT|CRASH|API MISMATCH|[A-Z ]+)\\]\\s+(org\\.\\S+)");

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
        int ok = 0;
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
                Matcher m = RESULT.matcher(line);
                if (m.find()) {
                    if (m.group(1).equals("OK")) ok++;
                    else failed.add(m.group(1) + " " + m.group(2));
                }
            }
        }
        int rc = p.waitFor();
        List<String> why = new ArrayList<>();
        if (rc != 0) why.add("JCStress exited " + rc);
        for (String f : fatal) why.add("FATAL line: " + f);
        for (String f : failed) why.add("test " + f);
        if (ok + failed.size() == 0) why.add("no test reported a result (filter matched nothing, or META-INF/TestList missing)");
        Path index = report.resolve("index.html").toAbsolutePath();
        if (why.isEmpty()) {
            System.out.println("stress: OK - " + ok + " JCStress tests passed; report " + index);
            System.exit(0);
        }
        System.out.println("stress: FAILED - " + String.join("; ", why) + "; report " + index + ", log " + log.toAbsolutePath());
        System.exit(1);
    }
}
