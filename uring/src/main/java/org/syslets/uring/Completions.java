package org.syslets.uring;

import java.util.HashMap;
import java.util.Map;

/**
 * The application's own accounting of completions by user_data, the same counters as the syslet
 * workload: every submitted request is received exactly once, or it is lost (never received) or
 * duplicated (received again); a user_data nobody submitted is an error.
 */
public final class Completions implements IoUring.CqeSink {
    private final Map<Long, Integer> received = new HashMap<>();
    private final Map<Long, Integer> results = new HashMap<>();
    private long submitted, reaped, duplicated, foreign;

    public void submitted(long userData) {
        if (received.putIfAbsent(userData, 0) != null) throw new IllegalArgumentException("user_data reused: " + userData);
        submitted++;
    }

    @Override
    public void cqe(long userData, int res, int flags) {
        Integer n = received.get(userData);
        if (n == null) {
            foreign++;
            return;
        }
        received.put(userData, n + 1);
        results.putIfAbsent(userData, res);
        if (n == 0) reaped++;
        else duplicated++;
    }

    public long submitted() { return submitted; }
    public long reaped() { return reaped; }
    public long duplicated() { return duplicated; }
    public long foreign() { return foreign; }
    /** Submitted and never received. */
    public long missing() { return submitted - reaped; }
    public boolean has(long userData) { return received.getOrDefault(userData, 0) > 0; }
    /** The res of the first CQE received for {@code userData}, or null. */
    public Integer res(long userData) { return results.get(userData); }
}
