package org.syslets.model.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model/equivalent-mutants.json: an argument scoped to the fixed models stops holding under --models all. */
class EquivalentsTest {

    @TempDir
    Path dir;

    private Equivalents load(String entries) throws IOException {
        Path f = dir.resolve("eq.json");
        Files.writeString(f, "{\"description\": \"t\", \"mutants\": [" + entries + "]}");
        return Equivalents.load(f);
    }

    @Test
    void aFixedModelsArgumentHoldsWithoutTheV5ModelsOnly() throws IOException {
        Equivalents eq = load("{\"key\": \"a\", \"argument\": \"v5 only\", \"scope\": \"fixed-models\"},"
                + "{\"key\": \"b\", \"argument\": \"the same steps\"}");
        Equivalents.Entry v5Only = eq.byKey.get("a"), plain = eq.byKey.get("b");
        assertThat(v5Only.holdsFor("fixed")).isTrue();
        assertThat(v5Only.holdsFor("passing")).isTrue();
        assertThat(v5Only.holdsFor("all")).isFalse();
        assertThat(plain.holdsFor("all")).isTrue();
    }

    @Test
    void anUnknownScopeIsRejected() {
        assertThatThrownBy(() -> load("{\"key\": \"a\", \"argument\": \"x\", \"scope\": \"v5\"}"))
                .isInstanceOf(IOException.class).hasMessageContaining("scope");
    }

    @Test
    void theCommittedFileLoads() throws IOException {
        Path committed = Path.of(System.getProperty("user.dir")).resolve("equivalent-mutants.json");
        if (!Files.isRegularFile(committed)) committed = Path.of("model", "equivalent-mutants.json");
        Equivalents eq = Equivalents.load(committed);
        assertThat(eq.byKey).containsKeys("9cc351571301", "cddff48d1e4d", "3babcc2eadae");
        assertThat(eq.byKey.get("9cc351571301").holdsFor("all")).isFalse();
    }
}
