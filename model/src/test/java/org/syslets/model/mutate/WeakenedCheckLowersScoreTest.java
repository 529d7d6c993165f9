package org.syslets.model.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syslets.model.Manifest;

/**
 * The acceptance "a deliberately weakened invariant lowers the score" as a test (docs/mutation.md):
 * the real campaign ({@link SpecCampaign}, TLC in child JVMs as always) on a fixed set of five
 * mutants of SysletCachemiss and one model, MCCachemissFixed, once as the manifest has it and once
 * with NoLostWakeup deleted from its cfg ({@code --weaken NoLostWakeup}). Four of the five are
 * killed by NoLostWakeup, one by SleepsOnlyInSchedule; without NoLostWakeup three of the four
 * survive and one is still caught by a probe, so the score must fall from 5/5 to 2/5. A campaign
 * whose deletion did not take effect, or whose score ignored the weakened runs, fails here.
 * Mutants are named by key: a key is the edit itself, so edits elsewhere in the module keep it.
 */
class WeakenedCheckLowersScoreTest {

    /** key -> name (names number a definition's mutants in order; the key is what is matched). */
    private static final Map<String, String> MUTANTS = Map.of(
            "e7c4d27b852f", "SysletCachemiss.Schedule.if-swap.1",       // sleeps when RUNNING, runs on when not
            "b91503f028fa", "SysletCachemiss.Schedule.ror.2",           // sleeps unless INTERRUPTIBLE
            "f1d2698538f4", "SysletCachemiss.Check.if-swap.1",          // takes work it was not given, misses its own
            "8e1d4151caf4", "SysletCachemiss.Handoff.unchanged.3",      // the wake-up leaves the state INTERRUPTIBLE
            "b2254c4b8556", "SysletCachemiss.Schedule.drop-conjunct.4"); // leaves schedule() still asleep

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deletingNoLostWakeupLetsTheMutantsItKilledSurvive(@TempDir Path tmp) throws Exception {
        Path manifestFile = Manifest.locate(Path.of("")).orElseThrow(() -> new AssertionError("no model/manifest.json"));
        Path repo = manifestFile.toAbsolutePath().getParent().getParent();
        // One model: a manifest of MCCachemissFixed alone, next to copies of its MC module and cfg.
        Path models = Files.createDirectories(tmp.resolve("model"));
        ObjectNode manifest = (ObjectNode) JSON.readTree(manifestFile.toFile());
        ArrayNode one = JSON.createArrayNode();
        for (JsonNode e : manifest.path("models")) if (e.path("name").asText().equals("MCCachemissFixed")) one.add(e);
        assertThat(one).as("MCCachemissFixed in the manifest").hasSize(1);
        manifest.set("models", one);
        JSON.writeValue(models.resolve("manifest.json").toFile(), manifest);
        for (String f : List.of("MCCachemiss.tla", "MCCachemissFixed.cfg")) {
            Files.copy(repo.resolve("model").resolve(f), models.resolve(f));
        }
        Path out = tmp.resolve("out");
        List<String> args = new ArrayList<>(List.of("--module", "SysletCachemiss", "--jobs", "2",
                "--weaken", "NoLostWakeup", "--weaken-mutants", "5",
                "--manifest", models.resolve("manifest.json").toString(), "--spec-dir", repo.resolve("spec").toString(),
                "--equivalents", repo.resolve("model/equivalent-mutants.json").toString(), "--out", out.toString()));
        MUTANTS.keySet().forEach(k -> { args.add("--mutant"); args.add(k); });
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        // SANY unpacks the standard modules into the java.io.tmpdir it first saw; another test of this
        // JVM (SpecMutatorTest) pointed that at its own @TempDir, deleted since: make it exist again.
        Path sanyDir = Path.of(System.getProperty("java.io.tmpdir"));
        boolean made = !Files.isDirectory(sanyDir);
        if (made) Files.createDirectories(sanyDir);
        try {
            SpecCampaign.run(new PrintStream(log, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        } finally {
            if (made) ChildTlc.delete(sanyDir);
        }
        String printed = log.toString(StandardCharsets.UTF_8);

        JsonNode matrix = JSON.readTree(out.resolve("matrix.json").toFile());
        Map<String, String> killer = new HashMap<>();
        for (JsonNode m : matrix.path("mutants")) {
            if (!MUTANTS.containsKey(m.path("key").asText())) continue;
            assertThat(m.path("status").asText()).as(m.path("name").asText() + " unweakened\n" + printed).isEqualTo("killed");
            killer.put(m.path("key").asText(), m.path("cells").path("MCCachemissFixed").asText());
        }
        assertThat(killer).as("the five mutants ran\n" + printed).hasSize(MUTANTS.size());
        assertThat(matrix.path("score").path("percent").asDouble()).as(printed).isEqualTo(100.0);

        JsonNode w = matrix.path("weakened");
        assertThat(w.path("invariant").asText()).isEqualTo("NoLostWakeup");
        assertThat(w.path("killedByIt").asInt()).as("mutants NoLostWakeup killed\n" + printed).isEqualTo(4);
        Map<String, String> after = new HashMap<>();
        for (JsonNode r : w.path("rerun")) after.put(r.path("mutant").asText(), r.path("status").asText());
        assertThat(after).as("re-run without NoLostWakeup\n" + printed).containsOnly(
                Map.entry("SysletCachemiss.Schedule.if-swap.1", "survived"),
                Map.entry("SysletCachemiss.Schedule.ror.2", "survived"),
                Map.entry("SysletCachemiss.Check.if-swap.1", "survived"),
                Map.entry("SysletCachemiss.Handoff.unchanged.3", "killed"));   // ProbeNoWakeOfSleeper still catches it
        assertThat(w.path("nowSurvive").asInt()).isEqualTo(3);
        assertThat(w.path("lowers").asBoolean()).isTrue();
        assertThat(w.path("weakenedScoreAtMost").asDouble()).as(printed).isEqualTo(40.0)
                .isLessThan(matrix.path("score").path("percent").asDouble());
    }
}
