package org.syslets.pitsample;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import org.pitest.bytecode.analysis.ClassTree;
import org.pitest.mutationtest.build.InterceptorParameters;
import org.pitest.mutationtest.build.InterceptorType;
import org.pitest.mutationtest.build.MutationInterceptor;
import org.pitest.mutationtest.build.MutationInterceptorFactory;
import org.pitest.mutationtest.engine.Location;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.MutationIdentifier;
import org.pitest.mutationtest.engine.Mutater;
import org.pitest.plugin.Feature;
import org.pitest.plugin.FeatureParameter;

/**
 * PIT feature {@code SAMPLE(percent[P] seed[S])}: a uniform, seeded sample of the mutants. Each mutant is
 * kept when the first 8 bytes of SHA-256(seed, the mutant's identity) fall in the lowest P % of the
 * range, independently of every other mutant; the identity is PIT's own (class, method, descriptor,
 * instruction indexes, mutator), so the same code and seed give the same sample in every run and on
 * every machine. PIT's CLASSLIMIT keeps the <em>first</em> mutants of each class, which over-samples
 * constructors and the top of each file; this does not.
 */
public final class SeededSampleFactory implements MutationInterceptorFactory {
    static final FeatureParameter PERCENT = FeatureParameter.named("percent")
            .withDescription("share of the mutants kept, in percent (0-100)");
    static final FeatureParameter SEED = FeatureParameter.named("seed").withDescription("the sample's seed (a long)");

    @Override
    public String description() {
        return "Seeded uniform sample of the mutants (syslets)";
    }

    @Override
    public Feature provides() {
        return Feature.named("SAMPLE").withOnByDefault(false).withDescription(description())
                .withParameter(PERCENT).withParameter(SEED);
    }

    @Override
    public MutationInterceptor createInterceptor(InterceptorParameters params) {
        double percent = Double.parseDouble(params.getString(PERCENT).orElse("100"));
        long seed = Long.parseLong(params.getString(SEED).orElse("1"));
        return new Sample(percent, seed);
    }

    /** The filter itself; public for the test. */
    public static final class Sample implements MutationInterceptor {
        private final long threshold;
        private final long seed;
        private final boolean all;

        public Sample(double percent, long seed) {
            if (!(percent >= 0 && percent <= 100)) throw new IllegalArgumentException("SAMPLE percent " + percent + " not in 0..100");
            this.all = percent == 100;
            // Unsigned comparison against percent % of 2^64.
            this.threshold = (long) (percent / 100 * 0x1p63) << 1;
            this.seed = seed;
        }

        @Override
        public InterceptorType type() {
            return InterceptorType.FILTER;
        }

        @Override
        public void begin(ClassTree clazz) { }

        @Override
        public Collection<MutationDetails> intercept(Collection<MutationDetails> mutations, Mutater m) {
            return all ? mutations : mutations.stream().filter(d -> keeps(d.getId())).collect(Collectors.toList());
        }

        @Override
        public void end() { }

        public boolean keeps(MutationIdentifier id) {
            return all || Long.compareUnsigned(hash(seed, identity(id)), threshold) < 0;
        }

        static String identity(MutationIdentifier id) {
            Location l = id.getLocation();
            List<Integer> ix = id.getIndexes();
            return l.getClassName().asJavaName() + "." + l.getMethodName() + l.getMethodDesc() + " " + ix + " " + id.getMutator();
        }

        static long hash(long seed, String identity) {
            try {
                byte[] h = MessageDigest.getInstance("SHA-256").digest((seed + "/" + identity).getBytes(StandardCharsets.UTF_8));
                long v = 0;
                for (int i = 0; i < 8; i++) v = v << 8 | (h[i] & 0xff);
                return v;
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is in every JDK", e);
            }
        }
    }
}
