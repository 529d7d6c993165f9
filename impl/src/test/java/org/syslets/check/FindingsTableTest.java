package org.syslets.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.syslets.kernel.Design;

/**
 * Generates docs/findings.md from the verdicts observed in this run (checks that already ran in this
 * JVM are not run again), and fails when the committed file differs from what the run observed, so
 * the table cannot go stale. Regenerate with {@code -Dsyslets.findings.write=true}. The shrunk
 * counterexamples section is informative and not compared.
 */
class FindingsTableTest {

    record Check(String key, String method, Consumer<Design> property) {
    }

    record Row(String id, String words, String invariant, String tlc, List<Check> checks) {
    }

    static final List<Row> CHECKABLE = List.of(
            new Row("MM1", "Milton: \"This completely misses the wraparound case of kernel_ring_idx < user_ring_idx.\"",
                    "`WaitNeverStarves`", "`MCRingWrapV5` ✗ / `MCRingWrapMilton` ✓ (also `MCRingLiveV5`/`MCRingLiveFixed`, `MCSysletV5Ring`/`MCSysletFixed`)",
                    List.of(new Check("MM1/WaitNeverStarves", "EventsLeftTest#mm1_waitNeverStarves_v5ViolatedFixedHolds",
                                    EventsLeftTest::waitNeverStarvesWrapped),
                            new Check("MM1/WaitNeverStarves/sequences",
                                    "CommandSequenceTest#mm1_waitNeverStarvesThroughHeadSwitches_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.WaitNeverStarves)))),
            new Row("RING-FULL (derived from MM1, reference §2.7)", "with N events K = U and v5's formula reads 0 pending",
                    "`WaitNeverStarves`", "`MCRingFullV5` ✗, `MCRingFullMilton` ✗ / `MCRingFullFixed` ✓, `MCRingFree` ✓",
                    List.of(new Check("RING-FULL/WaitNeverStarves", "EventsLeftTest#ringFull_waitNeverStarves_v5ViolatedFixedHolds",
                            EventsLeftTest::waitNeverStarvesFull))),
            new Row("MM7", "Milton: \"The stop flags are decoded with a case but are not densely encoded, rather they are one hot.\"",
                    "`DecodeSound`, `DecodeDeterministic`", "`MCDecodeV5StopBits` ✗, `MCDecodeV5Ambiguous` ✗ / `MCDecodeFixed` ✓",
                    List.of(new Check("MM7/DecodeSound", "AtomProgramsTest#mm7_decodeSound_v5ViolatedFixedHolds",
                                    AtomProgramsTest::decodeSound),
                            new Check("MM7/DecodeDeterministic", "AtomProgramsTest#mm7_decodeDeterministic_v5ViolatedFixedHolds",
                                    AtomProgramsTest::decodeDeterministic))),
            new Row("MM8", "Milton: \"There is no check for flags being set that are not recognized.\"",
                    "`UnknownRejected`", "`MCDecodeV5Unknown` ✗ / `MCDecodeFixed` ✓",
                    List.of(new Check("MM8/UnknownRejected", "AtomProgramsTest#mm8_unknownRejected_v5ViolatedFixedHolds",
                            AtomProgramsTest::unknownRejected))),
            new Row("MM16", "Milton: \"how does userspace actually find out about the error doing the completion in the syslet case?\"",
                    "`NoCompletionLost`", "`MCRingOverflowV5` ✗ / `MCRingOverflowFixed` ✓",
                    List.of(new Check("MM16/NoCompletionLost", "CommandSequenceTest#mm16_noCompletionLost_v5ViolatedFixedHolds",
                            d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.NoCompletionLost)))),
            new Row("MM21", "Milton: \"Is testing t->async_ready what we want to exclude system calls on?\"",
                    "`ForbiddenRefused`, `NoForbiddenInBackground`", "`MCTasksV5` ✗, `MCTasksV5Background` ✗, `MCSysletV5` ✗ / `MCTasksFixed` ✓, `MCSysletFixed` ✓",
                    List.of(new Check("MM21/ForbiddenRefused", "CommandSequenceTest#mm21_forbiddenRefused_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.ForbiddenRefused)),
                            new Check("MM21/NoForbiddenInBackground",
                                    "CommandSequenceTest#mm21_noForbiddenInBackground_v5ViolatedFixedHolds",
                                    d -> CommandSequenceTest.findingCheck(d, CommandSequenceTest.Inv.NoForbiddenInBackground)))));

    /** Checkable points whose v5-vs-fixed checks live in other packages' tests (their own assertions give the verdict). */
    static final String ELSEWHERE = """
            | id | reviewer's words (short) | checked by (outside this package) | verdicts |
            |---|---|---|---|
            | MM4 | Milton: "Your current code is broken on all 32bit big endian kernels." | `abi.CompatDecodingPropertiesTest#v5_bigEndianReadsTheHighHalf`, `#fixed_u64FieldsNeverTruncateNorReadTheWrongHalf` | asserted there: v5 falsified, fixed holds (not re-run by this table) |
            | MM5 | Milton: "the compat syscall entry points assume that the arguments have been truncated" | `abi.CompatDecodingPropertiesTest#v5_compatArgsCarryTheNeighbouringBytes`, `#fixed_compatArgsAreTruncatedThenExtended` | asserted there |
            | MM9 | Milton: "clear the force_noerror flag between syscalls" | `kernel.UmemAndSignalTest#forceNoerrorLeaksIntoTheNextAtomInV5Only`, `#forceNoerrorIsSetByUmemAddAndClearedPerAtomOnlyWhenFixed` | asserted there: v5 leaks, fixed and FIXED.without(MM9) differ (no TLC pair) |
            | MM10 | Milton: "you call verify_read on the entire uatom" | `abi.AtomCodecPropertiesTest#v5_faultsOnPackedAtoms`, `#fixed_kernelReadsPackedAtoms`, `kernel.WildPointerTest` (packed atom at a mapping's end) | asserted there (no TLC pair) |
            | UMEM-ATOMIC (derived, reference §2.3) | sys_umem_add is a read-then-write | `kernel.UmemAndSignalTest#concurrentUmemAddLosesUpdatesInV5Only`, JCStress `UmemAddV5`/`UmemAddFixed`, Lincheck `UmemAddLincheckTest` | asserted there: v5 loses updates, fixed none |
            | AM1 | Morton: sys_umem_add ignored -EFAULT from put_user | `kernel.UmemAndSignalTest#umemAddReturnsTheNewValueAndEfaultOnBadPointers` | asserted there: -EFAULT on both designs (fixed in v2) |
            """;

    static final String INVARIANT_ONLY = """
            | id | what is checked | spec invariant | TLC pair | Java check | v5 / fixed |
            |---|---|---|---|---|---|
            | MM6 | Milton: "t->at is only ever set to &t->__at and async_ready is only set to the same at or NULL" — no behaviour differs, so no v5 failure exists; the shape is checked after every step | `AtShape`, `OnlyHeadAsyncReady`, `AtMeansAsyncThread` | `MCTasksMutReadyWithoutAt`, `MCTasksMutKeepReady`, `MCTasksMutHeadKeepsAt` ✗ (mutations) / `MCTasksFixed` ✓ | `CommandSequenceTest#everyInvariantHoldsAfterEveryStep_fixed`, `#theInvariantsNoFindingTouchesHoldOnV5` | holds / holds |
            | MM18 | "restore_ip and restore_stack implement a minimal longjmp": each went-async point resumed once | `ResumedAtMostOnce` | `MCTasksMutDoubleResume` ✗ / `MCTasksFixed` ✓ | same two | holds / holds |
            | JA4 | one ring entry per async submission, none for a cached one | `OneCompletionPerSyslet`, `CachedNeverPosted`, `AsyncPostedOnce`, `NoCompleteHonoured` | `MCTasksMutPostCached`, `MCChainMut*` ✗ / `MCTasksFixed`, `MCChainFixed` ✓ | same two, and `AtomProgramsTest#runtimeFollowsTheAtomModule_v5`/`_fixed` | see the run |
            | head | exactly one task owns the user context (reference §6.2) | `ExactlyOneHead` | `MCTasksMutNoDemote` ✗ / `MCTasksFixed` ✓ | `CommandSequenceTest` (every run) | holds / holds |
            | ring | no overwrite, slot ownership, exactly-once reaping, accounting | `NoOverwrite`, `SlotOwnership`, `ExactlyOnceReap`, `Accounting` | `MCRingMut*` ✗ / every ring model ✓ | `CommandSequenceTest#everyInvariantHoldsAfterEveryStep_fixed` (all), `#theInvariantsNoFindingTouchesHoldOnV5` (all but Accounting) | holds / holds |
            """;

    static final String DESIGN_NOTES = """
            | id | why it is a design note only |
            |---|---|
            | MM2 / AB1 | ppc64 TOC and function descriptors: the emulation represents resume points abstractly (UserEntry), there is no register file to get wrong |
            | MM3 / AB2 | syscall-table layout exposure is an arch ABI matter; the runtime dispatches by number |
            | MM11 | `goto`s vs a `while` loop: code style |
            | MM12 | where `sys_umem_add` lives in the kernel tree (lib-y, weak syscalls) |
            | MM13 | `cond_syscall` aliases when async is not configured: a Kconfig matter |
            | MM14 | documentation of threadlets |
            | MM15 | u16 syscall number: an ABI choice (nr ≥ NR_syscalls giving -ENOSYS is exercised by `AtomProgramsTest`'s `syscall(600)` atoms, same on both designs) |
            | MM17 | threadlet API question (stack scanning vs the return code) |
            | MM19 | question about an lvalue macro |
            | MM20 | copied comments and whitespace |
            | DL1 / DL2 | indirect arguments and a shared ring of pointers: API taste and a benchmark (bench/), not a correctness property |
            | AM2, JA1, AV1 | v1 items fixed in v2 (VERIFY_READ, CLONE_VM, FPU state); nothing for v5 to get wrong here |
            | AM3 | lost wakeup in cachemiss_loop: a concurrency property for stress/ (JCStress), not for this package |
            | JA2, JA3, JA5, ME1–ME6, §3.7–§3.10 | benchmarks, pool management wishes, ordering observations and design opinions |
            """;

    static String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("# Review findings: check and verdict\n\n")
                .append("Generated by `impl/src/test/java/org/syslets/check/FindingsTableTest.java` from the verdicts observed in the run ")
                .append("(`mvn -B -pl impl test -Dtest=FindingsTableTest -Dsyslets.findings.write=true` regenerates it; a normal run ")
                .append("fails when this file and the run disagree). Ids are those of `shared/docs/syslet-reference.md` §3; invariant ")
                .append("names are the spec's (`docs/invariants.md`); TLC pairs are from `model/manifest.json` (✗ expected to fail, ✓ to pass).\n\n")
                .append("Each check runs one property on `Design.V5` and on `Design.FIXED`. \"violated\" means QuickTheories found a ")
                .append("counterexample and shrank it; \"holds\" means it found none with the same seed.\n\n")
                .append("## Checkable findings (observed in this run)\n\n")
                .append("| id | reviewer's words (short) | spec invariant | TLC model pair | Java check | v5 | fixed |\n")
                .append("|---|---|---|---|---|---|---|\n");
        int rows = 0;
        StringBuilder ex = new StringBuilder();
        for (Row r : CHECKABLE) {
            for (Check c : r.checks()) {
                Verdicts.Pair p = Verdicts.seen(c.key());
                if (p == null) p = Verdicts.opposite(c.key(), c.property());
                sb.append("| ").append(r.id()).append(" | ").append(r.words()).append(" | ").append(r.invariant()).append(" | ")
                        .append(r.tlc()).append(" | `").append(c.method()).append("` | ").append(p.v5().word()).append(" | ")
                        .append(p.fixed().word()).append(" |\n");
                rows++;
                ex.append("### ").append(c.key()).append("\n\n```\n").append(Verdicts.smallest(p.v5().report()).lines().filter(l -> !l.startsWith("\tat ")).limit(30)
                        .reduce((x, y) -> x + "\n" + y).orElse("")).append("\n```\n\n");
            }
        }
        sb.append("\n").append(rows).append(" checkable rows, each violated on v5 and holding on fixed in this run.\n\n")
                .append("## Checkable findings checked outside this package\n\n").append(ELSEWHERE)
                .append("\n## Invariants without a v5 defect (must hold on both designs)\n\n").append(INVARIANT_ONLY)
                .append("\n## Design notes only\n\n").append(DESIGN_NOTES)
                .append("\n").append(SHRUNK).append("\n\n").append(ex);
        return sb.toString();
    }

    static final String SHRUNK = "## Shrunk v5 counterexamples (last run; informative, not compared)";

    @Test
    void findingsTableIsUpToDate() throws IOException {
        String md = render();
        long rows = md.lines().filter(l -> l.startsWith("| ") && l.endsWith("| violated | holds |")).count();
        System.out.println("findings table: " + rows + " checkable rows, v5 violated and fixed holds in each");
        assertThat(rows).isEqualTo(CHECKABLE.stream().mapToLong(r -> r.checks().size()).sum());
        Path file = Path.of("..", "docs", "findings.md");
        if (Boolean.getBoolean("syslets.findings.write")) {
            Files.writeString(file, md, StandardCharsets.UTF_8);
            return;
        }
        assertThat(file).as("docs/findings.md missing: run with -Dsyslets.findings.write=true").exists();
        String committed = Files.readString(file, StandardCharsets.UTF_8);
        assertThat(head(committed)).as("docs/findings.md is stale: regenerate with -Dsyslets.findings.write=true")
                .isEqualTo(head(md));
    }

    static String head(String md) {
        int i = md.indexOf(SHRUNK);
        return i < 0 ? md : md.substring(0, i);
    }
}
