package org.syslets.results.junit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.syslets.results.Check;

/** The lines {@link VerdictListener} writes, read back by a stage (no JUnit needed to read them). */
public final class TestLines {
    /** One finished test: its outcome and the checks it decided. */
    public record TestLine(String testClass, String method, String display, String status, String message,
                           double seconds, List<Check> checks) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private TestLines() {
    }

    /** Every line written under {@code dir} (all JVMs), in order of writing per JVM. */
    public static List<TestLine> read(Path dir) {
        List<TestLine> out = new ArrayList<>();
        if (!Files.isDirectory(dir)) return out;
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList()) {
                for (String l : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!l.isBlank()) out.add(JSON.readValue(l, TestLine.class));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
