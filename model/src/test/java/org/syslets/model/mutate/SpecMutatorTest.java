package org.syslets.model.mutate;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spec mutator on a small module with one of each construct (src/test/resources/mutate/Toy.tla). */
class SpecMutatorTest {

    static Path toy;
    static String text;
    static List<Mutant> mutants;

    @BeforeAll
    static void generate(@TempDir Path tmp) throws Exception {
        System.setProperty("java.io.tmpdir", tmp.toString()); // SANY unpacks the standard modules here
        toy = Path.of(SpecMutatorTest.class.getResource("/mutate/Toy.tla").toURI());
        text = Files.readString(toy);
        mutants = mutants(text, Map.of("Variant", Set.of("new"), "ToyMutation", Set.of("none")));
    }

    static List<Mutant> mutants(String source, Map<String, Set<String>> inPlay) throws Exception {
        Path dir = Files.createTempDirectory("toy");
        Path f = dir.resolve("Toy.tla");
        Files.writeString(f, source);
        Sany.Parsed p = Sany.parse(f, List.of(dir));
        assertThat(p.ok()).as("Toy parses: %s", p.error()).isTrue();
        Set<String> design = Reach.closure(p.root(), List.of("Init", "Next", "Spec"));
        Set<String> initial = Reach.closure(p.root(), List.of("Init"));
        return SpecMutator.generate(p.root(), source, design, inPlay, initial);
    }

    private static List<String> afters(String operator) {
        return mutants.stream().filter(m -> m.operator().equals(operator)).map(Mutant::after).toList();
    }

    @Test
    void everyOperatorMakesTheEditItNames() {
        assertThat(afters("ror")).contains("/\\ x <= Limit", "/\\ x >= Limit", "/\\ x < Limit /\\ Cardinality(seen) > 0",
                "/\\ x >= Limit /\\ Cardinality(seen) >= 0");
        assertThat(afters("unchanged")).contains("/\\ UNCHANGED seen", "/\\ UNCHANGED x");
        assertThat(afters("if-swap")).isEmpty(); // both IFs are switches: a variant and a planted bug
        assertThat(afters("drop-conjunct")).contains("/\\ (Cardinality(seen) > 0)", "/\\ (x >= Limit)");
        assertThat(afters("set-op")).containsExactly("/\\ seen' = seen \\ {x}");
        assertThat(afters("drop-fairness")).containsExactly("Spec == (Init /\\ [][Next]_vars)");
        assertThat(afters("plus1")).contains("/\\ x' = IF Variant = \"old\" THEN x + 2 ELSE x + 2",
                "/\\ x >= Limit /\\ (Cardinality(seen) + 1) > 0");
        assertThat(afters("minus1")).contains("/\\ x' = IF Variant = \"old\" THEN x + 2 ELSE x + 0");
    }

    @Test
    void checksSwitchesAndInitialPredicatesAreNotMutated() {
        assertThat(mutants).allSatisfy(m -> assertThat(m.definition()).isIn("Step", "Reset", "Grow", "Spec"));
        assertThat(mutants).noneMatch(m -> m.after().contains("x + 6") || m.after().contains("x + 4"));
        // A switch is never edited nor dropped, and the planted bug's arm (THEN x) is never touched.
        for (String kept : List.of("Variant \\in {\"new\", \"newer\"}", "Variant = \"old\"", "ToyMutation # \"no_guard\"", "ToyMutation = \"stuck\" THEN x ELSE")) {
            assertThat(mutants).filteredOn(m -> !m.operator().equals("unchanged") && !m.operator().equals("drop-conjunct"))
                    .allSatisfy(m -> assertThat(m.source()).as(m.name()).contains(kept));
        }
    }

    @Test
    void anArmNoSelectedModelTurnsOnIsMarkedUnreached() {
        List<Mutant> old = mutants.stream().filter(m -> m.after().contains("THEN x + 3") || m.after().contains("THEN x + 1 ELSE"))
                .toList();
        assertThat(old).isNotEmpty().allSatisfy(m -> assertThat(m.unreached()).contains("Variant = \"old\""));
        assertThat(mutants.stream().filter(m -> m.after().contains("ELSE x + 2")).toList())
                .isNotEmpty().allSatisfy(m -> assertThat(m.unreached()).isNull());
    }

    @Test
    void withBothVariantsInPlayTheOldArmIsReached() throws Exception {
        List<Mutant> both = mutants(text, Map.of("Variant", Set.of("new", "old"), "ToyMutation", Set.of("none")));
        assertThat(both).allSatisfy(m -> assertThat(m.unreached()).isNull());
        assertThat(both.size()).isEqualTo(mutants.size());
    }

    @Test
    void everyMutantParsesAndDiffersFromTheSpecInOnePlace(@TempDir Path dir) throws Exception {
        for (Mutant m : mutants) {
            Path f = dir.resolve("Toy.tla");
            Files.writeString(f, m.source());
            Sany.Parsed p = Sany.parse(f, List.of(dir));
            if (m.after().contains("- 1") || m.after().matches(".*[^0-9]-1.*")) continue; // Naturals: no -1
            assertThat(p.ok()).as("%s: %s", m.name(), p.error()).isTrue();
            String diff = m.diff(text);
            assertThat(diff.lines().filter(l -> l.startsWith("-") && !l.startsWith("---"))).isNotEmpty();
        }
        assertThat(mutants.stream().map(Mutant::source).distinct().count()).isEqualTo(mutants.size());
    }

    @Test
    void keysDoNotMoveWhenTheModuleChangesElsewhere() throws Exception {
        String shifted = text.replace("vars == <<x, seen>>", "\\* a comment that moves every line down\nvars == <<x, seen>>");
        List<Mutant> again = mutants(shifted, Map.of("Variant", Set.of("new"), "ToyMutation", Set.of("none")));
        assertThat(again.stream().map(Mutant::key).toList()).isEqualTo(mutants.stream().map(Mutant::key).toList());
        assertThat(again.get(0).line()).isEqualTo(mutants.get(0).line() + 1);
    }

    @Test
    void quotasAreProportionalAndCoverEveryStratum() {
        Map<String, List<SpecCampaign.Result>> strata = new TreeMap<>();
        int[] sizes = {40, 10, 3, 1};
        for (int i = 0; i < sizes.length; i++) {
            List<SpecCampaign.Result> l = new ArrayList<>();
            for (int j = 0; j < sizes[i]; j++) l.add(new SpecCampaign.Result(mutants.get(0), List.of()));
            strata.put("s" + i, l);
        }
        Map<String, Integer> q = SpecCampaign.quotas(strata, 12);
        assertThat(q.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(12);
        assertThat(q.values()).allSatisfy(n -> assertThat(n).isPositive());
        assertThat(q.get("s0")).isGreaterThan(q.get("s1"));
    }

    @Test
    void weakeningDeletesTheCheckAndAnEmptiedSection() throws URISyntaxException, java.io.IOException {
        String cfg = "INVARIANTS TypeOK Safe\nPROPERTIES Live\nCHECK_DEADLOCK FALSE\n";
        assertThat(SpecCampaign.withoutCheck(cfg, "Safe")).isEqualTo("INVARIANTS TypeOK\nPROPERTIES Live\nCHECK_DEADLOCK FALSE\n\n");
        assertThat(SpecCampaign.withoutCheck(cfg, "Live")).doesNotContain("PROPERTIES").contains("INVARIANTS TypeOK Safe");
        assertThat(mutants.stream().collect(Collectors.groupingBy(Mutant::operator))).containsKeys("ror", "plus1", "minus1",
                "drop-conjunct", "unchanged", "drop-fairness", "set-op");
    }
}
