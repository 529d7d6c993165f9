package org.syslets.fuzz;

/**
 * Reads an input front to back, like Jazzer's FuzzedDataProvider, but keeps the raw bytes (the
 * harness saves them when the JVM dies). Past the end every value is the smallest allowed one, so
 * a short input is a small program, never an error.
 */
final class Bytes {
    private final byte[] b;
    private int i;

    Bytes(byte[] b) {
        this.b = b;
    }

    byte[] raw() {
        return b;
    }

    private long next(int n) {
        long v = 0;
        for (int k = 0; k < n; k++) v = v << 8 | (i < b.length ? b[i++] & 0xff : 0);
        return v;
    }

    boolean consumeBoolean() {
        return (next(1) & 1) != 0;
    }

    int consumeInt() {
        return (int) next(4);
    }

    long consumeLong() {
        return next(8);
    }

    /** A value in [min, max], from as few bytes as the range needs. */
    int consumeInt(int min, int max) {
        long range = (long) max - min;
        int n = range < 0x100 ? 1 : range < 0x10000 ? 2 : 4;
        return (int) (min + Long.remainderUnsigned(next(n), range + 1));
    }

    long consumeLong(long min, long max) {
        long range = max - min;
        int n = range < 0x100 ? 1 : range < 0x10000 ? 2 : range < 0x1000000 ? 3 : 8;
        return min + Long.remainderUnsigned(next(n), range + 1);
    }
}
