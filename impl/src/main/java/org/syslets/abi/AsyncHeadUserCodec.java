package org.syslets.abi;

import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encodes and decodes {@link AsyncHeadUser} over the 64-byte layout. Same conventions as
 * {@link AtomCodec}: relative to the position, which advances by 64; explicit byte order; the
 * buffer's own order is untouched; bounds checked before any access.
 */
public final class AsyncHeadUserCodec {
    private AsyncHeadUserCodec() {
    }

    public static void encode(AsyncHeadUser h, ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        if (buf.remaining() < AsyncHeadUserLayout.SIZE) {
            throw new BufferOverflowException();
        }
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.KERNEL_RING_IDX, h.kernelRingIdx(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.USER_RING_IDX, h.userRingIdx(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.COMPLETION_RING, h.completionRing(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.RING_SIZE_BYTES, h.ringSizeBytes(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.HEAD_STACK, h.headStack(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.HEAD_IP, h.headIp(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.NEW_THREAD_STACK, h.newThreadStack(), order);
        ByteOrderAccess.putLong(buf, p + AsyncHeadUserLayout.NEW_THREAD_IP, h.newThreadIp(), order);
        buf.position(p + AsyncHeadUserLayout.SIZE);
    }

    public static AsyncHeadUser decode(ByteBuffer buf, ByteOrder order) {
        int p = buf.position();
        if (buf.remaining() < AsyncHeadUserLayout.SIZE) {
            throw new BufferUnderflowException();
        }
        AsyncHeadUser h = new AsyncHeadUser(
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.KERNEL_RING_IDX, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.USER_RING_IDX, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.COMPLETION_RING, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.RING_SIZE_BYTES, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.HEAD_STACK, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.HEAD_IP, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.NEW_THREAD_STACK, order),
                ByteOrderAccess.getLong(buf, p + AsyncHeadUserLayout.NEW_THREAD_IP, order));
        buf.position(p + AsyncHeadUserLayout.SIZE);
        return h;
    }
}
