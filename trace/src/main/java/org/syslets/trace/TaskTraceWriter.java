package org.syslets.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syslets.kernel.Recording.Event;

/**
 * Turns the task-level events of one registered async head into a TLA+ trace module for
 * spec/SysletTaskTrace.tla (over spec/SysletTasks.tla).
 *
 * <p>Spec values are assigned deterministically: the runtime's tasks become the threads 1, 2, … in
 * order of first appearance, 1 being the task of the head's first ExecEnter (the head TasksInit must choose);
 * Threads = 1 .. n. Submissions are the head's async_exec entries in order (the runtime counts them
 * per head, the spec's sub), MaxSubs their number. RefillStack is a spec step only when it refills an
 * empty token; the refill before the head's first async_exec is the spec's initial token (TasksInit:
 * token = TRUE) and is not a step.
 */
public final class TaskTraceWriter {
    static final Set<String> TASK_EVENTS = Set.of("ExecEnter", "CreateSpare", "ExecAtom", "Block", "Unblock", "ExecExit",
            "Complete", "Park", "SignalToUser", "AsyncThread");

    /** One task-level step, with the recorded event it came from. */
    public record TaskStep(String a, int t, int s, long sub, long at, long ready, String out, String origin)
            implements TlcCheck.TraceStep {
        String tla() {
            return "[a |-> \"" + a + "\", t |-> " + t + ", s |-> " + s + ", sub |-> " + sub + ", at |-> " + at
                    + ", ready |-> " + ready + ", out |-> \"" + out + "\"]";
        }

        @Override
        public String toString() {
            return switch (a) {
                case "CreateSpare" -> "CreateSpare(t" + t + ", spare t" + s + ") sub'=" + sub;
                case "ExecEnter" -> "ExecEnter(t" + t + ") sub'=" + sub;
                case "ExecAtom" -> "ExecAtom(t" + t + ") at=" + at + " ready=" + ready + (out.equals("-") ? "" : " forbidden: " + out);
                case "Block" -> "Block(t" + t + " -> head t" + s + ") owner=" + sub + " at'[t" + s + "]=" + at
                        + " ready'[t" + t + "]=" + ready + " role'[t" + t + "]=" + out;
                case "Complete" -> "Complete(t" + t + ", " + out + ") owner=" + sub;
                case "SignalToUser" -> "SignalToUser(t" + t + ") owner=" + sub;
                case "ExecExit" -> "ExecExit(t" + t + ") sub=" + sub;
                case "RefillStack" -> "RefillStack";
                default -> a + "(t" + t + ")";
            };
        }
    }

    /** One head's trace: its steps, the number of threads and of submissions; design's Exclusion. */
    public record TaskTrace(long headId, String exclusion, List<TaskStep> steps, int threads, int subs)
            implements TlcCheck.TraceModule {
        @Override
        public void write(Path dir, String name, int stuck) throws IOException {
            TaskTraceWriter.write(this, dir, name, stuck);
        }

        @Override
        public TaskStep parse(String rec) {
            Map<String, String> f = TlcCheck.fields(rec);
            return new TaskStep(f.get("a"), Integer.parseInt(f.get("t")), Integer.parseInt(f.get("s")),
                    Long.parseLong(f.get("sub")), Long.parseLong(f.get("at")), Long.parseLong(f.get("ready")), f.get("out"), "spec");
        }

        public TaskTrace withExclusion(String x) {
            return new TaskTrace(headId, x, steps, threads, subs);
        }
    }

    private TaskTraceWriter() {
    }

    /** The ids of the registered heads that have task-level events, in order of first event. */
    public static List<Long> heads(List<Event> all) {
        Set<Long> ids = new LinkedHashSet<>();
        for (Event e : all) if (TASK_EVENTS.contains(e.a())) ids.add(e.ring());
        return new ArrayList<>(ids);
    }

    /** The task trace of head {@code headId}; exclusion: "at" (fixed, MM21) or "async_ready" (v5). */
    public static TaskTrace taskTrace(List<Event> all, long headId, String exclusion) {
        // The ahus this head entered async_exec with, and where its first entry is.
        Set<Long> ahus = new LinkedHashSet<>();
        int firstEnter = -1;
        for (int j = 0; j < all.size(); j++) {
            Event e = all.get(j);
            if (e.ring() == headId && (e.a().equals("ExecEnter") || e.a().equals("CreateSpare"))) {
                ahus.add(e.el());
                if (firstEnter < 0) firstEnter = j;
            }
        }
        Map<Long, Integer> number = new LinkedHashMap<>();
        if (firstEnter >= 0) number.put(all.get(firstEnter).task(), 1);
        List<TaskStep> steps = new ArrayList<>();
        int subs = 0;
        for (int j = 0; j < all.size(); j++) {
            Event e = all.get(j);
            String origin = "#" + j + " " + e.a() + (e.task() != 0 ? " task" + e.task() : "")
                    + (e.atom() != 0 ? " task" + e.atom() : "");
            if (e.a().equals("RefillStack")) {
                // Only a refill of an empty token changes the spec's token; the one before the first
                // async_exec is TasksInit's token = TRUE.
                if (ahus.contains(e.ring()) && e.el() == 0 && j > firstEnter && firstEnter >= 0) {
                    steps.add(new TaskStep("RefillStack", 0, 0, 0, -1, -1, "-", origin));
                }
                continue;
            }
            if (!TASK_EVENTS.contains(e.a()) || e.ring() != headId) continue;
            int t = number.computeIfAbsent(e.task(), x -> number.size() + 1);
            int s = e.atom() == 0 ? 0 : number.computeIfAbsent(e.atom(), x -> number.size() + 1);
            if (e.a().equals("ExecEnter") || e.a().equals("CreateSpare")) subs++;
            steps.add(new TaskStep(e.a(), t, s, e.m(), e.k(), e.u(), e.out(), origin));
        }
        return new TaskTrace(headId, exclusion, steps, Math.max(number.size(), 1), subs);
    }

    /** Writes {@code name}.tla (EXTENDS SysletTaskTrace) and {@code name}.cfg into {@code dir}. */
    public static void write(TaskTrace t, Path dir, String name, int stuck) throws IOException {
        TraceModule.write(dir, name, "TaskTraceWriter", "head " + t.headId(), "SysletTaskTrace",
                "TraceThreads == 1 .. " + t.threads(),
                t.steps().stream().map(TaskStep::tla).toList(), t.steps().stream().map(TaskStep::origin).toList(), stuck,
                "  Threads <- TraceThreads\n"
                        + "  NULL = NULL\n"
                        + "  MaxSubs = " + t.subs() + "\n"
                        // threadlet_on/off are execEnter/execExit: an entry may be either kind
                        + "  Kinds = {\"syslet\", \"threadlet\"}\n"
                        + "  Exclusion = \"" + t.exclusion() + "\"\n");
    }
}
