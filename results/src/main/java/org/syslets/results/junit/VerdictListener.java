package org.syslets.results.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.syslets.results.Check;

/**
 * Writes one JSON line per finished test to {@code target/verdicts/tests-<pid>.jsonl} (relative to
 * the test JVM's working directory, the module): its outcome and, for a test annotated with
 * {@link Verdict}, the {@link Check}s it decided, counterexamples in files beside it. A stage (props,
 * stress) turns these lines into its {@code target/results/<stage>.json}. Registered through
 * {@code META-INF/services/org.junit.platform.launcher.TestExecutionListener} in the test resources
 * of each module that wants it; costs nothing when no stage reads it.
 */
public final class VerdictListener implements TestExecutionListener {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir = Path.of("target", "verdicts").toAbsolutePath();
    private final Map<String, Long> started = new LinkedHashMap<>();

    @Override
    public void executionStarted(TestIdentifier id) {
        if (!id.isTest()) return;
        Observed.drain();
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!id.isTest() || id.getSource().isEmpty() || !(id.getSource().get() instanceof MethodSource ms)) return;
        List<Observed.Run> runs = Observed.drain();
        Long t0 = started.remove(id.getUniqueId());
        double seconds = t0 == null ? 0 : (System.nanoTime() - t0) / 1e9;
        String status = result.getStatus().name();
        Throwable t = result.getThrowable().orElse(null);
        String message = t == null ? null : firstLine(String.valueOf(t.getMessage()));
        List<Check> checks = new ArrayList<>();
        Verdict[] verdicts = verdicts(ms);
        String name = simple(ms.getClassName()) + "#" + ms.getMethodName();
        for (Verdict v : verdicts) {
            for (String[] de : designs(v, id.getDisplayName())) {
                String design = de[0], expected = de[1];
                String actual;
                String evidence = null, detail = null;
                Observed.Run run = runs.stream().filter(r -> r.design().equals(design)).findFirst().orElse(null);
                if (run != null) {
                    actual = run.holds() ? Check.HOLDS : Check.VIOLATED;
                    if (!run.holds() && run.counterexample() != null) {
                        evidence = write(name, design, run.counterexample());
                        detail = firstLine(run.counterexample());
                    }
                } else if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                    actual = expected;
                } else if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                    continue;
                } else if (t instanceof AssertionError && verdictsOfOneDesign(v)) {
                    actual = expected.equals(Check.HOLDS) ? Check.VIOLATED : Check.HOLDS;
                    detail = message;
                } else {
                    actual = Check.ERROR;
                    detail = "test failed: " + message;
                }
                if (evidence == null && t != null) evidence = write(name, design == null ? "run" : design, stack(t));
                checks.add(new Check(v.checker(), v.finding().isEmpty() ? null : v.finding(), design,
                        name + (id.getDisplayName().startsWith("[") ? " " + id.getDisplayName() : ""),
                        expected, actual, evidence, detail));
            }
        }
        append(new TestLines.TestLine(ms.getClassName(), ms.getMethodName(), id.getDisplayName(), status, message, seconds, checks));
    }

    private static boolean verdictsOfOneDesign(Verdict v) {
        return !v.design().isEmpty() || !v.expect().isEmpty();
    }

    /** {design, expected} pairs one annotation stands for on this invocation. */
    static List<String[]> designs(Verdict v, String display) {
        if (!v.design().isEmpty()) {
            return List.<String[]>of(new String[] {v.design(), v.expect().isEmpty() ? byDesign(v.design()) : v.expect()});
        }
        if (v.expect().isEmpty()) {
            return List.of(new String[] {"v5", Check.VIOLATED}, new String[] {"fixed", Check.HOLDS});
        }
        String d = display.toUpperCase(Locale.ROOT);
        String design = d.contains("V5") && !d.contains("FIXED") ? "v5" : d.contains("FIXED") && !d.contains("V5") ? "fixed" : null;
        return List.<String[]>of(new String[] {design, v.expect()});
    }

    private static String byDesign(String design) {
        return design.equals("v5") ? Check.VIOLATED : Check.HOLDS;
    }

    private static Verdict[] verdicts(MethodSource ms) {
        try {
            Method m = ms.getJavaMethod();
            return m.getAnnotationsByType(Verdict.class);
        } catch (RuntimeException | LinkageError e) {
            return new Verdict[0];
        }
    }

    private String write(String name, String design, String text) {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve(name.replace('#', '.') + "." + design + ".txt");
            Files.writeString(f, text, StandardCharsets.UTF_8);
            return f.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void append(TestLines.TestLine line) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("tests-" + ProcessHandle.current().pid() + ".jsonl"),
                    JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    private static String stack(Throwable t) {
        java.io.StringWriter w = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(w));
        return w.toString();
    }
}
