package org.syslets.refinement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syslets.design.Design;
import org.syslets.kernel.Recording;
import org.syslets.refinement.RefinementTableTest.Method;
import org.syslets.refinement.RefinementTableTest.Row;
import org.syslets.trace.Workloads;

/**
 * docs/refinement.md checked in meaning, not only in name. With recording on, every trace workload
 * runs on both designs, and each recorded event keeps the methods on the stack of the thread that
 * emitted it. A row whose action is recorded as an event — the event of the same name, or an event
 * without an action of its own whose steps include it (Reap: ReapRead, ReapClear, ReapAdvance) — must
 * name a method on the stack of every such event, and each method it names must emit at least one.
 */
class RefinementMeaningTest {
    /** Event name -> for each occurrence, the org.syslets methods ("class#method") on its stack. */
    private static final Map<String, List<Set<String>>> STACKS = new TreeMap<>();
    private static final Pattern TICKED = Pattern.compile("`(\\w+)");

    @BeforeAll
    static void record() throws Exception {
        Recording.listen(e -> STACKS.computeIfAbsent(e.a(), k -> new ArrayList<>()).add(callers()));
        try {
            for (Design d : List.of(Design.V5, Design.FIXED)) {
                for (Workloads.TraceRun w : Workloads.all()) w.run(d, 2);
            }
        } finally {
            Recording.listen(null);
        }
    }

    private static Set<String> callers() {
        return StackWalker.getInstance().walk(s -> s.filter(f -> f.getClassName().startsWith("org.syslets."))
                .map(f -> f.getClassName() + "#" + f.getMethodName()).collect(Collectors.toSet()));
    }

    @Test
    void everyRowsEventIsEmittedFromTheMethodItNames() throws IOException {
        List<Row> rows = RefinementTableTest.rows();
        Map<String, Set<String>> eventsOf = eventsOfActions(rows);
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Row r : rows) {
            if (!eventsOf.containsKey(r.action())) continue;
            if (r.modules().equals(List.of("SysletCopyOut"))) continue;   // no copy-out events are recorded (yet)
            checked++;
            problems.addAll(check(r, eventsOf.get(r.action())));
        }
        assertThat(problems).as("rows of docs/refinement.md false in meaning").isEmpty();
        assertThat(checked).as("rows checked against recorded stacks").isGreaterThanOrEqualTo(20);
    }

    /** Every event the runtime records is in an events table and stands for some row's action. */
    @Test
    void everyRecordedEventStandsForARow() throws IOException {
        Map<String, Set<String>> eventsOf = eventsOfActions(RefinementTableTest.rows());
        Set<String> covered = new TreeSet<>();
        eventsOf.values().forEach(covered::addAll);
        assertThat(STACKS.keySet()).as("events recorded by the trace workloads").hasSizeGreaterThanOrEqualTo(19);
        assertThat(covered).as("events that some row's action stands for").containsAll(STACKS.keySet());
    }

    /** The teeth: a row naming the poster's count-down for WaitWake, or the syscall for AsyncThread, fails. */
    @Test
    void aRowNamingTheWrongMethodIsNoticed() throws IOException {
        Map<String, Set<String>> eventsOf = eventsOfActions(RefinementTableTest.rows());
        Row waitWake = new Row("WaitWake", List.of("SysletRing"),
                List.of(new Method("org.syslets.kernel.CompletionRing", "countDown")), false);
        Row asyncThread = new Row("AsyncThread", List.of("SysletTasks"),
                List.of(new Method("org.syslets.kernel.SysletKernel", "asyncThread")), true);
        assertThat(check(waitWake, eventsOf.get("WaitWake"))).isNotEmpty();
        assertThat(check(asyncThread, eventsOf.get("AsyncThread"))).isNotEmpty();
        Row stale = new Row("Park", List.of("SysletTasks"), List.of(new Method("org.syslets.kernel.AsyncHead", "park"),
                new Method("org.syslets.kernel.AsyncHead", "block")), true);
        assertThat(check(stale, eventsOf.get("Park"))).as("a second method that never emits the event").isNotEmpty();
    }

    /** What is false about row {@code r}, given the events its action is recorded as. */
    private static List<String> check(Row r, Set<String> events) {
        List<String> problems = new ArrayList<>();
        Set<String> named = r.methods().stream().map(Method::toString).collect(Collectors.toSet());
        Set<String> emitting = new TreeSet<>();
        int occurrences = 0;
        for (String ev : events) {
            for (Set<String> stack : STACKS.getOrDefault(ev, List.of())) {
                occurrences++;
                Set<String> hit = new TreeSet<>(stack);
                hit.retainAll(named);
                if (hit.isEmpty()) {
                    problems.add(r.action() + ": event " + ev + " emitted outside " + named + ", from " + kernelFrames(stack));
                    return problems;
                }
                emitting.addAll(hit);
            }
        }
        if (occurrences == 0) problems.add(r.action() + ": no trace workload records " + events);
        for (String m : named) {
            if (occurrences > 0 && !emitting.contains(m)) problems.add(r.action() + ": " + m + " never emits " + events);
        }
        return problems;
    }

    private static Set<String> kernelFrames(Set<String> stack) {
        return stack.stream().filter(m -> m.startsWith("org.syslets.kernel.") || m.startsWith("org.syslets.user."))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Action -> the events it is recorded as, from the events tables of docs/refinement.md: the event
     * of the same name; and for an event that is no row's action, each action its steps column names.
     */
    static Map<String, Set<String>> eventsOfActions(List<Row> rows) throws IOException {
        Set<String> actions = rows.stream().map(Row::action).collect(Collectors.toSet());
        Map<String, Set<String>> out = new TreeMap<>();
        boolean eventTable = false;
        for (String line : Files.readAllLines(root().resolve("docs/refinement.md"))) {
            if (line.startsWith("| event |")) {
                eventTable = true;
                continue;
            }
            if (!line.startsWith("|")) {
                eventTable = false;
                continue;
            }
            if (!eventTable || line.startsWith("|---")) continue;
            List<String> cells = Arrays.stream(line.substring(1).split("\\|", -1)).map(String::trim).toList();
            String event = cells.get(0).split("\\s+")[0];
            if (actions.contains(event)) {
                out.computeIfAbsent(event, k -> new TreeSet<>()).add(event);
            } else {
                Matcher m = TICKED.matcher(cells.get(1));
                while (m.find()) if (actions.contains(m.group(1))) out.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(event);
            }
        }
        return out;
    }

    private static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("spec"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("spec/ not found above " + Path.of("").toAbsolutePath());
        return p;
    }
}
