package org.syslets.abi;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.syslets.abi.AbiGen.FALSIFY_SEED;
import static org.syslets.abi.AbiGen.falsified;
import static org.syslets.abi.AbiGen.smallest;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.syslets.abi.CompatDecoding.Extension;
import org.syslets.design.Design;

/** Compat decoding on both byte orders (Milton MM4, MM5): FIXED holds, V5 falsified with shrunk examples. */
class CompatDecodingPropertiesTest {
    private static final long EINVAL = -Errno.EINVAL;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** A u64 field value written by user space; the toString is what a failing run prints. */
    record FieldCase(long value) {
        @Override
        public String toString() {
            return "u64 field=0x" + Long.toHexString(value);
        }
    }

    /** A 32-bit caller's argument word, the 4 bytes after it, and the handler's argument kind. */
    record ArgCase(int word, int neighbour, Extension ext) {
        @Override
        public String toString() {
            return "arg word=0x" + Integer.toHexString(word) + " (" + word + "), next 4 bytes=0x"
                    + Integer.toHexString(neighbour) + ", handler expects " + ext;
        }
    }

    static Gen<FieldCase> fields() {
        return AbiGen.words64().map(FieldCase::new);
    }

    static Gen<FieldCase> fieldsThatFit() {
        return AbiGen.words64().map(v -> new FieldCase(v & 0xFFFF_FFFFL));
    }

    static Gen<ArgCase> args() {
        Gen<Integer> w = Generate.frequency(
                org.quicktheories.api.Pair.of(3, integers().all()),
                org.quicktheories.api.Pair.of(1, integers().between(-16, 16)));
        return w.zip(w, Generate.enumValues(Extension.class), ArgCase::new);
    }

    /** User memory with a u64 at offset 8, surrounded by junk the kernel must not confuse with it. */
    static ByteBuffer memWithField(long value, ByteOrder order) {
        ByteBuffer b = ByteBuffer.allocate(24).order(order);
        b.putLong(0, 0xA5A5_A5A5_A5A5_A5A5L).putLong(8, value).putLong(16, 0x5A5A_5A5A_5A5A_5A5AL);
        return b;
    }

    /** Property (MM4): the kernel either gets the whole value or -EINVAL, never a truncated or wrong half. */
    static void u64FieldReadsValueOrEinval(Design d, ByteOrder order, long seed) {
        qt().withFixedSeed(seed).forAll(fields()).checkAssert(c -> {
            long r = CompatDecoding.readU64Field(d, memWithField(c.value(), order), 8, order);
            if ((c.value() >>> 32) != 0) {
                assertThat(r).as("upper half non-zero: must be -EINVAL, got 0x%x", r).isEqualTo(EINVAL);
                assertThat(CompatDecoding.isError(r)).isTrue();
            } else {
                assertThat(r).as("value that fits in 32 bits, %s", order).isEqualTo(c.value());
                assertThat(CompatDecoding.isError(r)).isFalse();
            }
        });
    }

    /** Property (MM4, the endianness half): a value that fits in 32 bits reads back exactly. */
    static void u64FieldThatFitsReadsBack(Design d, ByteOrder order, long seed) {
        qt().withFixedSeed(seed).forAll(fieldsThatFit()).checkAssert(c ->
                assertThat(CompatDecoding.readU64Field(d, memWithField(c.value(), order), 8, order))
                        .as("kernel's view of the field").isEqualTo(c.value()));
    }

    @Test
    @Verdict(finding = "MM4", design = "fixed")
    void fixed_u64FieldsNeverTruncateNorReadTheWrongHalf() {
        for (ByteOrder o : new ByteOrder[] {LE, BE}) {
            u64FieldReadsValueOrEinval(Design.FIXED, o, FALSIFY_SEED);
            u64FieldReadsValueOrEinval(Design.FIXED, o, System.nanoTime());
            u64FieldThatFitsReadsBack(Design.FIXED, o, System.nanoTime());
        }
    }

    @Test
    @Verdict(finding = "MM4", design = "v5")
    void v5_bigEndianReadsTheHighHalf() {
        String ex = smallest(falsified(() -> u64FieldThatFitsReadsBack(Design.V5, BE, FALSIFY_SEED)));
        System.out.println("MM4, v5 on a 32-bit BE kernel, shrunk counterexample: " + ex);
        long v = AbiGen.hexField(ex, "field");
        assertThat(v).isNotZero().isLessThanOrEqualTo(0xFFFF_FFFFL);
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(v, BE), 8, BE)).isZero();
    }

    @Test
    @Verdict(finding = "MM4", design = "v5")
    void v5_littleEndianReadsFittingValuesButSilentlyTruncatesTheRest() {
        u64FieldThatFitsReadsBack(Design.V5, LE, FALSIFY_SEED); // LE's low half is the right half...
        String ex = smallest(falsified(() -> u64FieldReadsValueOrEinval(Design.V5, LE, FALSIFY_SEED)));
        System.out.println("MM4, v5 on a 32-bit LE kernel, shrunk counterexample: " + ex);
        long v = AbiGen.hexField(ex, "field");
        assertThat(v >>> 32).as("...but a non-zero upper half is dropped, not refused").isNotZero();
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(v, LE), 8, LE)).isEqualTo(v & 0xFFFF_FFFFL);
    }

    /** Property (MM5): a compat handler works with the caller's word, extended as the handler expects. */
    static void compatArgIsTheCallersWordExtended(Design d, ByteOrder order, long seed) {
        qt().withFixedSeed(seed).forAll(args()).checkAssert(c -> {
            ByteBuffer mem = ByteBuffer.allocate(8);
            mem.duplicate().order(order).putInt(0, c.word()).putInt(4, c.neighbour());
            assertThat(CompatDecoding.readCompatArg(d, mem, 0, order, c.ext()))
                    .as("argument the %s handler sees", c.ext())
                    .isEqualTo(CompatDecoding.widen(c.word(), c.ext()));
        });
    }

    @Test
    @Verdict(finding = "MM5", design = "fixed")
    void fixed_compatArgsAreTruncatedThenExtended() {
        for (ByteOrder o : new ByteOrder[] {LE, BE}) {
            compatArgIsTheCallersWordExtended(Design.FIXED, o, FALSIFY_SEED);
            compatArgIsTheCallersWordExtended(Design.FIXED, o, System.nanoTime());
        }
    }

    @Test
    @Verdict(finding = "MM5", design = "v5")
    void v5_compatArgsCarryTheNeighbouringBytes() {
        for (ByteOrder o : new ByteOrder[] {LE, BE}) {
            String ex = smallest(falsified(() -> compatArgIsTheCallersWordExtended(Design.V5, o, FALSIFY_SEED)));
            System.out.println("MM5, v5 on a 64-bit " + o + " compat kernel, shrunk counterexample: " + ex);
            assertThat(ex).contains("arg word=0x").contains("handler expects");
        }
    }

    @Test
    void examples_upperHalfNonZero() {
        long v = 0x0000_0001_0000_1000L; // a 33-bit "pointer" from a 32-bit caller
        // Little endian: v5 silently uses 0x1000; fixed refuses.
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(v, LE), 8, LE)).isEqualTo(0x1000);
        assertThat(CompatDecoding.readU64Field(Design.FIXED, memWithField(v, LE), 8, LE)).isEqualTo(EINVAL);
        // Big endian: v5 reads the high half, 1; fixed refuses.
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(v, BE), 8, BE)).isEqualTo(1);
        assertThat(CompatDecoding.readU64Field(Design.FIXED, memWithField(v, BE), 8, BE)).isEqualTo(EINVAL);
        // A proper 32-bit pointer: BE v5 sees 0 (the high half), everyone else sees it.
        long p = 0x0804_8000L;
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(p, BE), 8, BE)).isZero();
        assertThat(CompatDecoding.readU64Field(Design.V5, memWithField(p, LE), 8, LE)).isEqualTo(p);
        assertThat(CompatDecoding.readU64Field(Design.FIXED, memWithField(p, BE), 8, BE)).isEqualTo(p);
        assertThat(CompatDecoding.readU64Field(Design.FIXED, memWithField(0xFFFF_FFFFL, BE), 8, BE))
                .isEqualTo(0xFFFF_FFFFL);
        assertThat(CompatDecoding.u64FieldReadWidth(Design.V5)).isEqualTo(4);
        assertThat(CompatDecoding.u64FieldReadWidth(Design.FIXED)).isEqualTo(8);
    }

    @Test
    void examples_compatArgs() {
        ByteBuffer le = ByteBuffer.allocate(8).order(LE);
        le.putInt(0, -1).putInt(4, 0x1234);
        ByteBuffer be = ByteBuffer.allocate(8).order(BE);
        be.putInt(0, -1).putInt(4, 0x1234);
        // Fixed: -1 as the caller meant it, per handler kind, on both orders.
        for (ByteBuffer m : new ByteBuffer[] {le, be}) {
            assertThat(CompatDecoding.readCompatArg(Design.FIXED, m, 0, m.order(), Extension.SIGNED)).isEqualTo(-1L);
            assertThat(CompatDecoding.readCompatArg(Design.FIXED, m, 0, m.order(), Extension.UNSIGNED))
                    .isEqualTo(0xFFFF_FFFFL);
            assertThat(CompatDecoding.readCompatArg(Design.FIXED, m, 0, m.order(), Extension.POINTER))
                    .isEqualTo(0xFFFF_FFFFL);
        }
        // v5 LE: the neighbour becomes the upper half of size_t/pointer arguments.
        assertThat(CompatDecoding.readCompatArg(Design.V5, le, 0, LE, Extension.UNSIGNED)).isEqualTo(0x1234_FFFF_FFFFL);
        assertThat(CompatDecoding.readCompatArg(Design.V5, le, 0, LE, Extension.SIGNED)).isEqualTo(-1L);
        // v5 BE: the caller's word is in the upper half; a SIGNED handler sign-extends the neighbour.
        assertThat(CompatDecoding.compatArgRegister(Design.V5, be, 0, BE)).isEqualTo(0xFFFF_FFFF_0000_1234L);
        assertThat(CompatDecoding.readCompatArg(Design.V5, be, 0, BE, Extension.SIGNED)).isEqualTo(0x1234L);
        // The caller's long is the last word of its mapping: fixed reads it, v5 runs off the end (-EFAULT).
        ByteBuffer last = ByteBuffer.allocate(4).order(LE).putInt(0, 7);
        assertThat(CompatDecoding.readCompatArg(Design.FIXED, last, 0, LE, Extension.UNSIGNED)).isEqualTo(7);
        assertThatThrownBy(() -> CompatDecoding.readCompatArg(Design.V5, last, 0, LE, Extension.UNSIGNED))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(CompatDecoding.compatArgReadWidth(Design.V5)).isEqualTo(8);
        assertThat(CompatDecoding.compatArgReadWidth(Design.FIXED)).isEqualTo(4);
    }

    @Test
    void readsLeaveTheBufferAlone() {
        ByteBuffer m = memWithField(0x1234, LE).order(BE);
        m.position(3);
        CompatDecoding.readU64Field(Design.FIXED, m, 8, LE);
        CompatDecoding.readCompatArg(Design.V5, m, 8, LE, Extension.SIGNED);
        assertThat(m.position()).isEqualTo(3);
        assertThat(m.order()).isEqualTo(BE);
    }
}
