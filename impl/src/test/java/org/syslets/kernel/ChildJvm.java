package org.syslets.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a probe in a child JVM with this JVM's class path, so that a native crash (SIGSEGV, exit
 * 134/139) or a hang is a failing test instead of a dead surefire fork. The probe prints its verdict;
 * the test judges exit status and output. The guard only turns a hang into a failure.
 */
final class ChildJvm {
    static final long GUARD_S = 120;

    record Result(int exit, String output) {
        boolean crashed() {
            return exit == 134 || exit == 139 || exit == 6 || exit == 11 || output.contains("SIGSEGV");
        }
    }

    private ChildJvm() {
    }

    static Result run(Class<?> main, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile("syslets-child", ".log");
        try {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:ErrorFile=" + out + ".hs_err", "-cp",
                    System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(GUARD_S, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "hang guard: child still running after " + GUARD_S + " s\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(Path.of(out + ".hs_err"));
        }
    }
}
