package org.syslets.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Absolute reads and writes in an explicit byte order, without touching the buffer's own
 * {@link ByteBuffer#order()} (callers may share the buffer) and without allocating.
 */
final class ByteOrderAccess {
    private ByteOrderAccess() {
    }

    static int getInt(ByteBuffer b, int index, ByteOrder order) {
        int v = b.getInt(index);
        return b.order() == order ? v : Integer.reverseBytes(v);
    }

    static long getLong(ByteBuffer b, int index, ByteOrder order) {
        long v = b.getLong(index);
        return b.order() == order ? v : Long.reverseBytes(v);
    }

    static void putInt(ByteBuffer b, int index, int value, ByteOrder order) {
        b.putInt(index, b.order() == order ? value : Integer.reverseBytes(value));
    }

    static void putLong(ByteBuffer b, int index, long value, ByteOrder order) {
        b.putLong(index, b.order() == order ? value : Long.reverseBytes(value));
    }

    /** An unsigned word of {@code width} 4 or 8 bytes, zero-extended to a long. */
    static long getWord(ByteBuffer b, int index, int width, ByteOrder order) {
        return width == 8 ? getLong(b, index, order) : getInt(b, index, order) & 0xFFFF_FFFFL;
    }
}
