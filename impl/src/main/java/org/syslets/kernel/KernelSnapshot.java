package org.syslets.kernel;

import java.util.List;

/**
 * A read-only view of the kernel side, taken under each async head's lock: who is head, spares,
 * busy threads, per-thread at/async_ready, ring counters, cached/cachemiss counts.
 * {@code kernelStackOverflows}: nested async_exec calls refused with -ELOOP because the emulated
 * kernel stack was full (v5's MM21 hole lets an atom call async_exec). {@code internalErrors}: Java
 * errors caught inside the runtime and turned into -ENOMEM (0 unless the runtime has a bug or the JVM
 * ran out of stack or heap; the fuzzer treats any as a finding).
 */
public record KernelSnapshot(List<HeadState> heads, List<TaskState> tasks, List<CompletionRing.RingStats> rings,
                             long cached, long wentAsync, long forbiddenRefused, long forbiddenLetThrough,
                             long jvmGuarded, long retPtrFaults, long signalsDelivered, long kernelStackOverflows,
                             long internalErrors) {

    /** One task: {@code at} ∈ {0, atAddr}, {@code asyncReady} ∈ {0, at}. */
    public record TaskState(long id, int tid, long atAddr, long at, long asyncReady, boolean forceNoerror, int nest,
                            long currentAtom, boolean runtimeThread) {
    }

    /**
     * One async head. {@code registered}: started with an entry (can switch). {@code detector}: how
     * its watcher detects a block, "perf" (sleeps until the head is switched out) or "poll".
     */
    public record HeadState(long id, boolean registered, TaskState head, List<TaskState> spares, List<TaskState> busy,
                            List<TaskState> retired, long switches, long asyncHandoffs, long sparesCreated,
                            boolean closed, String detector) {
    }

    public CompletionRing.RingStats ring(long ahu) {
        for (CompletionRing.RingStats r : rings) if (r.ahu() == ahu) return r;
        return null;
    }

    public HeadState head(long id) {
        for (HeadState h : heads) if (h.id() == id) return h;
        return null;
    }
}
