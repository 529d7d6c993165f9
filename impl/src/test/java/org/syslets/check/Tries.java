package org.syslets.check;

/**
 * How many examples a property tries. The default keeps {@code mvn -B verify} short; the main job
 * raises it with {@code -Dsyslets.tries=N} (N is the example count of the cheapest properties; the
 * expensive ones scale down from it).
 */
final class Tries {
    /** Fixed seed for runs that must find a counterexample (v5), so they cannot flake. */
    static final long FALSIFY_SEED = 0x5151_E75L;

    private Tries() {
    }

    static int base() {
        return Integer.getInteger("syslets.tries", 200);
    }

    /** {@code base() / divisor}, at least {@code min}. */
    static int scaled(int divisor, int min) {
        return Math.max(min, base() / divisor);
    }

    /** A seed for runs that must hold: fixed unless {@code -Dsyslets.seed} is given. */
    static long holdSeed() {
        return Long.getLong("syslets.seed", 0xF1_7EDL);
    }
}
