package org.syslets.user;

import java.util.function.BooleanSupplier;

/**
 * Waiting for a state the runtime reaches, never for a duration: the tests' and the workloads' one
 * bounded wait. The bound only turns a hang into a failure with a message; no verdict depends on
 * how long anything took.
 */
public final class Await {
    /** The hang guard of every wait and join in tests and workloads. */
    public static final long GUARD_MS = 60_000;
    /** Spin (yielding) this long before sleeping between polls: quick states are seen at once. */
    private static final long SPIN_NS = 1_000_000;

    private Await() {
    }

    /** Returns once {@code cond} holds; throws {@link IllegalStateException} after {@link #GUARD_MS}. */
    public static void until(String what, BooleanSupplier cond) {
        long start = System.nanoTime(), end = start + GUARD_MS * 1_000_000;
        while (!cond.getAsBoolean()) {
            long now = System.nanoTime();
            if (now > end) throw new IllegalStateException("never happened (hang guard): " + what);
            if (now - start < SPIN_NS) {
                Thread.yield();
                continue;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }
}
