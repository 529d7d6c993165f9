package org.syslets.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** Static checks of model/manifest.json against the model files it names. */
class ManifestTest {

    static Manifest manifest;

    @BeforeAll
    static void load() throws Exception {
        manifest = Fixtures.projectManifest();
    }

    @Test
    void listsModels() {
        assertThat(manifest.models()).as("models in " + manifest.file()).isNotEmpty();
    }

    @Test
    void specAndConfigFilesExist() {
        for (ManifestEntry e : manifest.models()) {
            assertThat(e.spec()).as(e.name() + ".spec").isNotBlank();
            assertThat(e.config()).as(e.name() + ".config").isNotBlank();
            assertThat(manifest.specPath(e)).as(e.name() + " spec").isRegularFile();
            assertThat(manifest.configPath(e)).as(e.name() + " config").isRegularFile();
        }
    }

    @Test
    void namesAreUnique() {
        Set<String> seen = new HashSet<>();
        List<String> dups = manifest.models().stream().map(ManifestEntry::name).filter(n -> !seen.add(n)).toList();
        assertThat(dups).as("duplicate model names").isEmpty();
        assertThat(manifest.models()).allSatisfy(e -> assertThat(e.name()).isNotBlank());
    }

    @Test
    void expectationsAreWellFormed() {
        for (ManifestEntry e : manifest.models()) {
            assertThatCode(e::expectation).as(e.name()).doesNotThrowAnyException();
        }
    }

    @Test
    void successModelsPinTheirDistinctStateCount() {
        for (ManifestEntry e : manifest.models()) {
            if (e.expectation().kind() == Expectation.Kind.SUCCESS) {
                assertThat(e.distinctStates()).as(e.name() + ".distinctStates").isNotNull().isPositive();
            }
        }
    }

    /** An expected violation of a name the cfg does not check can never happen. */
    @Test
    void expectedViolationIsCheckedByTheModelsCfg() throws Exception {
        for (ManifestEntry e : manifest.models()) {
            Expectation x = e.expectation();
            if (x.kind() == Expectation.Kind.SAFETY || x.kind() == Expectation.Kind.LIVENESS) {
                assertThat(TlcConfig.parse(manifest.configPath(e)).checkedNames())
                        .as(e.name() + " expects " + x + "; names in " + e.config()).contains(x.name());
            }
        }
    }

    /**
     * Non-vacuity: every invariant/property a passing model checks must be shown violated by some
     * model, or it might pass because it can never fail.
     */
    @Test
    void everyCheckedNameOfAPassingModelIsViolatedSomewhere() throws Exception {
        Set<String> violated = manifest.models().stream().map(ManifestEntry::expectation)
                .filter(x -> x.kind() == Expectation.Kind.SAFETY || x.kind() == Expectation.Kind.LIVENESS)
                .map(Expectation::name).collect(Collectors.toSet());
        Set<String> vacuous = new TreeSet<>();
        for (ManifestEntry e : manifest.models()) {
            if (e.expectation().kind() != Expectation.Kind.SUCCESS) continue;
            for (String name : TlcConfig.parse(manifest.configPath(e)).checkedNames()) {
                if (!violated.contains(name)) vacuous.add(name + " (" + e.name() + ")");
            }
        }
        assertThat(vacuous).as("checked by a success model but expected violated by none").isEmpty();
    }

    /** A reader who opens only a .cfg sees the verdict the manifest expects, and it is the same one. */
    @Test
    void everyCfgStatesItsExpectedVerdictOnItsFirstLine() throws Exception {
        for (ManifestEntry e : manifest.models()) {
            String first = java.nio.file.Files.readAllLines(manifest.configPath(e)).get(0);
            assertThat(first).as(e.config() + " line 1").isEqualTo(e.cfgHeader());
        }
    }

    /** model/manifest.json obeys model/manifest.schema.json (the tlaplus/Examples fields included). */
    @Test
    void manifestMatchesItsJsonSchema() throws Exception {
        assertThat(ManifestSchema.problems(manifest.file())).isEmpty();
    }

    @Test
    void theSchemaRejectsWhatItMust() throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.createTempFile("manifest", ".json");
        try {
            java.nio.file.Files.writeString(bad, """
                    {"models": [{"name": "M", "spec": "M.tla", "config": "M.cfg", "variant": "v6", "finding": "MM1",
                      "expect": "safety:X", "quick": true, "runtime": "1 s", "mode": "bfs", "totalStates": -1}]}""");
            assertThat(ManifestSchema.problems(bad)).hasSizeGreaterThanOrEqualTo(4)
                    .anyMatch(p -> p.contains("variant")).anyMatch(p -> p.contains("runtime"))
                    .anyMatch(p -> p.contains("mode")).anyMatch(p -> p.contains("totalStates"));
        } finally {
            java.nio.file.Files.deleteIfExists(bad);
        }
    }
}
