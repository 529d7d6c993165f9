package org.syslets.workload;

import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.syslets.abi.AsyncHeadUserLayout;
import org.syslets.kernel.CompletionRing;
import org.syslets.kernel.SysletKernel;
import org.syslets.linux.UserMemory;

/**
 * The bounded escape of the workload's waiter, and its progress line. A monitor thread watches the
 * waiter. If it has been asleep in {@code asyncWait} for {@code escapeMs} while the ring holds at
 * least {@code min} events from U, it is <em>starved</em> (MM1/RING-FULL): the monitor
 * {@code signal}s it (-EINTR) and counts it. If it is asleep while the kernel has finished every
 * syslet that went async ({@code posted + dropped + backlog}) and the ring holds fewer than
 * {@code min}, nothing can ever wake it (MM16: its completions were dropped): the monitor signals it
 * and the workload writes the remaining in-flight syslets off as lost. Any other sleep longer than
 * {@code hungMs} is released and counted as hung. The escapes only read the ring's user memory and
 * the runtime's counters; they never change what the kernel decides.
 */
final class EscapeMonitor {
    enum Escape { STARVED, DRAINED, HUNG }

    private final SysletKernel k;
    private final long ahu;
    private final int n;
    private final Config c;
    private final LongSupplier wentAsync;

    private final Object lock = new Object();
    private boolean waiting;
    private int waiterTid;
    private long waitMin, waitU;
    private Escape escape;

    /** {@code wentAsync}: how many syslets went async so far (the user's cachemiss count). */
    EscapeMonitor(SysletKernel k, long ahu, int n, Config c, LongSupplier wentAsync) {
        this.k = k;
        this.ahu = ahu;
        this.n = n;
        this.c = c;
        this.wentAsync = wentAsync;
    }

    /** The waiter, before it calls asyncWait(min, u). */
    void enter(int tid, long min, long u) {
        synchronized (lock) {
            waiting = true;
            waiterTid = tid;
            waitMin = min;
            waitU = u;
            escape = null;
        }
    }

    /** The waiter, after asyncWait returned: why it was released, or null if nobody released it. */
    Escape leave() {
        synchronized (lock) {
            waiting = false;
            Escape why = escape;
            escape = null;
            return why;
        }
    }

    /** Syslets the kernel has finished with: posted, dropped (v5) or kept in the backlog (fixed). */
    long kernelFinished() {
        CompletionRing.RingStats s = k.ringStats(ahu);
        return s.posted() + s.dropped() + s.backlog();
    }

    /** The monitor thread's loop, until {@code finished}; a failure goes to {@code failed}. */
    void loop(BooleanSupplier finished, Supplier<String> progress, Consumer<Throwable> failed) {
        long lastProgress = System.nanoTime(), starvedSince = 0, drainedSince = 0, asleepSince = 0;
        try {
            while (!finished.getAsBoolean()) {
                Thread.sleep(10);
                long now = System.nanoTime();
                if (c.progressMs() > 0 && now - lastProgress >= c.progressMs() * 1_000_000) {
                    lastProgress = now;
                    c.out().println(progress.get());
                }
                synchronized (lock) {
                    boolean asleep = waiting && escape == null && k.ringStats(ahu).sleepers() > 0;
                    if (!asleep) {
                        starvedSince = drainedSince = asleepSince = 0;
                        continue;
                    }
                    if (asleepSince == 0) asleepSince = now;
                    long avail = available(waitU);
                    boolean starving = avail >= waitMin;
                    boolean drained = !starving && kernelFinished() >= wentAsync.getAsLong();
                    starvedSince = starving ? (starvedSince == 0 ? now : starvedSince) : 0;
                    drainedSince = drained ? (drainedSince == 0 ? now : drainedSince) : 0;
                    long esc = c.escapeMs() * 1_000_000;
                    if (starvedSince != 0 && now - starvedSince >= esc) escape = Escape.STARVED;
                    else if (drainedSince != 0 && now - drainedSince >= esc) escape = Escape.DRAINED;
                    else if (now - asleepSince >= c.hungMs() * 1_000_000) escape = Escape.HUNG;
                    if (escape != null) {
                        k.signal(waiterTid);    // bounded escape: the waiter returns -EINTR
                        starvedSince = drainedSince = asleepSince = 0;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failed.accept(t);
        }
    }

    /** Events in the ring from slot U on, as the user sees them (non-NULL slots, never trusting K). */
    private long available(long u) {
        long ring = UserMemory.getLong(ahu + AsyncHeadUserLayout.COMPLETION_RING);
        long cnt = 0;
        for (long i = 0, s = u; i < n; i++, s = s + 1 == n ? 0 : s + 1) {
            if (UserMemory.getLong(ring + 8 * s) == 0) break;
            cnt++;
        }
        return cnt;
    }
}
