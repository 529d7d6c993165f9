package org.syslets.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** Reachability: a passing model must list what it reaches, or it could pass vacuously. */
    @Test
    void everyPassingModelListsProbesThatItsModuleDefines() throws Exception {
        for (ManifestEntry e : manifest.models()) {
            if (e.expectation().kind() != Expectation.Kind.SUCCESS) {
                assertThat(e.probes()).as(e.name() + ": probes belong to passing models").isEmpty();
                continue;
            }
            assertThat(e.probes()).as(e.name() + ".probes").isNotEmpty();
            String mc = Files.readString(manifest.specPath(e));
            for (String p : e.probes()) {
                assertThat(mc).as(e.name() + ": " + p + " in the ProbeTable of " + e.spec())
                        .contains("<<\"" + p + "\", " + p + ">>");
            }
        }
    }

    /** A failing model pins its counterexample, so that a different case of the same invariant is noticed. */
    @Test
    void everyFailingSafetyModelPinsItsCounterexample() {
        for (ManifestEntry e : manifest.models()) {
            if (e.expectation().kind() == Expectation.Kind.SAFETY) {
                assertThat(e.counterexample()).as(e.name() + ".counterexample").isNotNull();
                assertThat(e.counterexample().states()).as(e.name() + ".counterexample.states").isNotNull().isPositive();
                assertThat(e.counterexample().action()).as(e.name() + ".counterexample.action").isNotBlank();
            }
        }
    }

    /**
     * The width sweep covers exactly the (N, W) that SysletRing's width ASSUMEs allow for N, W <= 5,
     * per formula (v5 and milton with the "wrap" discipline, which needs N >= 2). The bounds are
     * SysletRing's EventsLeftFits, V5WrapFits and FreeRingDividesWord (derived there).
     */
    @Test
    void theWidthSweepCoversEveryAllowedSize() throws Exception {
        Pattern name = Pattern.compile("MCSweep(V5|Milton|Full|Free)N(\\d)W(\\d)");
        Set<String> expected = new TreeSet<>(), actual = new TreeSet<>();
        for (String f : List.of("V5", "Milton", "Full", "Free")) {
            for (int w = 1; w <= 5; w++) {
                for (int n = f.equals("V5") || f.equals("Milton") ? 2 : 1; n <= 5; n++) {
                    long half = 1L << (w - 1);
                    boolean fits = n <= half - 1
                            && (!f.equals("V5") || 2L * n - 1 <= half - 1)
                            && (!f.equals("Free") || (1L << w) % n == 0);
                    if (fits) expected.add("MCSweep" + f + "N" + n + "W" + w);
                }
            }
        }
        for (ManifestEntry e : manifest.models()) {
            if (!e.config().startsWith("sweep/")) continue;
            Matcher m = name.matcher(e.name());
            assertThat(m.matches()).as(e.name() + " is a sweep name").isTrue();
            String cfg = Files.readString(manifest.configPath(e));
            assertThat(cfg).as(e.config()).contains("N = " + m.group(2) + "\n").contains("W = " + m.group(3) + "\n")
                    .contains("Formula = \"" + m.group(1).toLowerCase() + "\"");
            assertThat(e.isQuick()).as(e.name() + " is thorough").isFalse();
            actual.add(e.name());
        }
        assertThat(actual).isEqualTo(expected);
    }

    /** spec/ holds the design only: planted mutations are definition overrides in the MC modules. */
    @Test
    void mutationsLiveInTheModelsAndOverridesNameDefinedOperators() throws Exception {
        Path repo = manifest.modelDir().getParent();
        try (Stream<Path> specs = Files.list(repo.resolve("spec"))) {
            for (Path p : specs.filter(x -> x.toString().endsWith(".tla")).toList()) {
                assertThat(Files.readString(p)).as(p + " has no mutation switch").doesNotContain("Mutation");
            }
        }
        Pattern override = Pattern.compile("(?m)^\\s*(\\w+)\\s*<-\\s*(?:\\[\\w+\\]\\s*)?(Mut\\w+)\\s*$");
        for (ManifestEntry e : manifest.models()) {
            String cfg = Files.readString(manifest.configPath(e));
            Matcher m = override.matcher(cfg);
            boolean planted = false;
            while (m.find()) {
                planted = true;
                assertThat(Files.readString(manifest.specPath(e))).as(e.name() + ": " + m.group(2) + " defined in " + e.spec())
                        .containsPattern("(?m)^" + m.group(2) + "\\b");
            }
            if (planted) assertThat(e.variant()).as(e.name() + " plants a mutation").isEqualTo("mutation");
        }
    }

    /** Every ASSUME is named (ASSUME Name == ...), in spec/ and in the MC modules. */
    @Test
    void everyAssumeIsNamed() throws IOException {
        Path repo = manifest.modelDir().getParent();
        List<Path> modules = new ArrayList<>();
        for (String dir : List.of("spec", "model")) {
            try (Stream<Path> s = Files.list(repo.resolve(dir))) {
                s.filter(x -> x.toString().endsWith(".tla")).forEach(modules::add);
            }
        }
        Pattern anonymous = Pattern.compile("(?m)^ASSUME(?!\\s+\\w+\\s*==)");
        for (Path p : modules) {
            assertThat(anonymous.matcher(Files.readString(p)).find()).as(p + " has an anonymous ASSUME").isFalse();
        }
    }
}
