package org.syslets.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The fuzz targets and how one runs in a child JVM. A native crash or a watchdog halt then ends only
 * that JVM; the parent judges its exit status and output (so a crash is a failing test or a finding,
 * never a dead build).
 */
public final class FuzzTargets {
    /** One {@code @FuzzTest} method of {@code org.syslets.fuzz.AbiFuzzer}. */
    public record Target(String method, String design, String surface) {
        public String id() {
            return CLASS.substring(CLASS.lastIndexOf('.') + 1) + "#" + method;
        }
    }

    public static final String CLASS = "org.syslets.fuzz.AbiFuzzer";
    public static final List<Target> ALL = List.of(
            new Target("chainsV5", "v5", "chains"), new Target("chainsFixed", "fixed", "chains"),
            new Target("ringsV5", "v5", "rings"), new Target("ringsFixed", "fixed", "rings"));
    /**
     * Exit status of a JVM the per-input watchdog halted (a hang). libFuzzer's error exit code is 77
     * too (a deadly signal, a Java finding), so a hang is this exit with the watchdog's own words.
     */
    public static final int HANG_EXIT = 77;
    /** Classes whose coverage guides the fuzzer: the runtime, not the harness or JUnit. */
    public static final String INSTRUMENT = "org.syslets.kernel.**,org.syslets.abi.**,org.syslets.user.**";

    /** How a child run ended. */
    public record Outcome(int exit, String output, Path log) {
        public boolean clean() {
            return exit == 0 && !output.contains("UNCAUGHT in ");
        }

        /** The watchdog halted the child ("HANG (") or the guard found it still running. */
        public boolean hang() {
            return exit == HANG_EXIT && (output.contains("HANG (") || output.contains("guard: child still running"))
                    && !output.contains("deadly signal") && !output.contains("A fatal error has been detected");
        }

        public String verdict() {
            if (clean()) return "clean";
            if (hang()) return "hang";
            if (output.contains("FuzzTestFindingException") || output.contains("== Java Exception")
                    || output.contains("AssertionError")) return "Java error or failed check";
            if (output.contains("UNCAUGHT in ")) return "uncaught exception in a runtime thread";
            if (exit == 134 || exit == 139 || output.contains("A fatal error has been detected")
                    || output.contains("deadly signal")) return "JVM crash";
            return "exit " + exit;
        }
    }

    private FuzzTargets() {
    }

    /** The module directory ({@code fuzz/}), from {@code -Dsyslets.fuzz.module} or the working directory. */
    public static Path module() {
        String m = System.getProperty("syslets.fuzz.module");
        if (m != null) return Path.of(m);
        Path cwd = Path.of("").toAbsolutePath();
        return Files.isDirectory(cwd.resolve("fuzz").resolve("src")) ? cwd.resolve("fuzz") : cwd;
    }

    /** Where Jazzer keeps a target's findings, which regression mode replays: the source tree. */
    public static Path findingsDir(Target t) {
        return module().resolve("src/test/resources/org/syslets/fuzz/AbiFuzzerInputs").resolve(t.method());
    }

    /** The class path of this JVM as a list a child can use (surefire's real one when under surefire). */
    public static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /**
     * Runs {@code t} in a child JVM. {@code fuzzing}: libFuzzer mode with the given extra JVM
     * properties and JUnit configuration parameters; else regression mode (the committed inputs only,
     * no instrumentation: seconds).
     */
    public static Outcome run(Target t, boolean fuzzing, List<String> jvmProps, List<String> config, Path log,
                              long guardSeconds) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-Xmx1g",
                // The Java heap far from the low 4 GiB, so that no shifted window of an arena pointer
                // (Harness: atoms read at any byte offset) can name it.
                "-XX:HeapBaseMinAddress=8g",
                // JDK 17's G1 throws OutOfMemoryError after 2 GCLocker-induced retries while another
                // thread sits in a JNI critical region (JDK-8192647, fixed in 25); at load 30 such a
                // thread can stay descheduled that long: the chainsV5 "internal error" on a spare.
                "-XX:+UnlockDiagnosticVMOptions", "-XX:GCLockerRetryAllocationCount=100",
                "-XX:ErrorFile=" + log.toAbsolutePath() + ".hs_err",
                "-Dsyslets.fuzz.module=" + module()));
        if (!fuzzing) cmd.add("-Djazzer.hooks=false");   // regression: no instrumentation, no classpath scan
        cmd.addAll(jvmProps);
        cmd.addAll(List.of("-cp", classPath(), FuzzChild.class.getName(), CLASS, t.method()));
        cmd.addAll(config);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .directory(module().toFile());
        if (fuzzing) pb.environment().put("JAZZER_FUZZ", "1");
        else pb.environment().remove("JAZZER_FUZZ");
        Process p = pb.start();
        if (!p.waitFor(guardSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return new Outcome(HANG_EXIT, Files.readString(log, StandardCharsets.UTF_8) + "\nguard: child still running after "
                    + guardSeconds + " s", log);
        }
        return new Outcome(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8), log);
    }

    /** The last {@code n} lines of a child's output, for a failure message. */
    public static String tail(String out, int n) {
        String[] lines = out.split("\n");
        StringBuilder sb = new StringBuilder();
        for (int i = Math.max(0, lines.length - n); i < lines.length; i++) sb.append(lines[i]).append('\n');
        return sb.toString();
    }
}
