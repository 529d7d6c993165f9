package org.syslets.check;

import java.util.function.BooleanSupplier;

/**
 * Waiting for an event (a state the runtime reaches), never for a duration. The guard only turns
 * a hang into a failure with a message; no verdict depends on how long anything took.
 */
final class Await {
    static final long GUARD_MS = 60_000;

    private Await() {
    }

    static void until(String what, BooleanSupplier cond) {
        long end = System.nanoTime() + GUARD_MS * 1_000_000;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("never happened (hang guard): " + what);
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
