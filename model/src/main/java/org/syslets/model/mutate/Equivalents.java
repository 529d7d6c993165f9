package org.syslets.model.mutate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * model/equivalent-mutants.json: spec mutants that no model can kill because they do not change
 * the design's meaning, each with a one-line argument. Matched by {@link Mutant#key()}; the other
 * fields are for the reader (and must agree with the mutant, or the entry is reported as stale).
 */
final class Equivalents {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Entry(String key, String module, String definition, String operator, String before, String after,
                 String argument, String scope) {
        /**
         * "fixed-models": the mutant changes only a behaviour no fixed model has (a v5 arm, a ghost only
         * the v5 behaviour grows); the argument holds when no failing model judges, and a run with
         * {@code --models all} must kill it instead.
         */
        boolean holdsFor(String modelSet) {
            return scope == null || !"all".equals(modelSet);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(String description, List<Entry> mutants) { }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    final Map<String, Entry> byKey = new LinkedHashMap<>();

    static Equivalents load(Path file) throws IOException {
        Equivalents e = new Equivalents();
        if (!Files.isRegularFile(file)) return e;
        File f = JSON.readValue(file.toFile(), File.class);
        if (f.mutants() != null) {
            for (Entry x : f.mutants()) {
                if (x.key() == null || x.argument() == null || x.argument().isBlank()) {
                    throw new IOException(file + ": every entry needs a key and a one-line argument: " + x);
                }
                if (x.scope() != null && !"fixed-models".equals(x.scope())) {
                    throw new IOException(file + ": scope is absent or \"fixed-models\": " + x);
                }
                e.byKey.put(x.key(), x);
            }
        }
        return e;
    }

    Entry find(Mutant m) {
        return byKey.get(m.key());
    }
}
