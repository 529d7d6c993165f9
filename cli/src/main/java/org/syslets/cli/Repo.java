package org.syslets.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Where the repository is, and how a stage starts a JVM or Maven as a child process. */
final class Repo {
    private Repo() {
    }

    /** The repository root: {@code -Dsyslets.root} (the launcher sets it), else found from the cwd. */
    static Path root() {
        String r = System.getProperty("syslets.root");
        if (r != null) return Path.of(r).toAbsolutePath().normalize();
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("model/manifest.json")) && Files.isRegularFile(d.resolve("pom.xml"))) return d;
        }
        throw new IllegalStateException("not inside the syslets repository (no model/manifest.json above " + Path.of("").toAbsolutePath() + ")");
    }

    /** A JVM on this JVM's class path (the cli module's, which holds every stage's classes). */
    static List<String> java(String mainClass, List<String> jvmArgs, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Dsyslets.root=" + root());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }

    /** {@code mvn -B -f <root>/pom.xml args} (MAVEN_OPTS, e.g. a private local repository, is inherited). */
    static List<String> mvn(List<String> args) {
        List<String> cmd = new ArrayList<>(List.of("mvn", "-B", "-f", root().resolve("pom.xml").toString()));
        cmd.addAll(args);
        return cmd;
    }

    /**
     * Runs {@code cmd}, its stdout and stderr merged; every line goes to {@code log} (if not null)
     * and the lines {@code show} accepts to {@code out}. Returns the exit status.
     */
    static int run(List<String> cmd, Map<String, String> env, Path log, Predicate<String> show, PrintStream out)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).directory(root().toFile());
        pb.environment().putAll(env);
        if (log != null) Files.createDirectories(log.getParent());
        Process p = pb.start();
        Thread kill = new Thread(() -> {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        });
        Runtime.getRuntime().addShutdownHook(kill);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintStream file = log == null ? null : new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (file != null) file.println(line);
                if (show.test(line)) {
                    out.println(line);
                    out.flush();
                }
            }
        }
        int rc = p.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(kill);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already
        }
        return rc;
    }

    static String rel(Path p) {
        return root().relativize(p.toAbsolutePath().normalize()).toString();
    }
}
