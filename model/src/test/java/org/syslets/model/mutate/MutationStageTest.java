package org.syslets.model.mutate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PIT's XML and impl/equivalent-mutants.txt as the mutation stage reads them. */
class MutationStageTest {

    @Test
    void pitStatusesCountAsPitCountsThem() throws Exception {
        List<MutationStage.PitMutant> all = MutationStage.readPit(
                Path.of(MutationStageTest.class.getResource("/mutate/mutations.xml").toURI()));
        assertThat(all).hasSize(4);
        assertThat(all.stream().filter(MutationStage.PitMutant::detected).map(MutationStage.PitMutant::status))
                .containsExactly("KILLED", "TIMED_OUT");
        assertThat(all.get(2).shortMutator()).isEqualTo("ConditionalsBoundaryMutator");
        assertThat(MutationStage.key(all.get(2)))
                .isEqualTo("org.syslets.kernel.AsyncWait | waitWake | ConditionalsBoundaryMutator | changed conditional boundary");
    }

    @Test
    void anEquivalenceLineNeedsFiveFieldsAndAnArgument(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("eq.txt");
        Files.writeString(f, "# comment\n\norg.syslets.kernel.AsyncWait | waitWake | ConditionalsBoundaryMutator | "
                + "changed conditional boundary | eventsLeft is a whole count, decremented by 1 from a positive value\n");
        Map<String, String> m = MutationStage.readEquivalents(f);
        assertThat(m).containsOnlyKeys(
                "org.syslets.kernel.AsyncWait | waitWake | ConditionalsBoundaryMutator | changed conditional boundary");
        Files.writeString(f, "org.syslets.kernel.AsyncWait | waitWake | ConditionalsBoundaryMutator | changed conditional boundary |  \n");
        assertThatThrownBy(() -> MutationStage.readEquivalents(f)).hasMessageContaining("argument");
    }
}
