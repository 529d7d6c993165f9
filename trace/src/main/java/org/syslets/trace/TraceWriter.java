package org.syslets.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.syslets.kernel.Recording.Event;

/**
 * Turns the recorded events of one ring into a TLA+ trace module for spec/SysletTrace.tla.
 *
 * <p>Spec values are assigned deterministically: syslets are numbered 1, 2, … per ring in the order
 * of their SubmitAsync events; a SubmitAsync (recorded with the background task's id, before its
 * ring is known) belongs to the ring of that task's next Post or Retire. A posted address maps back
 * to its number through a FIFO per address of the syslets currently stored or backlogged with it,
 * so an address that is posted twice, or reaped without having been posted, gets the number of a
 * syslet the spec does not have there (or 0, no syslet at all), and TLC rejects that step.
 */
public final class TraceWriter {

    /** One spec-level step, with the recorded event it came from. */
    public record Step(String a, int atom, long k, long u, long m, long el, String out, String origin)
            implements TlcCheck.TraceStep {
        String tla() {
            return "[a |-> \"" + a + "\", atom |-> " + atom + ", k |-> " + k + ", u |-> " + u + ", m |-> " + m
                    + ", el |-> " + el + ", out |-> \"" + out + "\"]";
        }

        @Override
        public String toString() {
            return switch (a) {
                case "Post" -> "Post(" + atom + ") " + out + (k >= 0 ? " K'=" + k : "");
                case "PublishK" -> "PublishK(" + atom + ") K'=" + k;
                case "Flush", "ReapRead" -> a + "(" + atom + ")";
                case "ReapAdvance" -> "ReapAdvance U'=" + u;
                case "WaitEnter" -> "WaitEnter(min=" + m + ", U=" + u + ") events_left=" + el + " -> " + out;
                case "WaitReturn" -> "WaitReturn " + out;
                case "SubmitAsync", "Retire" -> a + "(" + atom + ")";
                default -> a;
            };
        }
    }

    /** Spec constants of one ring trace. */
    public record RingConfig(int n, String formula, String overflow) {
    }

    /** A ring's trace: its steps and the number of syslets. */
    public record RingTrace(long ahu, RingConfig cfg, List<Step> steps, int atoms, int unresolvedSubmits)
            implements TlcCheck.TraceModule {
        @Override
        public void write(Path dir, String name, int stuck) throws IOException {
            TraceWriter.write(this, dir, name, stuck);
        }

        @Override
        public Step parse(String rec) {
            return TlcCheck.parse(rec);
        }
    }

    private TraceWriter() {
    }

    /** The steps of ring {@code ahu}, from a whole recording (all rings, all tasks). */
    public static RingTrace ringTrace(List<Event> all, long ahu, RingConfig cfg) {
        // 1. Which ring each SubmitAsync belongs to: that of the task's next Post/Retire.
        long[] submitRing = new long[all.size()];
        Map<Long, List<Integer>> openSubmits = new HashMap<>();
        for (int j = 0; j < all.size(); j++) {
            Event e = all.get(j);
            if (e.a().equals("SubmitAsync")) {
                openSubmits.computeIfAbsent(e.task(), x -> new ArrayList<>()).add(j);
            } else if (e.a().equals("Post") || e.a().equals("Retire")) {
                List<Integer> open = openSubmits.remove(e.task());
                if (open != null) for (int s : open) submitRing[s] = e.ring();
            }
        }
        int unresolved = 0;
        for (List<Integer> open : openSubmits.values()) unresolved += open.size();
        // 2. Walk this ring's events in the recorded total order.
        List<Step> steps = new ArrayList<>();
        Map<Long, Integer> numberOfTask = new HashMap<>();
        // Per address, the syslets holding it: in the ring (stored or flushed), in the backlog.
        Map<Long, ArrayDeque<Integer>> inRing = new HashMap<>(), inBacklog = new HashMap<>();
        int next = 0;
        for (int j = 0; j < all.size(); j++) {
            Event e = all.get(j);
            String origin = "#" + j + " " + e.a() + (e.task() != 0 ? " task" + e.task() : "")
                    + (e.atom() != 0 ? " atom 0x" + Long.toHexString(e.atom()) : "");
            if (e.a().equals("SubmitAsync")) {
                if (submitRing[j] != ahu) continue;
                int n = ++next;
                numberOfTask.put(e.task(), n);
                steps.add(new Step("SubmitAsync", n, -1, -1, 0, 0, "-", origin));
                continue;
            }
            if (e.ring() != ahu) continue;
            // One recorded event is one or more spec steps: the runtime does the split steps of
            // SysletRing (slot store then K; read, clear, advance U) under one recording-lock hold.
            switch (e.a()) {
                case "Post" -> {
                    int n = numberOfTask.getOrDefault(e.task(), 0);
                    if (e.out().equals("backlog") || e.out().equals("fault") && cfg.overflow().equals("backlog")) {
                        put(inBacklog, e.atom(), n);
                    }
                    if (e.out().equals("stored")) {
                        put(inRing, e.atom(), n);
                        steps.add(new Step("Post", n, -1, -1, 0, 0, "stored", origin));
                        steps.add(new Step("PublishK", n, e.k(), -1, 0, 0, "-", origin));
                    } else {
                        steps.add(new Step("Post", n, e.k(), -1, 0, 0, e.out(), origin));
                    }
                }
                case "Retire" -> steps.add(new Step("Retire", numberOfTask.getOrDefault(e.task(), 0), -1, -1, 0, 0, "-", origin));
                case "Flush" -> {
                    int n = take(inBacklog, e.atom());
                    put(inRing, e.atom(), n);
                    steps.add(new Step("Flush", n, -1, -1, 0, 0, "-", origin));
                    steps.add(new Step("PublishK", n, e.k(), -1, 0, 0, "-", origin));
                }
                case "Reap" -> {
                    steps.add(new Step("ReapRead", take(inRing, e.atom()), -1, -1, 0, 0, "-", origin));
                    steps.add(new Step("ReapClear", 0, -1, -1, 0, 0, "-", origin));
                    steps.add(new Step("ReapAdvance", 0, -1, e.u(), 0, 0, "-", origin));
                }
                case "RefillStack" -> { }   // task level (TaskTraceWriter): the token, not the ring
                case "WaitEnter" -> {
                    steps.add(new Step("WaitEnter", 0, -1, e.u(), e.m(), e.el(), e.out(), origin));
                    if (e.out().equals("return")) steps.add(new Step("WaitReturn", 0, -1, -1, 0, 0, "ready", origin));
                }
                case "WaitWake" -> steps.add(new Step("WaitReturn", 0, -1, -1, 0, 0, "woken", origin));
                case "WaitIntr" -> {
                    // The signal that ended the sleep: it commutes with every ring step in between.
                    steps.add(new Step("Signal", 0, -1, -1, 0, 0, "-", origin));
                    steps.add(new Step("WaitIntr", 0, -1, -1, 0, 0, "-", origin));
                    steps.add(new Step("WaitReturn", 0, -1, -1, 0, 0, "EINTR", origin));
                }
                default -> throw new IllegalArgumentException("unknown event " + e);
            }
        }
        return new RingTrace(ahu, cfg, steps, Math.max(next, 1), unresolved);
    }

    private static void put(Map<Long, ArrayDeque<Integer>> m, long addr, int n) {
        m.computeIfAbsent(addr, x -> new ArrayDeque<>()).addLast(n);
    }

    private static int take(Map<Long, ArrayDeque<Integer>> numberAt, long addr) {
        ArrayDeque<Integer> q = numberAt.get(addr);
        Integer n = q == null ? null : q.pollFirst();
        return n == null ? 0 : n;   // 0: no syslet of this ring holds that address
    }

    /**
     * Writes {@code name}.tla (EXTENDS SysletTrace, TraceLog literal) and {@code name}.cfg into
     * {@code dir}. {@code stuck} = -1 checks the trace; p >= 0 explains why step p+1 cannot follow.
     */
    public static void write(RingTrace t, Path dir, String name, int stuck) throws IOException {
        TraceModule.write(dir, name, "TraceWriter", "ring 0x" + Long.toHexString(t.ahu()), "SysletTrace",
                "TraceAtoms == 1 .. " + t.atoms(),
                t.steps().stream().map(Step::tla).toList(), t.steps().stream().map(Step::origin).toList(), stuck,
                "  N = " + t.cfg().n() + "\n"
                        // SysletRing's width ASSUMEs: no events_left value aliases for N <= 64.
                        + "  W = 8\n"
                        + "  NULL = NULL\n"
                        + "  Formula = \"" + t.cfg().formula() + "\"\n"
                        + "  Overflow = \"" + t.cfg().overflow() + "\"\n"
                        + "  Depth = 0\n"
                        + "  Atoms <- TraceAtoms\n"
                        + "  FaultyAtoms <- TraceAtoms\n");
    }
}
