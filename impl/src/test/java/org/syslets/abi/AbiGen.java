package org.syslets.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.ByteOrder;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** Generators and helpers shared by the ABI property tests. */
final class AbiGen {
    /** Seed for runs that must find a counterexample (v5): deterministic, so they cannot flake. */
    static final long FALSIFY_SEED = 0x5151_E75L;

    private AbiGen() {
    }

    static Gen<ByteOrder> byteOrders() {
        return Generate.pick(List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN));
    }

    /** 64-bit words biased to edge values, small values and values with only one half set. */
    static Gen<Long> words64() {
        return Generate.frequency(
                Pair.of(4, longs().all()),
                Pair.of(2, longs().between(0, 0xFFFF_FFFFL)),
                Pair.of(2, integers().all().map(i -> (long) i << 32)),
                Pair.of(1, Generate.pick(List.of(0L, 1L, -1L, 0xFFFF_FFFFL, 0x1_0000_0000L,
                        Long.MIN_VALUE, Long.MAX_VALUE))));
    }

    /** Return values: every sign class often, and the extremes. */
    static Gen<Long> rets() {
        return Generate.frequency(
                Pair.of(3, longs().all()),
                Pair.of(3, longs().between(-4095, 4095)),
                Pair.of(1, Generate.pick(List.of(Long.MIN_VALUE, -1L, 0L, 1L, Long.MAX_VALUE))));
    }

    /** Words with only ABI-defined bits: every one of the 256 is likely to be drawn. */
    static Gen<Integer> knownFlagWords() {
        return integers().between(0, Flags.KNOWN_MASK).describedAs(AbiGen::describeFlags);
    }

    /** Any 32-bit word, biased towards "known bits plus one unknown bit". */
    static Gen<Integer> anyFlagWords() {
        Gen<Integer> oneUnknown = integers().between(0, Flags.KNOWN_MASK)
                .zip(integers().between(8, 31), (w, bit) -> w | (1 << bit));
        return Generate.frequency(
                Pair.of(2, integers().all()),
                Pair.of(2, integers().between(0, Flags.KNOWN_MASK)),
                Pair.of(2, oneUnknown))
                .describedAs(AbiGen::describeFlags);
    }

    static Gen<Atom> atoms() {
        Gen<Integer> argCount = integers().between(0, AtomLayout.ARG_COUNT);
        Gen<Long> nonNull = words64().map(v -> v == 0 ? 1L : v);
        Gen<Long> any = words64();
        Gen<Integer> ints = integers().all();
        return in -> {
            int flags = ints.generate(in);
            int nr = ints.generate(in);
            long ret = any.generate(in);
            long next = any.generate(in);
            int n = argCount.generate(in);
            long[] args = new long[AtomLayout.ARG_COUNT];
            for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
                // After the first NULL the words are junk the kernel must not read.
                args[i] = i < n ? nonNull.generate(in) : i == n ? 0L : any.generate(in);
            }
            return new Atom(flags, nr, ret, next, args, any.generate(in));
        };
    }

    static Gen<AsyncHeadUser> heads() {
        Gen<Long> w = words64();
        return in -> new AsyncHeadUser(w.generate(in), w.generate(in), w.generate(in), w.generate(in),
                w.generate(in), w.generate(in), w.generate(in), w.generate(in));
    }

    static String describeFlags(int w) {
        return "flags=0x" + Integer.toHexString(w) + " [" + Flags.describe(w) + "]";
    }

    /**
     * Runs a property that must be falsified and returns QuickTheories' report. Fails the calling
     * test when the property unexpectedly holds (e.g. v5 was accidentally fixed).
     */
    static String falsified(Runnable property) {
        AssertionError e = catchThrowableOfType(AssertionError.class, property::run);
        assertThat(e).as("the property was expected to be falsified but held").isNotNull();
        String msg = e.getMessage();
        assertThat(msg).contains("Property falsified").contains("Smallest found falsifying value(s)");
        return msg;
    }

    /** The text of the shrunk (smallest) counterexample in a QuickTheories report. */
    static String smallest(String report) {
        Matcher m = Pattern.compile("Smallest found falsifying value\\(s\\) :-\\R(.*)").matcher(report);
        assertThat(m.find()).as("report has a smallest example: %s", report).isTrue();
        return m.group(1);
    }

    /** Parses {@code key=0x<hex>} from a counterexample line. */
    static long hexField(String line, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + "=0x([0-9a-f]+)").matcher(line);
        assertThat(m.find()).as("'%s' in %s", key, line).isTrue();
        return Long.parseUnsignedLong(m.group(1), 16);
    }

    /** Parses {@code key=<decimal>} from a counterexample line. */
    static long decField(String line, String key) {
        Matcher m = Pattern.compile(Pattern.quote(key) + "=(-?[0-9]+)").matcher(line);
        assertThat(m.find()).as("'%s' in %s", key, line).isTrue();
        return Long.parseLong(m.group(1));
    }
}
