package org.syslets.abi;

import org.syslets.results.junit.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.syslets.abi.AbiGen.FALSIFY_SEED;
import static org.syslets.abi.AbiGen.falsified;
import static org.syslets.abi.AbiGen.smallest;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;

/** Atom and async_head_user codecs: round trips on both byte orders, packing (MM10), legacy sizes. */
class AtomCodecPropertiesTest {

    /** The buffer's own order is the opposite of the ABI order half the time: the codec must not care. */
    private static ByteBuffer buffer(int size, ByteOrder abiOrder, boolean flipBufferOrder) {
        ByteOrder own = flipBufferOrder
                ? (abiOrder == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN)
                : abiOrder;
        return ByteBuffer.allocate(size).order(own);
    }

    @Test
    void atomRoundTripsAtAnyOffsetInBothByteOrders() {
        qt().forAll(AbiGen.atoms(), AbiGen.byteOrders(), integers().between(0, 40)).checkAssert((atom, order, off) -> {
            ByteBuffer buf = buffer(off + AtomLayout.SIZE + 8, order, off % 2 == 1);
            ByteOrder own = buf.order();
            buf.position(off);
            AtomCodec.encode(atom, buf, order);
            assertThat(buf.position()).isEqualTo(off + AtomLayout.SIZE);
            assertThat(buf.order()).isEqualTo(own);
            // The bytes sit where AtomLayout says, in the requested order.
            ByteBuffer view = buf.duplicate().order(order);
            assertThat(view.getInt(off + AtomLayout.FLAGS)).isEqualTo(atom.flags());
            assertThat(view.getInt(off + AtomLayout.NR)).isEqualTo(atom.nr());
            assertThat(view.getLong(off + AtomLayout.RET_PTR)).isEqualTo(atom.retPtr());
            assertThat(view.getLong(off + AtomLayout.NEXT)).isEqualTo(atom.next());
            for (int i = 0; i < AtomLayout.ARG_COUNT; i++) {
                assertThat(view.getLong(off + AtomLayout.argPtr(i))).isEqualTo(atom.argPtr(i));
            }
            assertThat(view.getLong(off + AtomLayout.PRIVATE)).isEqualTo(atom.priv());
            assertThat(view.getLong(off + AtomLayout.SIZE)).as("nothing written past the atom").isZero();
            buf.position(off);
            assertThat(AtomCodec.decode(buf, order)).isEqualTo(atom);
            assertThat(buf.position()).isEqualTo(off + AtomLayout.SIZE);
        });
    }

    @Test
    void packedAtomAtTheEndOfMemoryDecodesEqualToTheFullOne() {
        qt().forAll(AbiGen.atoms(), AbiGen.byteOrders()).checkAssert((atom, order) -> {
            ByteBuffer full = ByteBuffer.allocate(AtomLayout.SIZE);
            AtomCodec.encode(atom, full, order);
            full.flip();
            Atom fromFull = AtomCodec.decode(full, order);

            int size = AtomCodec.packedSize(atom);
            assertThat(size).isBetween(AtomCodec.HEADER_SIZE + 8, AtomLayout.PRIVATE);
            ByteBuffer packed = ByteBuffer.allocate(size); // the mapping ends right after the atom
            AtomCodec.encodePacked(atom, packed, order);
            assertThat(packed.position()).isEqualTo(size);
            packed.flip();
            Atom fromPacked = AtomCodec.decodePacked(packed, order);
            assertThat(packed.position()).isEqualTo(size);

            assertThat(fromPacked).isEqualTo(fromFull.kernelView()).isEqualTo(atom.kernelView());
            full.rewind();
            assertThat(AtomCodec.decodePacked(full, order)).isEqualTo(fromPacked);
            assertThat(full.position()).isEqualTo(size);
        });
    }

    /** Property (MM10): copy_uatom reads an atom packed against the end of user memory. */
    static void kernelReadsPackedAtomAtEndOfMemory(Design d, long seed) {
        qt().withFixedSeed(seed).forAll(AbiGen.atoms(), AbiGen.byteOrders()).checkAssert((atom, order) -> {
            ByteBuffer mem = ByteBuffer.allocate(AtomCodec.packedSize(atom));
            AtomCodec.encodePacked(atom, mem, order);
            mem.flip();
            Atom seen;
            try {
                seen = AtomCodec.decodeAsKernel(d, mem, order);
            } catch (BufferUnderflowException e) {
                throw new AssertionError("copy_uatom faulted (-EFAULT) on a packed atom of "
                        + AtomCodec.packedSize(atom) + " bytes");
            }
            assertThat(seen).isEqualTo(atom.kernelView());
        });
    }

    @Test
    @Verdict(finding = "MM10", design = "fixed")
    void fixed_kernelReadsPackedAtoms() {
        kernelReadsPackedAtomAtEndOfMemory(Design.FIXED, FALSIFY_SEED);
        kernelReadsPackedAtomAtEndOfMemory(Design.FIXED, System.nanoTime());
    }

    @Test
    @Verdict(finding = "MM10", design = "v5")
    void v5_faultsOnPackedAtoms() {
        String report = falsified(() -> kernelReadsPackedAtomAtEndOfMemory(Design.V5, FALSIFY_SEED));
        System.out.println("MM10, v5 shrunk counterexample: " + smallest(report));
        assertThat(report).contains("-EFAULT").contains("Atom[flags=0x");
    }

    @Test
    void kernelReadOfAFullAtomIsTheSameForBothDesigns() {
        qt().forAll(AbiGen.atoms(), AbiGen.byteOrders()).checkAssert((atom, order) -> {
            ByteBuffer b = ByteBuffer.allocate(AtomLayout.SIZE);
            AtomCodec.encode(atom, b, order);
            b.flip();
            Atom v5 = AtomCodec.decodeAsKernel(Design.V5, b, order);
            b.rewind();
            assertThat(AtomCodec.decodeAsKernel(Design.FIXED, b, order)).isEqualTo(v5).isEqualTo(atom.kernelView());
        });
    }

    @Test
    void asyncHeadUserRoundTripsInBothByteOrders() {
        qt().forAll(AbiGen.heads(), AbiGen.byteOrders(), integers().between(0, 24)).checkAssert((h, order, off) -> {
            ByteBuffer buf = buffer(off + AsyncHeadUserLayout.SIZE, order, off % 2 == 0);
            buf.position(off);
            AsyncHeadUserCodec.encode(h, buf, order);
            assertThat(buf.position()).isEqualTo(off + AsyncHeadUserLayout.SIZE);
            ByteBuffer view = buf.duplicate().order(order);
            assertThat(view.getLong(off + AsyncHeadUserLayout.KERNEL_RING_IDX)).isEqualTo(h.kernelRingIdx());
            assertThat(view.getLong(off + AsyncHeadUserLayout.USER_RING_IDX)).isEqualTo(h.userRingIdx());
            assertThat(view.getLong(off + AsyncHeadUserLayout.COMPLETION_RING)).isEqualTo(h.completionRing());
            assertThat(view.getLong(off + AsyncHeadUserLayout.RING_SIZE_BYTES)).isEqualTo(h.ringSizeBytes());
            assertThat(view.getLong(off + AsyncHeadUserLayout.HEAD_STACK)).isEqualTo(h.headStack());
            assertThat(view.getLong(off + AsyncHeadUserLayout.HEAD_IP)).isEqualTo(h.headIp());
            assertThat(view.getLong(off + AsyncHeadUserLayout.NEW_THREAD_STACK)).isEqualTo(h.newThreadStack());
            assertThat(view.getLong(off + AsyncHeadUserLayout.NEW_THREAD_IP)).isEqualTo(h.newThreadIp());
            buf.position(off);
            assertThat(AsyncHeadUserCodec.decode(buf, order)).isEqualTo(h);
        });
    }

    /** Test-side encoder for the v1-v4 layout (the production class is decode-only). */
    private static void encodeLegacy(LegacyAtomLayout l, Atom a, ByteBuffer b, ByteOrder order) {
        ByteBuffer v = b.duplicate().order(order);
        int p = b.position();
        long[] words = new long[11];
        words[0] = a.flags() & 0xFFFF_FFFFL;
        words[1] = a.nr() & 0xFFFF_FFFFL;
        words[2] = a.retPtr();
        words[3] = a.next();
        for (int i = 0; i < 6; i++) {
            words[4 + i] = a.argPtr(i);
        }
        words[10] = a.priv();
        for (int i = 0; i < 11; i++) {
            if (l.wordSize() == 8) {
                v.putLong(p + 8 * i, words[i]);
            } else {
                v.putInt(p + 4 * i, (int) words[i]);
            }
        }
    }

    private static Atom truncatedTo32(Atom a) {
        long[] args = a.argPtr();
        for (int i = 0; i < args.length; i++) {
            args[i] &= 0xFFFF_FFFFL;
        }
        return new Atom(a.flags(), a.nr(), a.retPtr() & 0xFFFF_FFFFL, a.next() & 0xFFFF_FFFFL, args,
                a.priv() & 0xFFFF_FFFFL);
    }

    @Test
    void legacyLayoutsDecodeWhatTheirHeadersDescribe() {
        qt().forAll(AbiGen.atoms(), AbiGen.byteOrders()).checkAssert((atom, order) -> {
            for (LegacyAtomLayout l : LegacyAtomLayout.values()) {
                Atom expected = l == LegacyAtomLayout.ILP32 ? truncatedTo32(atom) : atom;
                ByteBuffer b = ByteBuffer.allocate(l.size());
                encodeLegacy(l, expected, b, order);
                assertThat(l.decode(b, order)).isEqualTo(expected);
                assertThat(b.position()).isEqualTo(l.size());
            }
        });
    }

    @Test
    void legacySizesAre44And88AgainstV5s80() {
        assertThat(LegacyAtomLayout.ILP32.size()).isEqualTo(44);
        assertThat(LegacyAtomLayout.LP64.size()).isEqualTo(88);
        assertThat(AtomLayout.SIZE).isEqualTo(80);
        assertThat(LegacyAtomLayout.ILP32.privateOffset()).isEqualTo(40);
        assertThat(LegacyAtomLayout.LP64.argPtrOffset(0)).isEqualTo(32);
        assertThat(LegacyAtomLayout.ILP32.argPtrOffset(5)).isEqualTo(36);
        // A v5 atom read through the LP64 legacy layout is one word short.
        assertThatThrownBy(() -> LegacyAtomLayout.LP64.decode(ByteBuffer.allocate(AtomLayout.SIZE), ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(BufferUnderflowException.class);
    }

    @Test
    void legacyLp64FlagsWiderThan32BitsAreRejectedNotTruncated() {
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, 0x1_0000_0010L);
        assertThatThrownBy(() -> LegacyAtomLayout.LP64.decode(b, ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void packedExamples() {
        long[] args = {0x1000, 0x2000, 0, 0xdead, 0, 0};
        Atom a = new Atom(Flags.STOP_ON_NEGATIVE, 0, 0x3000, 0, args, 0x77);
        assertThat(a.argCount()).isEqualTo(2);
        assertThat(AtomCodec.packedSize(a)).isEqualTo(24 + 3 * 8);
        assertThat(a.kernelView().argPtr()).containsExactly(0x1000, 0x2000, 0, 0, 0, 0);
        assertThat(a.kernelView().priv()).isZero();
        assertThat(AtomCodec.packedSizeFor(0)).isEqualTo(32);
        assertThat(AtomCodec.packedSizeFor(6)).isEqualTo(72);
        // 48 bytes at the end of memory: v5's verify_read over 80 bytes faults, fixed reads it.
        ByteBuffer mem = ByteBuffer.allocate(48);
        AtomCodec.encodePacked(a, mem, ByteOrder.BIG_ENDIAN);
        mem.flip();
        assertThatThrownBy(() -> AtomCodec.decodeAsKernel(Design.V5, mem, ByteOrder.BIG_ENDIAN))
                .isInstanceOf(BufferUnderflowException.class);
        assertThat(mem.position()).isZero();
        assertThat(AtomCodec.decodeAsKernel(Design.FIXED, mem, ByteOrder.BIG_ENDIAN)).isEqualTo(a.kernelView());
        assertThat(AtomCodec.upfrontAccessCheck(Design.V5)).isEqualTo(80);
        assertThat(AtomCodec.upfrontAccessCheck(Design.FIXED)).isZero();
        // A packed atom cut before its terminating NULL faults in both designs.
        ByteBuffer cut = ByteBuffer.allocate(40);
        cut.put(mem.array(), 0, 40).flip();
        assertThatThrownBy(() -> AtomCodec.decodeAsKernel(Design.FIXED, cut, ByteOrder.BIG_ENDIAN))
                .isInstanceOf(BufferUnderflowException.class);
    }

    @Test
    void atomValueSemantics() {
        long[] args = {1, 2, 3, 4, 5, 6};
        Atom a = new Atom(1, 2, 3, 4, args, 5);
        args[0] = 99; // defensive copy on the way in
        assertThat(a.argPtr(0)).isEqualTo(1);
        a.argPtr()[1] = 99; // and on the way out
        assertThat(a.argPtr(1)).isEqualTo(2);
        assertThat(a).isEqualTo(new Atom(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 6}, 5));
        assertThat(a.hashCode()).isEqualTo(new Atom(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 6}, 5).hashCode());
        assertThat(a).isNotEqualTo(new Atom(1, 2, 3, 4, new long[] {1, 2, 3, 4, 5, 7}, 5));
        assertThatThrownBy(() -> new Atom(0, 0, 0, 0, new long[5], 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shortBuffersThrowBeforeWriting() {
        Atom a = new Atom(-1, -1, -1, -1, new long[] {-1, -1, -1, -1, -1, -1}, -1);
        ByteBuffer b = ByteBuffer.allocate(79);
        assertThatThrownBy(() -> AtomCodec.encode(a, b, ByteOrder.LITTLE_ENDIAN)).isInstanceOf(BufferOverflowException.class);
        assertThat(b.array()).containsOnly(0);
        assertThat(b.position()).isZero();
        assertThatThrownBy(() -> AtomCodec.decode(b, ByteOrder.LITTLE_ENDIAN)).isInstanceOf(BufferUnderflowException.class);
        assertThatThrownBy(() -> AsyncHeadUserCodec.decode(ByteBuffer.allocate(63), ByteOrder.LITTLE_ENDIAN))
                .isInstanceOf(BufferUnderflowException.class);
    }
}
