package org.syslets.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The test command's share of the fuzzer: every target replays its committed corpus (Jazzer's
 * regression mode: {@code AbiFuzzerInputs/} and {@code AbiFuzzerInputs/<method>/}) in its own child
 * JVM. A native crash, a hang (the per-input watchdog halts the JVM with 77), a Java error escaping
 * the ABI, an error the runtime caught, or an uncaught-exception handler firing in a runtime thread
 * fails the test for that target, and the others still run.
 */
class FuzzReplayTest {
    static Stream<FuzzTargets.Target> targets() {
        return FuzzTargets.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void replaysItsCorpusInAChildJvmWithoutAFinding(FuzzTargets.Target t) throws Exception {
        Path dir = FuzzTargets.module().resolve("target").resolve("fuzz-replay");
        Files.createDirectories(dir);
        Path log = dir.resolve(t.method() + ".log");
        FuzzTargets.Outcome o = FuzzTargets.run(t, false, List.of(), List.of(), log, 600);
        assertThat(o.output()).as("the child ran the target").contains("FUZZCHILD " + FuzzTargets.CLASS + "#" + t.method());
        assertThat(o.clean()).as("%s: %s (exit %d); log %s\n%s", t.id(), o.verdict(), o.exit(), log,
                FuzzTargets.tail(o.output(), 60)).isTrue();
        long inputs = o.output().lines().filter(l -> l.contains("tests successful")).findFirst()
                .map(l -> Long.parseLong(l.replaceAll("\\D+", " ").trim().split(" ")[0])).orElse(0L);
        System.out.printf("fuzz replay %s: %d inputs, clean%n", t.id(), inputs);
        assertThat(inputs).as("inputs replayed (the committed corpus plus the empty input)").isGreaterThan(1);
    }
}
