package org.syslets.model;

import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runner's own fixture models (src/test/resources/fixtures, listed in fixtures.json, never in
 * model/manifest.json). Each is run through real TLC once per test JVM and the result shared,
 * because comparing against a wrong expectation needs no second TLC run.
 */
final class Fixtures {

    private static final Map<String, ModelOutcome> RUNS = new ConcurrentHashMap<>();
    private static Manifest manifest;

    private Fixtures() { }

    static synchronized Manifest manifest() throws Exception {
        if (manifest == null) {
            Path file = resource("/fixtures/fixtures.json");
            manifest = Manifest.load(file, file.getParent(), file.getParent());
        }
        return manifest;
    }

    static Path outDir() { return Path.of("target", "tlc-fixtures").toAbsolutePath(); }

    static ManifestEntry entry(String name) throws Exception {
        return manifest().find(name).orElseThrow();
    }

    /** Runs the fixture as listed in fixtures.json (real TLC, cached). */
    static synchronized ModelOutcome run(String name) throws Exception {
        ModelOutcome cached = RUNS.get(name);
        if (cached != null) return cached;
        ModelRunner runner = new ModelRunner(manifest(), outDir(),
                new PrintStream(System.out, true, StandardCharsets.UTF_8), false);
        ModelOutcome o = runner.run(entry(name), 5);
        RUNS.put(name, o);
        return o;
    }

    static TlcConfig config(String name) throws Exception {
        return TlcConfig.parse(manifest().configPath(entry(name)));
    }

    /** The same TLC result judged against a different manifest entry. */
    static ModelOutcome judgeAs(String name, String expect, Long distinctStates) throws Exception {
        ManifestEntry e = entry(name);
        ManifestEntry other = new ManifestEntry(e.name(), e.spec(), e.config(), e.variant(), e.finding(),
                expect, e.quick(), e.description(), distinctStates);
        return ModelOutcome.compare(other, config(name), run(name).result());
    }

    /** The same TLC result judged with a counterexample expectation. */
    static ModelOutcome judgeWith(String name, CounterexampleExpectation x) throws Exception {
        ManifestEntry e = entry(name);
        ManifestEntry other = new ManifestEntry(e.name(), e.spec(), e.config(), e.variant(), e.finding(),
                e.expect(), e.quick(), e.description(), e.distinctStates(), e.mode(), e.runtime(), e.totalStates(),
                e.stateDepth(), e.probes(), x);
        return ModelOutcome.compare(other, config(name), run(name).result());
    }

    /**
     * The project manifest: {@code -Dsyslets.manifest=PATH} (to try a draft), else
     * model/manifest.json found from the working directory.
     */
    static Manifest projectManifest() throws Exception {
        String override = System.getProperty("syslets.manifest");
        Path file = override != null ? Path.of(override)
                : Manifest.locate(Path.of("")).orElseThrow(() -> new AssertionError("no model/manifest.json"));
        return Manifest.load(file);
    }

    static Path resource(String name) throws URISyntaxException {
        return Path.of(Fixtures.class.getResource(name).toURI());
    }
}
