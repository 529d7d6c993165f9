package org.syslets.results;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsTest {
    @TempDir
    Path root;

    @Test
    void aStageResultSurvivesTheRoundTrip() {
        Check v5 = new Check("tlc", "MM1", "v5", "MCRingWrapV5", "violated", "violated", "model/target/tlc/MCRingWrapV5.out", "9 states");
        Check fixed = new Check("tlc", "MM1", "fixed", "MCRingWrapMilton", "holds", "holds", null, null);
        StageResult r = StageResult.of("tlc", Instant.now(), Map.of("quick", true), List.of("MCRingFixedN4: thorough"),
                List.of(v5, fixed), Map.of("models", 2), false);
        Results.write(root, r);
        StageResult back = Results.readAll(root).get("tlc");
        assertThat(back).isEqualTo(r);
        assertThat(back.passed()).isTrue();
        assertThat(back.runId()).isEqualTo(Results.runId());
    }

    @Test
    void oneUnexpectedVerdictFailsTheStage() {
        Check wrong = new Check("fuzz", null, "fixed", "AtomBytes", "holds", "error", null, "JVM crash");
        assertThat(wrong.ok()).isFalse();
        assertThat(StageResult.of("fuzz", Instant.now(), Map.of(), List.of(), List.of(wrong), Map.of(), false).passed()).isFalse();
        assertThat(StageResult.of("fuzz", Instant.now(), Map.of(), List.of(), List.of(), Map.of(), true).passed()).isFalse();
    }

    @Test
    void malformedVerdictsAreRefused() {
        assertThatThrownBy(() -> new Check("tlx", null, null, "x", "holds", "holds", null, null))
                .hasMessageContaining("unknown checker");
        assertThatThrownBy(() -> new Check("tlc", null, "v6", "x", "holds", "holds", null, null))
                .hasMessageContaining("design");
        assertThatThrownBy(() -> new Check("tlc", null, null, "x", "ok", "holds", null, null))
                .hasMessageContaining("expected");
    }
}
