package org.syslets.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One model in {@code model/manifest.json}. Unknown fields are ignored on purpose: the manifest
 * is shared with other tools (report generator) that may add their own.
 *
 * @param distinctStates exact distinct-state count, required for {@code success} models and
 *                       ignored for failing ones (their BFS may stop anywhere)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ManifestEntry(String name, String spec, String config, String variant, String finding,
                            String expect, Boolean quick, String description, Long distinctStates) {

    public boolean isQuick() { return Boolean.TRUE.equals(quick); }

    /** @throws IllegalArgumentException if {@code expect} is malformed */
    public Expectation expectation() { return Expectation.parse(expect); }
}
