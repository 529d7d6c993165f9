package org.syslets.kernel;


import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.design.Finding;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link Design} is the set of findings it fixes, nothing else: every check that breaks one fix on
 * purpose ({@code FIXED.without(f)}) or adds one ({@code V5.with(f)}) relies on that. Stated over every
 * finding and every pair, not over the examples the other tests happen to use.
 */
class DesignAlgebraTest {

    private static Set<Finding> fixedBy(Design d) {
        EnumSet<Finding> s = EnumSet.noneOf(Finding.class);
        for (Finding f : Finding.values()) if (d.isFixed(f)) s.add(f);
        return s;
    }

    @Test
    void v5FixesNothingAndFixedFixesEverything() {
        assertThat(fixedBy(Design.V5)).isEmpty();
        assertThat(fixedBy(Design.FIXED)).containsExactlyInAnyOrder(Finding.values());
    }

    @Test
    void withAndWithoutChangeExactlyTheNamedFinding() {
        for (Finding f : Finding.values()) {
            assertThat(fixedBy(Design.V5.with(f))).containsExactly(f);
            assertThat(fixedBy(Design.FIXED.without(f))).doesNotContain(f).hasSize(Finding.values().length - 1);
            for (Finding g : Finding.values()) {
                Design two = Design.V5.with(f).with(g);
                assertThat(fixedBy(two)).containsExactlyInAnyOrderElementsOf(EnumSet.of(f, g));
                assertThat(fixedBy(two.without(f))).isEqualTo(f == g ? EnumSet.noneOf(Finding.class) : EnumSet.of(g));
            }
        }
    }

    @Test
    void aDesignIsItsSetOfFixes() {
        for (Finding f : Finding.values()) {
            Design a = Design.V5.with(f), b = Design.FIXED;
            for (Finding g : Finding.values()) if (g != f) b = b.without(g);
            assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
            assertThat(a).isNotEqualTo(Design.V5).isNotEqualTo(Design.FIXED);
            assertThat(Design.FIXED.without(f).with(f)).isEqualTo(Design.FIXED);
            assertThat(Design.V5.with(f).without(f)).isEqualTo(Design.V5);
        }
        assertThat(Design.V5).isNotEqualTo(Design.FIXED).isNotEqualTo("V5");
        // with/without return new designs; the constants stay what they are
        Design.FIXED.without(Finding.MM1_WRAPAROUND);
        Design.V5.with(Finding.MM1_WRAPAROUND);
        assertThat(fixedBy(Design.FIXED)).hasSize(Finding.values().length);
        assertThat(fixedBy(Design.V5)).isEmpty();
    }

    @Test
    void theNameSaysWhichFixesAreIn() {
        assertThat(Design.V5).hasToString("V5");
        assertThat(Design.FIXED).hasToString("FIXED");
        assertThat(Design.V5.with(Finding.MM16_OVERFLOW)).hasToString("V5+fixed MM16");
        String allButOne = Design.FIXED.without(Finding.RING_FULL).toString();
        assertThat(allButOne).startsWith("V5+fixed").doesNotContain(" RING-FULL");
        for (Finding f : Finding.values()) {
            if (f != Finding.RING_FULL) assertThat(allButOne).contains(" " + f.id());
        }
    }

    @Test
    void findingIdsAreTheDocumentsIdsAndDistinct() {
        Set<String> ids = new java.util.HashSet<>();
        for (Finding f : Finding.values()) {
            assertThat(f.id()).matches("MM[0-9]+|RING-FULL|UMEM-ATOMIC");
            assertThat(ids.add(f.id())).as("id %s once", f.id()).isTrue();
        }
    }
}
