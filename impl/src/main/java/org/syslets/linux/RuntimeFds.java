package org.syslets.linux;

import java.util.Arrays;

/**
 * The descriptors the runtime itself holds open (the block detector's /proc files, its perf event and
 * the watcher's eventfd). They share the process's table with the user's, so an atom could name one:
 * closing the watcher's perf event made ppoll return POLLNVAL at once, for ever (a spinning watcher),
 * and a later wake wrote 8 bytes into whatever file reused the number. The runtime's own descriptors
 * are kernel-internal state, not the user's: {@code JvmGuard} refuses an atom's call on one with
 * {@code -EBADF}. Registered right after the open, released right before the close. A copy-on-write
 * array: the guard reads it on every read/write atom, allocation-free; the runtime holds a few per head.
 */
public final class RuntimeFds {
    private static volatile int[] open = new int[0];

    private RuntimeFds() {
    }

    /** The runtime opened {@code fd} (a negative result is no descriptor and is ignored). */
    public static long own(long fd) {
        if (fd >= 0) {
            synchronized (RuntimeFds.class) {
                int[] o = Arrays.copyOf(open, open.length + 1);
                o[o.length - 1] = (int) fd;
                open = o;
            }
        }
        return fd;
    }

    /** The runtime is about to close {@code fd}. */
    public static void release(long fd) {
        if (fd < 0) return;
        synchronized (RuntimeFds.class) {
            int[] o = open;
            for (int i = 0; i < o.length; i++) {
                if (o[i] == fd) {
                    int[] n = new int[o.length - 1];
                    System.arraycopy(o, 0, n, 0, i);
                    System.arraycopy(o, i + 1, n, i, o.length - i - 1);
                    open = n;
                    return;
                }
            }
        }
    }

    /** {@code fd} (a register's value) is one of the runtime's own descriptors. */
    public static boolean owns(long fd) {
        if (fd < 0 || fd > Integer.MAX_VALUE) return false;
        for (int o : open) if (o == fd) return true;
        return false;
    }

    /** Some runtime descriptor lies in {@code [first, last]} (close_range's unsigned bounds). */
    public static boolean anyIn(long first, long last) {
        long lo = first & 0xffffffffL, hi = last & 0xffffffffL;
        for (int fd : open) if (fd >= lo && fd <= hi) return true;
        return false;
    }
}
