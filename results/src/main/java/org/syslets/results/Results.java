package org.syslets.results;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Where stage results live, and how they are written and read (docs/results.md). */
public final class Results {
    public static final int SCHEMA = 1;
    /** The environment variable (or system property {@code syslets.runId}) naming the current run. */
    public static final String RUN_ID_ENV = "SYSLETS_RUN_ID";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String OWN_RUN = "standalone-" + UUID.randomUUID();

    private Results() {
    }

    /** The current run: the main job's id when it started this process, else one per process. */
    public static String runId() {
        String p = System.getProperty("syslets.runId");
        if (p != null && !p.isBlank()) return p;
        String e = System.getenv(RUN_ID_ENV);
        return e != null && !e.isBlank() ? e : OWN_RUN;
    }

    /** {@code <root>/target/results}. */
    public static Path dir(Path root) {
        return root.resolve("target").resolve("results");
    }

    /** Writes {@code <root>/target/results/<stage>.json} atomically (a reader never sees half a file). */
    public static Path write(Path root, StageResult r) {
        try {
            Path d = Files.createDirectories(dir(root));
            Path tmp = Files.createTempFile(d, r.stage(), ".tmp");
            JSON.writeValue(tmp.toFile(), r);
            return Files.move(tmp, d.resolve(r.stage() + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StageResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), StageResult.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable stage result " + file, e);
        }
    }

    /** Every stage result under {@code <root>/target/results}, by stage name (empty if none). */
    public static Map<String, StageResult> readAll(Path root) {
        Map<String, StageResult> m = new TreeMap<>();
        Path d = dir(root);
        if (!Files.isDirectory(d)) return m;
        try (var s = Files.list(d)) {
            s.filter(f -> f.getFileName().toString().endsWith(".json")).forEach(f -> {
                StageResult r = read(f);
                m.put(r.stage(), r);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }
}
