package org.syslets.model.mutate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.syslets.model.TlcAnalyzer;
import org.syslets.model.TlcConfig;
import org.syslets.model.TlcOutputParser;
import org.syslets.model.TlcProcess;
import org.syslets.model.TlcResult;

/**
 * One TLC run in a child JVM, as {@link TlcProcess} runs it (same command line, private metadir and
 * tmpdir), with one worker and a time bound in seconds: mutants run side by side, each TLC on one
 * core, and a mutant that blows up the state space must not hold the campaign.
 */
final class ChildTlc {

    private ChildTlc() { }

    /** TLC's result (its raw output in {@code result.rawOutput()}, deleted with the scratch dir), and whether the bound cut it short. */
    record Run(TlcResult result, boolean timedOut) { }

    /**
     * @param modelDir   TLC's working directory (the MC modules and .cfg files)
     * @param library    -DTLA-Library: the (mutated) spec modules
     * @param config     the .cfg, relative to modelDir or absolute
     * @param spec       the MC module file, relative to modelDir
     * @param timeoutSec the bound; the verdict is an error "timeout" past it
     * @param scratch    parent for the run's private directories
     */
    static Run run(Path modelDir, Path library, String config, String spec, double timeoutSec, Path scratch)
            throws IOException, InterruptedException {
        Path runDir = Files.createTempDirectory(scratch, "tlc-");
        Path metaDir = Files.createDirectory(runDir.resolve("meta"));
        Path tmpDir = Files.createDirectory(runDir.resolve("tmp"));
        Path cfgPath = modelDir.resolve(config);
        List<String> cmd = new ArrayList<>(new TlcProcess(modelDir, library, (s, p) -> { }, List.of())
                .command("1", metaDir, tmpDir, config, spec));
        // Flags that change only speed: a mutant's model runs for seconds, where C1 and the serial
        // collector start fastest (measured: 1.9 s vs 3.2 s for MCRingFixedN1, 9.8 s vs 15.4 s for
        // MCRingOverflowFixed, at load 14 on 2 cores).
        cmd.replaceAll(a -> switch (a) {
            case "-Xmx2g" -> "-Xmx1g";
            case "-XX:+UseParallelGC" -> "-XX:+UseSerialGC";
            default -> a;
        });
        cmd.add(1, "-XX:TieredStopAtLevel=1");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(modelDir.toFile()).redirectErrorStream(true);
        TlcOutputParser parser = new TlcOutputParser();
        long start = System.nanoTime();
        Process p = pb.start();
        Path raw = scratch.resolve(runDir.getFileName() + ".out");   // kept for the manifest's probe check
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 java.io.Writer w = Files.newBufferedWriter(raw, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    parser.accept(line);
                    w.write(line);
                    w.write('\n');
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        }, "tlc-reader");
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        try {
            if (!p.waitFor((long) (timeoutSec * 1000), TimeUnit.MILLISECONDS)) {
                timedOut = true;
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
            }
            reader.join(5000);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            delete(runDir);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        TlcConfig cfg = TlcConfig.parse(cfgPath);
        return new Run(TlcAnalyzer.analyze(p.exitValue(), parser, cfg, timedOut, seconds, 1, raw,
                (int) Math.ceil(timeoutSec / 60)), timedOut);
    }

    static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var w = Files.walk(dir)) {
            for (Path x : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }
}
