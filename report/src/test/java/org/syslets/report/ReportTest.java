package org.syslets.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syslets.results.Check;
import org.syslets.results.Findings;
import org.syslets.results.Results;
import org.syslets.results.StageResult;

/** The report on a repository made here: what it shows for what ran, and that its links resolve. */
class ReportTest {
    @TempDir
    Path root;

    /** docs/sources.md as the report links to it (its anchors). */
    void sources() throws Exception {
        Files.createDirectories(root.resolve("docs"));
        StringBuilder s = new StringBuilder("# Sources\n");
        for (String a : List.of(Findings.MILTON, Findings.LIBENZI, Findings.MORTON, Findings.DERIVED)) s.append("<a id=\"").append(a).append("\"></a>\n");
        Files.writeString(root.resolve("docs/sources.md"), s);
    }

    @Test
    void withNothingRunEveryCellSaysNotRun() throws Exception {
        sources();
        Report.Written w = new Report(root, null).write(false);
        String html = Files.readString(w.html());
        String grid = html.substring(html.indexOf("<table class=\"grid\">"), html.indexOf("</table>"));
        long cells = (Findings.ALL.size() + 1L) * Check.CHECKERS.size();
        assertThat(grid.split(">not run<", -1).length - 1L).isEqualTo(cells);
        assertThat(grid).doesNotContain("✓", "✗", "no check");
        assertThat(html).contains("Nothing ran");
        assertThat(w.allAsExpected()).isFalse();
        assertThat(Links.broken(w.html())).isEmpty();
    }

    @Test
    void onlyTheCheckersThatRanHaveMarksAndEveryLinkResolves() throws Exception {
        sources();
        Path tlc = Files.createDirectories(root.resolve("model/target/tlc"));
        Files.writeString(tlc.resolve("MCRingWrapV5.out"), "tlc output\n");
        Files.writeString(tlc.resolve("MCRingWrapV5.trace.json"), """
                {"name": "MCRingWrapV5", "violation": "Invariant WaitNeverStarves is violated.", "trace": [
                 {"state": 1, "kind": "state", "action": "Initial predicate", "vars": {"slot": "(0 :> NULL @@ 1 :> NULL)", "K": "0", "U": "0",
                  "wstate": "\\"user\\"", "eventsLeft": "0", "wmin": "0"}, "changed": []},
                 {"state": 2, "kind": "state", "action": "WaitEnter", "vars": {"slot": "(0 :> NULL @@ 1 :> 2)", "K": "0", "U": "1",
                  "wstate": "\\"sleeping\\"", "eventsLeft": "2", "wmin": "1"}, "changed": ["slot", "U", "wstate", "eventsLeft", "wmin"]}]}""");
        Files.writeString(tlc.resolve("MCDecodeV5Unknown.out"), "tlc output\n");
        Files.writeString(tlc.resolve("MCDecodeV5Unknown.trace.json"), """
                {"violation": "Invariant UnknownRejected is violated.", "trace": [
                 {"state": 1, "kind": "state", "action": "Initial predicate", "vars": {"word": "264", "result": "\\"zero\\""}, "changed": []}]}""");
        Files.writeString(tlc.resolve("MCRingFixedN1.out"), "tlc output\n");
        Files.writeString(tlc.resolve("MCRingFixedN1.dot"), """
                strict digraph DiskGraph {
                1 [label="/\\\\ K = 0",style = filled]
                1 -> 2 [label="Submit",color="2",fontcolor="2"];
                2 [label="/\\\\ K = 1"];
                2 -> 1 [label="Reap",color="3",fontcolor="3"];
                }
                """);
        List<Check> checks = List.of(
                new Check("tlc", "MM1", "v5", "MCRingWrapV5", "violated", "violated", "model/target/tlc/MCRingWrapV5.out", "9 states"),
                new Check("tlc", "MM1", "fixed", "MCRingFixedN1", "holds", "holds", "model/target/tlc/MCRingFixedN1.out", "2 states"),
                new Check("tlc", "MM8", "v5", "MCDecodeV5Unknown", "violated", "violated", "model/target/tlc/MCDecodeV5Unknown.out", null),
                new Check("tlc", "NO-OVERWRITE", null, "MCRingMutOverwrite", "violated", "holds", null, "mutant survived"));
        Results.write(root, StageResult.of("tlc", Instant.now(), Map.of("selection", "quick", "models", 4, "search", "exhaustive search"),
                List.of("MCRingFixedN4: thorough model, not in a --quick run"), checks, Map.of(), false));
        Report.Written w = new Report(root, null).write(false);
        String html = Files.readString(w.html());
        String grid = html.substring(html.indexOf("<table class=\"grid\">"), html.indexOf("</table>"));
        String mm1 = grid.substring(grid.indexOf(">MM1<"), grid.indexOf(">RING-FULL<"));
        assertThat(mm1).contains("ok\">✓", "v5✓", "fixed✓").contains(">not run<");   // props ... io_uring did not run
        String mm9 = grid.substring(grid.indexOf(">MM9<"), grid.indexOf(">MM10<"));
        assertThat(mm9).contains(">no check<").doesNotContain("✓");
        String inv = grid.substring(grid.indexOf(">INVARIANTS<"));
        assertThat(inv).contains("bad\">✗");
        assertThat(html).contains("1 verdicts NOT as expected", "quick", "Not run:", "MCRingFixedN4: thorough model",
                "STOP_ON_NONZERO|unknown:0x100");
        assertThat(w.allAsExpected()).isFalse();
        assertThat(root.resolve("target/report/mm1-MCRingWrapV5-ring.svg")).exists();
        assertThat(root.resolve("target/report/graph-MCRingFixedN1.svg")).exists();
        assertThat(Links.broken(w.html())).isEmpty();
        assertThat(Files.readString(root.resolve("target/report/findings.md"))).contains("| MM1 | events_left", "✓ (v5✓ fixed✓)", "*not run*");
    }

    @Test
    void aBrokenLinkIsFound() throws Exception {
        Path page = root.resolve("p.html");
        Files.writeString(page, "<a id=\"here\"></a><a href=\"#here\">ok</a><a href=\"#gone\">x</a><img src=\"missing.svg\">"
                + "<a href=\"https://example.org\">out</a>");
        assertThat(Links.broken(page)).hasSize(3);
    }

    @Test
    void anotherRunsResultsAreNotShown() throws Exception {
        sources();
        System.setProperty("syslets.runId", "old-run");
        try {
            Results.write(root, StageResult.of("props", Instant.now(), Map.of("tries", 200), List.of(),
                    List.of(new Check("props", "MM4", "v5", "T#m", "violated", "violated", null, null)), Map.of(), false));
        } finally {
            System.clearProperty("syslets.runId");
        }
        Report.Written w = new Report(root, "main-20990101T000000Z-00000000").write(false);
        String html = Files.readString(w.html());
        assertThat(html.substring(html.indexOf("<table class=\"grid\">"), html.indexOf("</table>"))).doesNotContain("✓");
        assertThat(html).contains("Results of other runs (not shown)", "old-run");
        assertThatThrownBy(() -> Links.broken(root.resolve("nope.html"))).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void theMutationSectionShowsScoresMatrixAndEverySurvivorWithItsArgument() throws Exception {
        sources();
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/mutation.md"), "# Mutation\n");
        Path surv = Files.createDirectories(root.resolve("target/mutation/spec/survivors"));
        Files.writeString(surv.resolve("SysletRing.Reap.ror.1.diff"), "-a\n+b\n");
        Map<String, Object> spec = Map.of("score", 75.0, "killed", 3, "nonEquivalent", 4, "killedByTlcError", 1, "generated", 9, "minutes", 1.5,
                "byModule", Map.of("SysletRing", Map.of("killed", 3, "survived", 1, "equivalent", 1, "percent", 75.0)),
                "byOperator", Map.of("ror", Map.of("killed", 2, "survived", 1, "percent", 66.7), "if-swap", Map.of("killed", 1, "equivalent", 1, "percent", 100.0)),
                "survivors", List.of(
                        Map.of("name", "SysletRing.Reap.ror.1", "status", "survived", "before", "a < b", "after", "a <= b", "diff", "survivors/SysletRing.Reap.ror.1.diff"),
                        Map.of("name", "SysletRing.Post.if-swap.1", "status", "equivalent", "before", "IF", "after", "IF'", "argument", "both arms equal here")));
        Map<String, Object> rt = Map.of("score", 80.0, "scoreOverNonEquivalent", 88.9, "mutants", 10, "detected", 8, "arguedEquivalent", 1,
                "byClass", Map.of("org.syslets.abi.Flags", Map.of("KILLED", 7, "TIMED_OUT", 1, "SURVIVED", 2)),
                "byMutator", Map.of("MathMutator", Map.of("KILLED", 8, "SURVIVED", 2)),
                "survivors", List.of(
                        Map.of("class", "org.syslets.abi.Flags", "method", "has", "line", 12, "mutator", "MathMutator", "description", "Replaced OR with AND",
                                "status", "SURVIVED", "argument", "the operands never share a bit"),
                        Map.of("class", "org.syslets.abi.Flags", "method", "name", "line", 30, "mutator", "MathMutator", "description", "Replaced + with -",
                                "status", "SURVIVED")));
        Results.write(root, StageResult.of("mutation", Instant.now(), Map.of("run", "all", "runtime", "PIT over abi, seeded sample 40 %"), List.of(),
                List.of(new Check("mutation", null, "fixed", "spec: >= 90 % of non-equivalent mutants killed", "holds", "violated", null, "75.0 %")),
                Map.of("spec", spec, "runtime", rt), false));
        Report.Written w = new Report(root, null).write(false);
        String md = Files.readString(root.resolve("target/report/report.md"));
        String section = md.substring(md.indexOf("## Mutation testing"));
        assertThat(section).contains("Score **75.0 %**", "3 of 4", "| SysletRing | 3 | 1 | 1 | 75.0 |", "| if-swap |", "| ror |")
                .contains("Score **80.0 %**", "8 of 10", "| Flags | 7 | 1 | 2 | 80.0 |", "| MathMutator | 8 | 2 | 80.0 |")
                .contains("equivalent: both arms equal here", "equivalent: the operands never share a bit")
                .contains("[`SysletRing.Reap.ror.1`](../../target/mutation/spec/survivors/SysletRing.Reap.ror.1.diff)");
        // The one survivor nobody argued for is marked so, in each half.
        assertThat(section.split("unexplained", -1).length - 1).isEqualTo(2);
        assertThat(Links.broken(w.html())).isEmpty();
    }
}
