package org.syslets.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;

/**
 * The per-atom decoders run on the runtime's hot path: they must not allocate. Measured with the
 * JVM's per-thread allocation counter (bytes, not time): 200,000 calls of a decoder that allocated
 * even one 16-byte object per call would show 3 MB.
 */
class HotPathAllocationTest {
    private static final int CALLS = 200_000;
    private static final long SLACK_BYTES = 64 * 1024;

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        assumeTrue(t instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean s = (com.sun.management.ThreadMXBean) t;
        assumeTrue(s.isThreadAllocatedMemorySupported() && s.isThreadAllocatedMemoryEnabled());
        return s;
    }

    private static long flagLoop(Design d, int seed) {
        long acc = 0;
        int w = seed;
        for (int i = 0; i < CALLS; i++) {
            w = w * 1_103_515_245 + 12_345;
            int flags = (w >>> 8) & 0x1FF;
            if (FlagDecoding.validate(d, flags) == 0) {
                acc += FlagDecoding.nextStep(d, flags, (long) (w % 3) - 1).ordinal();
            } else {
                acc--;
            }
        }
        return acc;
    }

    private static long compatLoop(Design d, ByteBuffer mem) {
        long acc = 0;
        CompatDecoding.Extension[] exts = CompatDecoding.Extension.values();
        for (int i = 0; i < CALLS; i++) {
            ByteOrder o = (i & 1) == 0 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            acc += CompatDecoding.readU64Field(d, mem, i & 7, o);
            acc += CompatDecoding.readCompatArg(d, mem, i & 7, o, exts[i % exts.length]);
        }
        return acc;
    }

    @Test
    void flagDecodingDoesNotAllocate() {
        com.sun.management.ThreadMXBean t = threads();
        long tid = Thread.currentThread().getId();
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            long sink = flagLoop(d, 1); // warm-up: class init, switch maps
            long before = t.getThreadAllocatedBytes(tid);
            sink += flagLoop(d, 2);
            long allocated = t.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated).as("bytes allocated by %d validate+nextStep calls on %s (sink %d)", CALLS, d, sink)
                    .isLessThan(SLACK_BYTES);
        }
    }

    @Test
    void compatDecodingDoesNotAllocate() {
        com.sun.management.ThreadMXBean t = threads();
        long tid = Thread.currentThread().getId();
        ByteBuffer mem = ByteBuffer.allocateDirect(16);
        mem.putLong(0, 0x0123_4567_89AB_CDEFL).putLong(8, 42);
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            long sink = compatLoop(d, mem);
            long before = t.getThreadAllocatedBytes(tid);
            sink += compatLoop(d, mem);
            long allocated = t.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated).as("bytes allocated by %d compat reads on %s (sink %d)", CALLS, d, sink)
                    .isLessThan(SLACK_BYTES);
        }
    }

    /** copy_uatom's view of a little-endian buffer at address 0x10000 (an atom packed at its end). */
    private static final class Mem implements AtomCodec.Memory {
        final ByteBuffer b;

        Mem(ByteBuffer b) {
            this.b = b;
        }

        @Override
        public long resolve(long addr, int len) {
            long off = addr - 0x10000;
            return off >= 0 && off + len <= b.limit() ? addr : 0;
        }

        @Override
        public int loadInt(long base) {
            return b.getInt((int) (base - 0x10000));
        }

        @Override
        public long loadLong(long base) {
            return b.getLong((int) (base - 0x10000));
        }
    }

    private static long copyLoop(Design d, Mem m, long[] hdr, long[] args) {
        long acc = 0;
        for (int i = 0; i < CALLS; i++) {
            // a full atom at 0 and one packed against the end (48 bytes: fixed reads it, v5 faults)
            acc += AtomCodec.copyUatom(d, m, 0x10000 + ((i & 1) == 0 ? 0 : AtomLayout.SIZE), hdr, args) + hdr[AtomCodec.NR_AT];
        }
        return acc;
    }

    @Test
    void theKernelsAtomDecodeDoesNotAllocate() {
        com.sun.management.ThreadMXBean t = threads();
        long tid = Thread.currentThread().getId();
        ByteBuffer mem = ByteBuffer.allocate(AtomLayout.SIZE + 48).order(ByteOrder.LITTLE_ENDIAN);
        Atom a = new Atom(0, 39, 0, 0, new long[] {0x1000, 0x2000, 0, 0, 0, 0}, 0);
        AtomCodec.encode(a, mem, ByteOrder.LITTLE_ENDIAN);
        AtomCodec.encodePacked(a, mem, ByteOrder.LITTLE_ENDIAN);
        Mem m = new Mem(mem);
        long[] hdr = new long[AtomCodec.HEADER_WORDS], args = new long[AtomLayout.ARG_COUNT];
        for (Design d : new Design[] {Design.V5, Design.FIXED}) {
            long sink = copyLoop(d, m, hdr, args); // warm-up
            long before = t.getThreadAllocatedBytes(tid);
            sink += copyLoop(d, m, hdr, args);
            long allocated = t.getThreadAllocatedBytes(tid) - before;
            assertThat(allocated).as("bytes allocated by %d copyUatom calls on %s (sink %d)", CALLS, d, sink)
                    .isLessThan(SLACK_BYTES);
        }
    }
}
