package org.syslets.model;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code "quick": true} model of model/manifest.json, run through TLC by the runner, one
 * model per core at a time (as {@code ./syslets tlc --quick}); one dynamic test per model.
 */
class QuickModelsTest {

    @TestFactory
    Stream<DynamicTest> quickModelsMatchTheManifest() throws Exception {
        Manifest manifest = Fixtures.projectManifest();
        List<ManifestEntry> quick = manifest.models().stream().filter(ManifestEntry::isQuick).toList();
        // An empty selection would make this test pass without checking anything.
        assertThat(quick).as("quick models in " + manifest.file()).isNotEmpty();
        ModelRunner runner = new ModelRunner(manifest, ModelRunner.defaultOutDir(manifest),
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new ModelRunner.Options(10, false, false, true, List.of(), false, Runtime.getRuntime().availableProcessors()));
        List<ModelOutcome> outcomes = runner.runAll(quick);
        return outcomes.stream().map(o -> DynamicTest.dynamicTest(o.entry().name() + " -> " + o.entry().expect(), () ->
                assertThat(o.ok()).as("%s: %s%n%s", o.entry().name(), o.mismatchText(),
                        CounterexampleTable.render(o.result().trace(), false)).isTrue()));
    }
}
