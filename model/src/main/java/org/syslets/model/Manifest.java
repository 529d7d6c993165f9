package org.syslets.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The list of models and where they live. {@code modelDir} is the directory TLC runs in (spec and
 * config paths are relative to it); {@code libraryDir} is passed as {@code -DTLA-Library} so that
 * models can EXTEND the modules in {@code spec/}.
 */
public record Manifest(Path file, Path modelDir, Path libraryDir, List<ManifestEntry> models) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    private record Json(List<ManifestEntry> models) { }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Loads a manifest that sits in {@code <repo>/model/}: the library is {@code <repo>/spec}. */
    public static Manifest load(Path file) throws IOException {
        Path abs = file.toAbsolutePath().normalize();
        Path modelDir = abs.getParent();
        Path repo = modelDir.getParent();
        return load(abs, modelDir, repo == null ? modelDir : repo.resolve("spec"));
    }

    public static Manifest load(Path file, Path modelDir, Path libraryDir) throws IOException {
        Json json = JSON.readValue(file.toFile(), Json.class);
        List<ManifestEntry> models = json.models() == null ? List.of() : List.copyOf(json.models());
        return new Manifest(file.toAbsolutePath().normalize(), modelDir.toAbsolutePath().normalize(),
                libraryDir.toAbsolutePath().normalize(), models);
    }

    /**
     * Finds {@code model/manifest.json} from a working directory that is the repo root, {@code model/}
     * itself, or anywhere below the repo root (walks up).
     */
    public static Optional<Path> locate(Path cwd) {
        for (Path dir = cwd.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path inRepo = dir.resolve("model").resolve("manifest.json");
            if (Files.isRegularFile(inRepo)) return Optional.of(inRepo);
            Path here = dir.resolve("manifest.json");
            if (dir.getFileName() != null && dir.getFileName().toString().equals("model")
                    && Files.isRegularFile(here)) {
                return Optional.of(here);
            }
        }
        return Optional.empty();
    }

    public Optional<ManifestEntry> find(String name) {
        return models.stream().filter(m -> name.equals(m.name())).findFirst();
    }

    public Path specPath(ManifestEntry e) { return modelDir.resolve(e.spec()).normalize(); }

    public Path configPath(ManifestEntry e) { return modelDir.resolve(e.config()).normalize(); }
}
