package org.syslets.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.results.Findings;

/**
 * docs/findings.md is the grid of a full {@code ./syslets main} run, written by the report from that
 * run's stage results. This test keeps the committed file honest without regenerating it: it must name
 * its run and that run must have been a full one; every finding must have a row; and each finding
 * check below, run here on V5 and on FIXED (checks that already ran in this JVM are not run again),
 * must show the verdict the committed cell claims. A ✗ or "not run" where the code now shows v5
 * violated and fixed holds, or a ✓ where it does not, fails the build.
 */
class FindingsTableTest {

    record Check(String key, String method, Consumer<Design> property) {
    }

    record Row(String id, List<Check> checks) {
    }

    static final List<Row> CHECKABLE = List.of(
            new Row("MM1",
                    List.of(new Check("MM1/WaitNeverStarves", "EventsLeftTest#mm1_waitNeverStarves_v5ViolatedFixedHolds",
                                    EventsLeftTest::waitNeverStarvesWrapped),
                            new Check("MM1/WaitNeverStarves/sequences",
                                    "CommandSequenceTest#mm1_waitNeverStarvesThroughHeadSwitches_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.WaitNeverStarves)))),
            new Row("RING-FULL",
                    List.of(new Check("RING-FULL/WaitNeverStarves", "EventsLeftTest#ringFull_waitNeverStarves_v5ViolatedFixedHolds",
                            EventsLeftTest::waitNeverStarvesFull))),
            new Row("MM7",
                    List.of(new Check("MM7/DecodeSound", "AtomProgramsTest#mm7_decodeSound_v5ViolatedFixedHolds",
                                    AtomProgramsTest::decodeSound),
                            new Check("MM7/DecodeDeterministic", "AtomProgramsTest#mm7_decodeDeterministic_v5ViolatedFixedHolds",
                                    AtomProgramsTest::decodeDeterministic))),
            new Row("MM8",
                    List.of(new Check("MM8/UnknownRejected", "AtomProgramsTest#mm8_unknownRejected_v5ViolatedFixedHolds",
                            AtomProgramsTest::unknownRejected))),
            new Row("MM16",
                    List.of(new Check("MM16/NoCompletionLost", "CommandSequenceTest#mm16_noCompletionLost_v5ViolatedFixedHolds",
                            d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.NoCompletionLost)))),
            new Row("MM21",
                    List.of(new Check("MM21/ForbiddenRefused", "CommandSequenceTest#mm21_forbiddenRefused_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.ForbiddenRefused)),
                            new Check("MM21/NoForbiddenInBackground",
                                    "CommandSequenceTest#mm21_noForbiddenInBackground_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.NoForbiddenInBackground)))));

    /** The column of docs/findings.md's grid that each check above is in (the stage's checker). */
    static String checker(Check c) {
        return c.method().startsWith("CommandSequenceTest") ? "sequences" : "props";
    }

    @Test
    void findingsTableIsTheRecordOfAFullRunAndTheseChecksAgreeWithIt() throws IOException {
        Path file = Path.of("..", "docs", "findings.md");
        assertThat(file).as("docs/findings.md (written by a full ./syslets main)").exists();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String head = String.join("\n", lines.subList(0, Math.min(6, lines.size())));
        // It says which run produced it, and that run was a full one: not --quick, not --only.
        assertThat(head).as("docs/findings.md names its run").containsPattern("run `main-[0-9TZ]+-[0-9a-f]+`");
        assertThat(head).as("produced by a full main run").contains("TLC all (", "1000 tries", "JCStress -m default");
        // A green run: every verdict as expected and every stage passed, except that this test may have
        // failed in it (the file it replaced was stale: the run that wrote this one fixes that).
        assertThat(head).as("produced by a green run").contains("every verdict as expected").doesNotContain("NOT as expected");
        String failedStages = head.replace("but stage props failed ([FindingsTableTest#findingsTableIsTheRecordOfAFullRunAndTheseChecksAgreeWithIt])", "");
        assertThat(failedStages).as("no stage failed in that run (but this test)").doesNotContain(", but stage");
        int header = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith("| finding |")) { header = i; break; }
        assertThat(header).as("the grid of docs/findings.md").isNotNegative();
        List<String> columns = cells(lines.get(header));
        for (String checker : org.syslets.results.Check.CHECKERS) assertThat(columns).as("grid columns").contains(checker);
        for (Findings.Finding f : Findings.ALL) {
            assertThat(lines).as("a grid row for " + f.id()).anyMatch(l -> l.startsWith("| " + f.id() + " | "));
        }
        int rows = 0;
        for (Row r : CHECKABLE) {
            for (Check c : r.checks()) {
                Verdicts.opposite(c.key(), c.property());   // asserts v5 violated, fixed holds in this JVM
                String id = r.id();
                List<String> row = lines.stream().filter(l -> l.startsWith("| " + id + " | ")).map(FindingsTableTest::cells).findFirst().orElseThrow();
                String cell = row.get(columns.indexOf(checker(c)));
                assertThat(cell).as("docs/findings.md %s x %s: %s shows v5 violated and fixed holds now", id, checker(c), c.method())
                        .startsWith("✓").contains("v5✓").contains("fixed✓");
                rows++;
            }
        }
        System.out.println("findings table: " + rows + " finding checks agree with docs/findings.md of a full run");
    }

    static List<String> cells(String row) {
        String[] parts = row.substring(1, row.length() - 1).split("\\|");
        List<String> out = new java.util.ArrayList<>();
        for (String p : parts) out.add(p.strip());
        return out;
    }
}
