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

    @Test
    void aLineQualifiedArgumentCoversThatLineOnly(@TempDir Path dir) throws Exception {
        List<MutationStage.PitMutant> all = MutationStage.readPit(
                Path.of(MutationStageTest.class.getResource("/mutate/mutations.xml").toURI()));
        MutationStage.PitMutant p = all.get(2);
        String rest = " | ConditionalsBoundaryMutator | changed conditional boundary | why";
        Path f = dir.resolve("eq.txt");
        Files.writeString(f, "org.syslets.kernel.AsyncWait | waitWake:" + p.line() + rest + "\n");
        assertThat(MutationStage.argument(MutationStage.readEquivalents(f), p)).isEqualTo("why");
        Files.writeString(f, "org.syslets.kernel.AsyncWait | waitWake:" + (p.line() + 1) + rest + "\n");
        assertThat(MutationStage.argument(MutationStage.readEquivalents(f), p)).isNull();
    }

    @Test
    void aSurvivorWithoutAnArgumentFailsTheStageAndEveryOneIsListedWithItsArgument(@TempDir Path root) throws Exception {
        Path xml = Path.of(MutationStageTest.class.getResource("/mutate/mutations.xml").toURI());
        Files.createDirectories(root.resolve("impl"));
        Files.writeString(root.resolve("impl/equivalent-mutants.txt"), "org.syslets.kernel.AsyncWait | waitWake | "
                + "ConditionalsBoundaryMutator | changed conditional boundary | eventsLeft is a whole count\n");
        List<org.syslets.results.Check> checks = new java.util.ArrayList<>();
        Map<String, Object> metrics = new java.util.LinkedHashMap<>(), mode = new java.util.LinkedHashMap<>();
        MutationStage.runtime(root, xml, "org.syslets.abi", "seeded sample: 5 %", checks, metrics, mode);
        @SuppressWarnings("unchecked") Map<String, Object> rt = (Map<String, Object>) metrics.get("runtime");
        assertThat(rt).containsEntry("score", 50.0).containsEntry("arguedEquivalent", 1L).containsEntry("scoreOverNonEquivalent", 66.7)
                .containsEntry("covered", 3L).containsEntry("scoreOverCovered", 66.7)
                .containsEntry("byStatus", Map.of("KILLED", 1L, "TIMED_OUT", 1L, "SURVIVED", 1L, "NO_COVERAGE", 1L));
        @SuppressWarnings("unchecked") List<Map<String, Object>> surv = (List<Map<String, Object>>) rt.get("survivors");
        assertThat(surv).extracting(v -> v.get("method") + ":" + v.get("argument"))
                .containsExactly("waitWake:eventsLeft is a whole count", "record:null");
        assertThat(checks).filteredOn(c -> c.name().contains("every survivor argued")).singleElement()
                .satisfies(c -> assertThat(c.ok()).isFalse());
        assertThat(String.valueOf(mode.get("runtime"))).contains("org.syslets.abi", "seeded sample: 5 %");
    }
}
