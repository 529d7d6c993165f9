package org.syslets.model;

import java.nio.file.Path;
import java.util.List;

/**
 * What one TLC run produced.
 *
 * @param verdict   derived from exit code and message codes; {@link Expectation.Kind#ERROR} for
 *                  parse/semantic errors, failed assumptions, crashes and timeouts
 * @param distinct  distinct states (2199), null if TLC never reported them
 * @param generated states generated (2199), null if not reported
 * @param depth     depth of the state graph search (2194), null if not reported
 * @param trace     counterexample, empty unless TLC printed one
 * @param violation TLC's own words for the violation/error (e.g. "Invariant Safe is violated.")
 */
public record TlcResult(Expectation verdict, int exitCode, Long distinct, Long generated, Integer depth,
                        double seconds, int workers, List<TraceState> trace, String violation,
                        Path rawOutput) {
}
