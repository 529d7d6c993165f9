package org.syslets.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * One model in {@code model/manifest.json}. Unknown fields are ignored on purpose: the manifest
 * is shared with other tools (report generator) that may add their own.
 *
 * @param distinctStates exact distinct-state count, required for {@code success} models and
 *                       ignored for failing ones (their BFS may stop anywhere)
 * @param mode           tlaplus/Examples' field: "exhaustive search" for every model here
 * @param runtime        tlaplus/Examples' field: wall time of the last recorded run, HH:MM:SS
 * @param totalStates    tlaplus/Examples' field: states generated in the last recorded run
 * @param stateDepth     tlaplus/Examples' field: depth TLC reported in the last recorded run
 * @param probes         passing models: the MC module's probe invariants ({@code ProbeX}) that the
 *                       run must violate, i.e. what the model must reach ({@link Probes})
 * @param counterexample failing models: what the counterexample must look like ({@link CounterexampleCheck})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestEntry(String name, String spec, String config, String variant, String finding,
                            String expect, Boolean quick, String description, Long distinctStates,
                            Object mode, String runtime, Long totalStates, Integer stateDepth,
                            List<String> probes, CounterexampleExpectation counterexample) {

    public ManifestEntry {
        probes = probes == null ? List.of() : List.copyOf(probes);
    }

    public ManifestEntry(String name, String spec, String config, String variant, String finding, String expect,
                         Boolean quick, String description, Long distinctStates) {
        this(name, spec, config, variant, finding, expect, quick, description, distinctStates, null, null, null, null,
                null, null);
    }

    public boolean isQuick() { return Boolean.TRUE.equals(quick); }

    /** @throws IllegalArgumentException if {@code expect} is malformed */
    public Expectation expectation() { return Expectation.parse(expect); }

    /** The first line of this model's .cfg: the expected verdict, for a reader who opens only the .cfg. */
    public String cfgHeader() {
        return "\\* " + name + ": TLC must report " + expect + " (" + variant + ", finding " + finding
                + "). model/manifest.json holds the same verdict; the runner judges by it.";
    }
}
