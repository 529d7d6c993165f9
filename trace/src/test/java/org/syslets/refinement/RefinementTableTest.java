package org.syslets.refinement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Keeps docs/refinement.md honest in name (house rule 7: one vocabulary). Every row's TLA+ action must
 * be defined in spec/, its Java methods must exist and (first table) the first carries the action's
 * name, and every action used by a Next relation of spec/ has exactly one row. The rows in meaning
 * (which method really emits each step) are {@link RefinementMeaningTest}'s.
 */
class RefinementTableTest {
    private static final Path ROOT = repoRoot();
    private static final Pattern JAVA = Pattern.compile("`([\\w.]+)#(\\w+)`");
    private static final Pattern ACTION_CELL = Pattern.compile("`(\\w+)`");

    /** A Java method of a row: class and method name. */
    record Method(String cls, String name) {
        @Override
        public String toString() {
            return cls + "#" + name;
        }
    }

    /** A row: the action, its spec modules, the methods named in its "Java method" cell (first first). */
    record Row(String action, List<String> modules, List<Method> methods, boolean sameName) {
        String cls() {
            return methods.get(0).cls();
        }

        String method() {
            return methods.get(0).name();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRowIsRealOnBothSides() throws IOException {
        List<Row> rows = rows();
        assertThat(rows).as("rows parsed from docs/refinement.md").hasSizeGreaterThan(15);
        return rows.stream().map(r -> DynamicTest.dynamicTest(r.action() + " -> " + r.methods(), () -> {
            for (String module : r.modules()) {
                assertThat(definedOperators(module)).as("%s is defined in spec/%s.tla", r.action(), module)
                        .contains(r.action());
            }
            for (Method m : r.methods()) {
                Class<?> c = Class.forName(m.cls());
                assertThat(Arrays.stream(c.getDeclaredMethods()).map(java.lang.reflect.Method::getName))
                        .as("%s declares %s", m.cls(), m.name()).contains(m.name());
            }
            if (r.sameName()) {
                assertThat(r.method()).as("the Java method carries the action's name")
                        .isEqualTo(Character.toLowerCase(r.action().charAt(0)) + r.action().substring(1));
            }
        }));
    }

    @Test
    void everyActionOfTheSpecIsInTheTable() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Row r : rows()) documented.add(r.action());
        Set<String> used = new TreeSet<>();
        used.addAll(actionsOf("SysletRing", "RingNext"));
        used.addAll(actionsOf("SysletTasks", "TasksNext"));
        used.addAll(actionsOf("SysletAtoms", "ChainNext"));
        used.addAll(actionsOf("Syslet", "Next"));
        used.addAll(actionsOf("SysletCachemiss", "CmNext"));
        assertThat(used).as("actions found in the Next relations")
                .contains("Post", "PublishK", "ReapRead", "Block", "ThreadletOn", "ExecAtom", "Signal", "Handoff");
        assertThat(documented).as("docs/refinement.md lists every action of spec/").containsAll(used);
        // Davide's copy-out API: its own rows (module SysletCopyOut), not the ring's of the same name
        Set<String> copyOut = new TreeSet<>(actionsOf("SysletCopyOut", "CopyNext"));
        copyOut.removeAll(Set.of("WaitMins", "WaitNs", "Buffers"));   // the value sets its \E range over
        assertThat(copyOut).as("actions of CopyNext").contains("Post", "PostWake", "CopyTake", "CopyFault", "WaitReturn");
        Set<String> copyOutRows = new TreeSet<>();
        for (Row r : rows()) if (r.modules().contains("SysletCopyOut")) copyOutRows.add(r.action());
        assertThat(copyOutRows).as("docs/refinement.md lists every action of SysletCopyOut").containsAll(copyOut);
    }

    /** One action, one row: a second row for an action would be a second answer to "where does it happen?". */
    @Test
    void everyActionHasExactlyOneRow() throws IOException {
        Set<String> seen = new TreeSet<>(), twice = new TreeSet<>();
        // per module: the copy-out API's Post is another action than the ring's Post
        for (Row r : rows()) if (!seen.add(r.modules() + " " + r.action())) twice.add(r.action());
        assertThat(twice).as("actions with more than one row in docs/refinement.md").isEmpty();
    }

    /** The teeth of the check above: an action missing from the table is noticed. */
    @Test
    void anUndocumentedActionIsNoticed() throws IOException {
        Set<String> used = new TreeSet<>(actionsOf("SysletRing", "RingNext"));
        Set<String> documented = new TreeSet<>();
        for (Row r : rows()) documented.add(r.action());
        documented.remove("ReapRead");
        assertThat(documented.containsAll(used)).isFalse();
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Rows of every table in docs/refinement.md whose first cell is an action and whose "Java method"
     * column (found by the table's header) names at least one method.
     */
    static List<Row> rows() throws IOException {
        List<Row> rows = new ArrayList<>();
        boolean sameNameTable = false;
        int javaCol = -1;
        for (String line : Files.readAllLines(ROOT.resolve("docs/refinement.md"))) {
            if (line.startsWith("## ")) {
                sameNameTable = line.startsWith("## Actions");
                javaCol = -1;
            }
            if (!line.startsWith("|")) continue;
            List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                    .map(String::trim).toList();
            if (cells.size() > 0 && cells.get(0).equals("TLA+ action")) {
                javaCol = cells.indexOf("Java method");
                continue;
            }
            Matcher a = ACTION_CELL.matcher(cells.get(0));
            if (javaCol < 0 || cells.size() <= javaCol || !a.matches()) continue;
            List<Method> methods = new ArrayList<>();
            Matcher j = JAVA.matcher(cells.get(javaCol));
            while (j.find()) methods.add(new Method(j.group(1), j.group(2)));
            if (methods.isEmpty()) continue;
            List<String> modules = Arrays.stream(cells.get(1).split(",")).map(String::trim).toList();
            rows.add(new Row(a.group(1), modules, methods, sameNameTable));
        }
        return rows;
    }

    /** Names of the operators defined at the left margin of spec/&lt;module&gt;.tla. */
    static Set<String> definedOperators(String module) throws IOException {
        Set<String> names = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?m)^(\\w+)\\s*(\\([^)]*\\))?\\s*==").matcher(spec(module));
        while (m.find()) names.add(m.group(1));
        return names;
    }

    /**
     * The actions a Next relation uses: the module's own operators (or an instance's, written I!Op)
     * that the body of {@code next} names, minus definitions that are not steps (predicates, helpers).
     */
    static Set<String> actionsOf(String module, String next) throws IOException {
        String text = spec(module);
        Matcher def = Pattern.compile("(?ms)^" + next + "\\s*==(.*?)(?=^\\S|\\z)").matcher(text);
        assertThat(def.find()).as("%s defines %s", module, next).isTrue();
        Set<String> own = definedOperators(module);
        Set<String> helpers = Set.of("UserIdle", "UserMode");
        Set<String> out = new TreeSet<>();
        Matcher id = Pattern.compile("(?:(\\w+)!)?([A-Z]\\w*)").matcher(def.group(1));
        while (id.find()) {
            String name = id.group(2);
            if (helpers.contains(name) || name.equals("UNCHANGED") || name.equals("BOOLEAN")) continue;
            boolean viaInstance = id.group(1) != null;
            if (viaInstance || own.contains(name)) out.add(name);
        }
        // Constants and variables are not actions.
        out.removeIf(n -> Set.of("Atoms", "FaultyAtoms", "Threads", "N", "Spares", "WaitMins").contains(n));
        return out;
    }

    private static String spec(String module) throws IOException {
        return Files.readString(ROOT.resolve("spec").resolve(module + ".tla"));
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("spec"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("spec/ not found above " + Path.of("").toAbsolutePath());
        return p;
    }
}
