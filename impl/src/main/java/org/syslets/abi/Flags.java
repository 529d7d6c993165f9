package org.syslets.abi;

/**
 * SYSLET_* atom flag values, identical from v1 to v6 (fio's copies of syslet.h). The stop
 * conditions are evaluated on the return value of the atom just executed.
 */
public final class Flags {
    /** Queue the syslet asynchronously at once: the head switches before the first atom runs. */
    public static final int ASYNC = 0x01;
    /** Never queue asynchronously: a block just blocks the caller. */
    public static final int SYNC = 0x02;
    /** If this atom ends the syslet, do not post it to the completion ring. */
    public static final int NO_COMPLETE = 0x04;
    public static final int STOP_ON_NONZERO = 0x08;
    public static final int STOP_ON_ZERO = 0x10;
    public static final int STOP_ON_NEGATIVE = 0x20;
    public static final int STOP_ON_NON_POSITIVE = 0x40;
    /** OR of the four one-hot stop flags. */
    public static final int STOP_MASK = 0x78;
    /** When a stop condition fires, continue with the linearly next atom (uatom + 80 bytes). */
    public static final int SKIP_TO_NEXT_ON_STOP = 0x80;
    /** Every bit the v5 ABI defines; anything outside is unknown (Milton, MM8). */
    public static final int KNOWN_MASK = 0xFF;

    private static final String[] NAMES = {"ASYNC", "SYNC", "NO_COMPLETE", "STOP_ON_NONZERO", "STOP_ON_ZERO",
        "STOP_ON_NEGATIVE", "STOP_ON_NON_POSITIVE", "SKIP_TO_NEXT_ON_STOP"};

    /** The set bits of a flag word by name, e.g. {@code "ASYNC|STOP_ON_ZERO|unknown:0x100"}; "" for 0. */
    public static String describe(int flags) {
        StringBuilder sb = new StringBuilder();
        for (int bit = 0; bit < 32; bit++) {
            if ((flags & (1 << bit)) != 0) {
                if (sb.length() > 0) sb.append('|');
                sb.append(bit < NAMES.length ? NAMES[bit] : "unknown:0x" + Integer.toHexString(1 << bit));
            }
        }
        return sb.toString();
    }

    private Flags() {
    }
}
