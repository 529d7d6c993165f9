package org.syslets.workload;

import java.util.Locale;

/**
 * The workload's scenarios:
 * <ul>
 *   <li>{@code steady} — fio's discipline: ring = iodepth, all four kinds, reap whatever is there,
 *       {@code asyncWait(1)} only when the queue is full or nothing is left to submit. Both designs
 *       must lose nothing (v5's MM1 can still bite if a post crosses the ring end between the reap
 *       and the wait: then the waiter is counted as starved and released by the escape).</li>
 *   <li>{@code overflow} — fio's discipline broken on purpose (MM16): ring smaller than iodepth and
 *       a slow reaper (it lets the whole in-flight batch land before reaping). v5 drops the
 *       completions that find their slot taken (counted by the runtime, never reaped: lost); fixed
 *       keeps them in the kernel backlog and flushes them into freed slots: nothing lost.</li>
 *   <li>{@code wrap} — MM1: ring = iodepth + 1 (never full, so RING-FULL is out of the way), batches
 *       of iodepth blocking reads; the reaper lets the batch land, then calls
 *       {@code asyncWait(min = batch, U)} (fio's iodepth_batch_complete) before reaping. Whenever the
 *       batch crossed the ring's end K &lt; U, and v5's {@code min - (K - U)} asks for N more events:
 *       the waiter sleeps with every event it asked for already in the ring.</li>
 * </ul>
 */
public enum Scenario {
    STEADY, OVERFLOW, WRAP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
