package org.syslets.model;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every {@code "quick": true} model of model/manifest.json, run through TLC by the runner. */
class QuickModelsTest {

    @TestFactory
    Stream<DynamicTest> quickModelsMatchTheManifest() throws Exception {
        Manifest manifest = Fixtures.projectManifest();
        List<ManifestEntry> quick = manifest.models().stream().filter(ManifestEntry::isQuick).toList();
        // An empty selection would make this test pass without checking anything.
        assertThat(quick).as("quick models in " + manifest.file()).isNotEmpty();
        ModelRunner runner = new ModelRunner(manifest, ModelRunner.defaultOutDir(manifest),
                new PrintStream(System.out, true, StandardCharsets.UTF_8), false);
        return quick.stream().map(e -> DynamicTest.dynamicTest(e.name() + " -> " + e.expect(), () -> {
            ModelOutcome o = runner.run(e, 10);
            assertThat(o.ok()).as("%s: %s%n%s", e.name(), o.mismatchText(),
                    CounterexampleTable.render(o.result().trace(), false)).isTrue();
        }));
    }
}
