package org.syslets.pitsample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.pitest.classinfo.ClassName;
import org.pitest.mutationtest.build.MutationInterceptorFactory;
import org.pitest.mutationtest.engine.Location;
import org.pitest.mutationtest.engine.MutationIdentifier;

class SeededSampleFactoryTest {
    /** 4000 identities as PIT makes them: 40 classes x 20 methods x 5 instruction indexes, one mutator. */
    static List<MutationIdentifier> ids() {
        List<MutationIdentifier> out = new ArrayList<>();
        for (int c = 0; c < 40; c++) {
            for (int m = 0; m < 20; m++) {
                for (int i = 0; i < 5; i++) {
                    out.add(new MutationIdentifier(new Location(ClassName.fromString("org.example.C" + c), "m" + m, "()V"), i,
                            "org.pitest.mutationtest.engine.gregor.mutators.MathMutator"));
                }
            }
        }
        return out;
    }

    static long kept(SeededSampleFactory.Sample s) {
        return ids().stream().filter(s::keeps).count();
    }

    @Test
    void keepsAboutTheShareAskedFor() {
        // Binomial(4000, p): five standard deviations either side.
        for (double p : new double[] {10, 35, 50, 90}) {
            double n = 4000, mean = n * p / 100, sd = Math.sqrt(n * p / 100 * (1 - p / 100));
            assertThat((double) kept(new SeededSampleFactory.Sample(p, 7))).as("percent %s", p).isBetween(mean - 5 * sd, mean + 5 * sd);
        }
        assertThat(kept(new SeededSampleFactory.Sample(0, 7))).isZero();
        assertThat(kept(new SeededSampleFactory.Sample(100, 7))).isEqualTo(4000);
    }

    @Test
    void theSampleIsAFunctionOfSeedAndMutantOnly() {
        Predicate<MutationIdentifier> a = new SeededSampleFactory.Sample(30, 42)::keeps, b = new SeededSampleFactory.Sample(30, 42)::keeps;
        assertThat(ids().stream().filter(a).toList()).isEqualTo(ids().stream().filter(b).toList());
        List<MutationIdentifier> other = ids().stream().filter(new SeededSampleFactory.Sample(30, 43)::keeps).toList();
        assertThat(other).isNotEqualTo(ids().stream().filter(a).toList());
        // A larger share with the same seed keeps a superset: raising the budget only adds mutants.
        assertThat(ids().stream().filter(new SeededSampleFactory.Sample(60, 42)::keeps).toList())
                .containsAll(ids().stream().filter(a).toList());
    }

    @Test
    void theSampleIsNotTheTopOfEachClass() {
        // Every method index is represented about equally (CLASSLIMIT would keep only the first ones).
        SeededSampleFactory.Sample s = new SeededSampleFactory.Sample(25, 3);
        long early = ids().stream().filter(s::keeps).filter(id -> Integer.parseInt(id.getLocation().getMethodName().substring(1)) < 10).count();
        assertThat((double) early / kept(s)).isBetween(0.4, 0.6);
    }

    @Test
    void pitFindsTheFeatureByName() {
        assertThat(ServiceLoader.load(MutationInterceptorFactory.class).stream().map(ServiceLoader.Provider::get)
                .filter(f -> f.provides().name().equalsIgnoreCase("SAMPLE"))).hasSize(1);
    }

    @Test
    void aShareOutsideZeroToHundredIsRefused() {
        assertThatThrownBy(() -> new SeededSampleFactory.Sample(101, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeededSampleFactory.Sample(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
