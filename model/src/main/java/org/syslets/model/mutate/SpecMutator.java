package org.syslets.model.mutate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tla2sany.semantic.ASTConstants;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.LevelNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.NumeralNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpDeclNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.StringNode;
import tla2sany.semantic.SubstInNode;
import tla2sany.st.Location;

/**
 * Generates the mutants of one spec module: walks SANY's semantic tree of each design definition
 * and turns every applicable operator into a source-text edit at SANY's location. The edit is
 * made in the text, not in the tree, so a mutant is a module a person can read and TLC can check
 * exactly as it checks the spec.
 *
 * <p>What is never mutated: definitions that are not design (invariants, properties, type
 * invariants: they are not reachable from any model's INIT/NEXT/SPECIFICATION, see {@link Reach});
 * switches, a CONSTANT compared with a string ({@code Formula = "v5"}, {@code RingMutation # "lose"}):
 * they choose a variant or a planted bug, they are not the design; the arm of a planted-bug switch;
 * inside temporal formulas, anything but fairness conjuncts. The arm of a variant switch that no
 * selected model turns on is mutated but marked unreached: no selected model can evaluate it.
 */
public final class SpecMutator {

    /** The operators, in report order, with what each does. */
    public static final Map<String, String> OPERATORS = new LinkedHashMap<>();

    static {
        OPERATORS.put("ror", "relational operator replaced: < <= > >= by the boundary and the negation, = by #, "
                + "# by =, \\in by \\notin and back");
        OPERATORS.put("plus1", "an integer expression (a numeral, Cardinality, Len, or arithmetic of two non-numerals) + 1");
        OPERATORS.put("minus1", "the same integer expressions - 1");
        OPERATORS.put("drop-conjunct", "one conjunct without a primed variable (a guard) dropped from an action or a condition");
        OPERATORS.put("if-swap", "the THEN and ELSE branches of an IF swapped");
        OPERATORS.put("unchanged", "x' = e replaced by UNCHANGED x");
        OPERATORS.put("drop-fairness", "one WF_/SF_ conjunct dropped from a specification");
        OPERATORS.put("set-op", "\\cup replaced by \\ and \\ (and \\cap) by \\cup");
    }

    private static final Map<String, List<String>> ROR = Map.of(
            "<", List.of("<=", ">="),
            "\\leq", List.of("<", ">"),
            ">", List.of(">=", "<="),
            "\\geq", List.of(">", "<"),
            "=", List.of("#"),
            "/=", List.of("="),
            "\\in", List.of("\\notin"),
            "\\notin", List.of("\\in"));
    /** How SANY's operator names may be spelled in the source. */
    private static final Map<String, List<String>> SPELLINGS = Map.ofEntries(
            Map.entry("<", List.of("<")), Map.entry("\\leq", List.of("<=", "=<", "\\leq")),
            Map.entry(">", List.of(">")), Map.entry("\\geq", List.of(">=", "\\geq")),
            Map.entry("=", List.of("=")), Map.entry("/=", List.of("#", "/=")),
            Map.entry("\\in", List.of("\\in")), Map.entry("\\notin", List.of("\\notin")),
            Map.entry("\\union", List.of("\\cup", "\\union")), Map.entry("\\", List.of("\\")),
            Map.entry("\\intersect", List.of("\\cap", "\\intersect")));
    /** Keyed by SANY's names, in which cup is "union" and cap is "intersect". */
    private static final Map<String, String> SET_OPS = Map.of("\\union", "\\", "\\", "\\cup", "\\intersect", "\\cup");
    private static final Set<String> ARITH = Set.of("+", "-", "*", "%", "\\div");
    private static final Set<String> INT_FUNCTIONS = Set.of("Cardinality", "Len");

    private final String module;
    private final String text;
    private final int[] lineStart;
    private final List<Mutant> out = new ArrayList<>();
    private final Set<String> seenSources = new LinkedHashSet<>();
    private final Map<String, Integer> ordinals = new LinkedHashMap<>();
    private final Map<String, Set<String>> inPlay;
    private String definition;
    /** The node being walked is an operand of an infix /\\ (its chain is mutated at the top). */
    private boolean inChain;
    /** The definition is (part of) an initial predicate: reachable from a model's INIT, no primes. */
    private boolean initialDefinition;
    /** Why the node being walked cannot be evaluated by the selected models, or null. */
    private String unreached;

    private SpecMutator(String module, String text, Map<String, Set<String>> inPlay) {
        this.module = module;
        this.text = text;
        this.inPlay = inPlay;
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) if (text.charAt(i) == '\n') starts.add(i + 1);
        lineStart = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The mutants of {@code root} (parsed from {@code text}) over the definitions named in
     * {@code design}, in source order. Duplicates (two edits giving the same module) are kept once.
     * {@code inPlay} maps each constant to the values the selected models give it: an arm selected by
     * a switch ({@code C = "v5"}) that no selected model turns on is marked unreached in its mutants.
     */
    public static List<Mutant> generate(ModuleNode root, String text, Set<String> design,
                                        Map<String, Set<String>> inPlay, Set<String> initial) {
        String name = root.getName().toString();
        SpecMutator m = new SpecMutator(name, text, inPlay);
        List<OpDefNode> defs = new ArrayList<>();
        for (OpDefNode d : root.getOpDefs()) {
            if (d.getSource() != d || d.getOriginallyDefinedInModuleNode() != root) continue;
            if (!design.contains(name + "." + d.getName())) continue;
            defs.add(d);
        }
        defs.sort(Comparator.comparingInt(d -> d.getLocation().beginLine()));
        for (OpDefNode d : defs) {
            m.definition = d.getName().toString();
            m.unreached = null;
            m.initialDefinition = initial.contains(name + "." + d.getName())
                    && d.getBody().getLevel() <= 1;
            m.walk(d.getBody(), false, false);
        }
        return List.copyOf(m.out);
    }

    // ---------------------------------------------------------------- the walk

    private void walk(SemanticNode n, boolean temporal, boolean additive) {
        if (n == null) return;
        if (n instanceof NumeralNode num) {
            if (!temporal) integer(num);
            return;
        }
        if (n instanceof LetInNode let) {
            for (OpDefNode d : let.getLets()) walk(d.getBody(), temporal, false);
            walk(let.getBody(), temporal, false);
            return;
        }
        if (n instanceof SubstInNode s) {
            walk(s.getBody(), temporal, false);
            return;
        }
        boolean chained = inChain;
        inChain = false;
        if (!(n instanceof OpApplNode o)) return;
        if (switchOf(o) != null) return; // a variant or planted-bug switch: not design
        if (initialAssignment(o)) return; // v = e in an initial predicate: TLC needs it to build the state
        String op = o.getOperator().getName().toString();
        ExprOrOpArgNode[] args = o.getArgs();
        if (level(o) >= 3) {
            if (op.equals("$ConjList")) {
                if (args.length >= 2) for (int i = 0; i < args.length; i++) {
                    if (containsFairness(args[i])) dropConjunct(o, i, "drop-fairness");
                }
                for (ExprOrOpArgNode a : args) walk(a, true, false);
            } else if (op.equals("\\land") && !chained) {
                dropInfixConjuncts(o, true);
            }
            return; // inside a temporal formula only fairness conjuncts are mutated
        }
        switch (op) {
            // A conjunct of an initial predicate gives some variable its value: never dropped.
            case "$ConjList" -> {
                if (args.length >= 2 && !initialDefinition) for (int i = 0; i < args.length; i++) {
                    if (level(args[i]) <= 1 && !(args[i] instanceof OpApplNode a && (switchOf(a) != null || initialAssignment(a)))) {
                        dropConjunct(o, i, "drop-conjunct");
                    }
                }
            }
            case "\\land" -> {
                if (!chained && !initialDefinition) dropInfixConjuncts(o, false);
            }
            case "$IfThenElse" -> ifSwap(o);
            default -> { }
        }
        if (op.equals("=") && isPrimedVariable(args[0])) {
            unchanged(o);
        } else if (ROR.containsKey(op) && args.length == 2) {
            for (String to : ROR.get(op)) infix(o, op, to, "ror");
        }
        if (SET_OPS.containsKey(op) && args.length == 2) infix(o, op, SET_OPS.get(op), "set-op");
        // +-1 of a sum's operand is +-1 of the sum: only the outermost of a chain of + and - is mutated.
        boolean sum = op.equals("+") || op.equals("-");
        if ((ARITH.contains(op) && args.length == 2 && !(args[0] instanceof NumeralNode)
                && !(args[1] instanceof NumeralNode) && !(sum && additive))
                || (INT_FUNCTIONS.contains(op) && args.length == 1)) {
            integer(o);
        }
        // Children. An arm that a switch selects is walked only if some selected model turns the
        // switch on; a planted-bug arm is never design.
        if (op.equals("$IfThenElse")) {
            Switch sw = args[0] instanceof OpApplNode c ? switchOf(c) : null;
            if (sw == null && args[0] instanceof OpApplNode c && (sw = conjunctSwitch(c)) != null) {
                // IF C = "x" /\ ... : the rest of the condition and the THEN arm matter only with the switch on
                arm(args[0], sw, true);
                arm(args[1], sw, true);
                walk(args[2], false, false);
            } else {
                walk(args[0], false, false);
                arm(args[1], sw, true);
                arm(args[2], sw, false);
            }
        } else if (op.equals("$Case")) {
            for (ExprOrOpArgNode a : args) {
                if (!(a instanceof OpApplNode pair)) continue;
                ExprOrOpArgNode guard = pair.getArgs()[0];
                Switch sw = guard instanceof OpApplNode g ? switchOf(g) : null;
                walk(guard, false, false);
                arm(pair.getArgs()[1], sw, true);
            }
        } else {
            boolean land = op.equals("\\land");
            for (ExprOrOpArgNode a : args) {
                inChain = land;
                walk(a, false, sum);
            }
            inChain = false;
        }
        if (o.getBdedQuantBounds() != null) for (var b : o.getBdedQuantBounds()) walk(b, false, false);
    }

    /** Walks an IF/CASE arm: {@code whenTrue} is the arm taken when switch {@code sw} holds. */
    private void arm(ExprOrOpArgNode body, Switch sw, boolean whenTrue) {
        if (sw == null) {
            walk(body, false, false);
            return;
        }
        boolean on = whenTrue == sw.eq();     // the arm is taken when C = lit
        Set<String> values = inPlay.get(sw.constant());
        if (sw.literal() == null) values = null;   // a set of variants: both arms count as reached
        boolean reached = values == null
                || (on ? values.contains(sw.literal()) : !values.equals(Set.of(sw.literal())));
        if (reached) {
            walk(body, false, false);
            return;
        }
        if (sw.constant().endsWith("Mutation")) return; // the planted bug of a mutation model: harness
        String saved = unreached;
        unreached = "arm of " + sw.constant() + (on ? " = " : " # ") + "\"" + sw.literal() + "\": the selected models set "
                + sw.constant() + " to " + values;
        walk(body, false, false);
        unreached = saved;
    }

    // ---------------------------------------------------------------- the operators

    /** +1 and -1 on an integer expression. */
    private void integer(SemanticNode n) {
        int s = start(n.getLocation()), e = end(n.getLocation());
        String t = text.substring(s, e);
        if (n instanceof NumeralNode num) {
            int v = num.val();
            add("plus1", List.of(new Edit(s, e, Integer.toString(v + 1))));
            add("minus1", List.of(new Edit(s, e, Integer.toString(v - 1))));
        } else {
            if (t.contains("\n")) return;
            add("plus1", List.of(new Edit(s, e, "(" + t + " + 1)")));
            add("minus1", List.of(new Edit(s, e, "(" + t + " - 1)")));
        }
    }

    /** Replaces the infix operator of a binary application. */
    private void infix(OpApplNode o, String op, String to, String operator) {
        ExprOrOpArgNode[] a = o.getArgs();
        int gapFrom = end(a[0].getLocation()), gapTo = start(a[1].getLocation());
        if (gapFrom > gapTo) return;
        String gap = text.substring(gapFrom, gapTo);
        for (String spelling : SPELLINGS.getOrDefault(op, List.of())) {
            Matcher m = Pattern.compile("(?<![\\\\A-Za-z<>=/#])" + Pattern.quote(spelling) + "(?![A-Za-z<>=])").matcher(gap);
            if (m.find()) {
                int at = gapFrom + m.start();
                if (m.find()) return; // ambiguous: leave it
                add(operator, List.of(new Edit(at, at + spelling.length(), to)));
                return;
            }
        }
    }

    /** x' = e becomes UNCHANGED x. */
    private void unchanged(OpApplNode o) {
        OpApplNode prime = (OpApplNode) o.getArgs()[0];
        String var = ((OpApplNode) prime.getArgs()[0]).getOperator().getName().toString();
        add("unchanged", List.of(new Edit(start(o.getLocation()), end(o.getLocation()), "UNCHANGED " + var)));
    }

    /** Drops conjunct {@code i} of a bulleted list, with its lines. */
    private void dropConjunct(OpApplNode list, int i, String operator) {
        ExprOrOpArgNode[] a = list.getArgs();
        int s = start(a[i].getLocation()), e = end(a[i].getLocation());
        int bullet = text.lastIndexOf("/\\", s);
        if (bullet < 0 || !text.substring(bullet + 2, s).isBlank()) return;
        int ls = lineStartOf(bullet);
        int le = text.indexOf('\n', e);
        if (le < 0) le = text.length();
        String rest = text.substring(e, le).strip();
        if (text.substring(ls, bullet).isBlank() && (rest.isEmpty() || rest.startsWith("\\*"))) {
            add(operator, List.of(new Edit(ls, Math.min(le + 1, text.length()), "")));
        } else {
            add(operator, List.of(new Edit(bullet, e, "")));
        }
    }

    /**
     * Drops one conjunct of a chain of infix /\ ({@code A /\ B /\ C} is {@code (A /\ B) /\ C} to
     * SANY; it is flattened, so that exactly one conjunct goes).
     */
    private void dropInfixConjuncts(OpApplNode chain, boolean fairnessOnly) {
        List<ExprOrOpArgNode> leaves = new ArrayList<>();
        flatten(chain, leaves);
        if (leaves.size() < 2) return;
        List<String> texts = new ArrayList<>();
        for (ExprOrOpArgNode l : leaves) {
            String t = text.substring(start(l.getLocation()), end(l.getLocation()));
            if (t.contains("\n")) return;
            texts.add(t);
        }
        for (int i = 0; i < leaves.size(); i++) {
            ExprOrOpArgNode leaf = leaves.get(i);
            boolean droppable = fairnessOnly ? containsFairness(leaf)
                    : level(leaf) <= 1 && !(leaf instanceof OpApplNode o && (switchOf(o) != null || initialAssignment(o)));
            if (!droppable) continue;
            List<String> kept = new ArrayList<>(texts);
            kept.remove(i);
            add(fairnessOnly ? "drop-fairness" : "drop-conjunct", List.of(new Edit(start(chain.getLocation()),
                    end(chain.getLocation()), "(" + String.join(" /\\ ", kept) + ")")));
        }
    }

    private static void flatten(ExprOrOpArgNode n, List<ExprOrOpArgNode> out) {
        if (n instanceof OpApplNode o && o.getOperator().getName().toString().equals("\\land")) {
            for (ExprOrOpArgNode a : o.getArgs()) flatten(a, out);
        } else {
            out.add(n);
        }
    }

    /** Swaps THEN and ELSE, re-indenting continuation lines so that bullet alignment is kept. */
    private void ifSwap(OpApplNode o) {
        ExprOrOpArgNode[] a = o.getArgs();
        if (a[0] instanceof OpApplNode c && (switchOf(c) != null || conjunctSwitch(c) != null)) return;
        Location t = a[1].getLocation(), el = a[2].getLocation();
        String then = text.substring(start(t), end(t)), els = text.substring(start(el), end(el));
        String newThen = reindent(els, t.beginColumn() - el.beginColumn());
        String newElse = reindent(then, el.beginColumn() - t.beginColumn());
        if (newThen == null || newElse == null) return;
        add("if-swap", List.of(new Edit(start(t), end(t), newThen), new Edit(start(el), end(el), newElse)));
    }

    // ---------------------------------------------------------------- helpers

    private record Edit(int from, int to, String with) { }

    private void add(String operator, List<Edit> edits) {
        StringBuilder s = new StringBuilder(text);
        List<Edit> sorted = new ArrayList<>(edits);
        sorted.sort(Comparator.comparingInt(Edit::from).reversed());
        for (Edit e : sorted) s.replace(e.from, e.to, e.with);
        String mutated = s.toString();
        if (mutated.equals(text) || !seenSources.add(mutated)) return;
        int from = edits.stream().mapToInt(Edit::from).min().orElseThrow();
        int to = edits.stream().mapToInt(Edit::to).max().orElseThrow();
        int delta = edits.stream().mapToInt(e -> e.with.length() - (e.to - e.from)).sum();
        int regionStart = lineStartOf(from);
        int origEnd = lineEndOf(text, Math.max(from, to - 1));
        String beforeRaw = text.substring(regionStart, origEnd);
        int mutEnd = origEnd + delta;
        String afterRaw = mutEnd <= regionStart ? "" : mutated.substring(regionStart, mutEnd);
        if (afterRaw.endsWith("\n")) afterRaw = afterRaw.substring(0, afterRaw.length() - 1);
        if (beforeRaw.endsWith("\n")) beforeRaw = beforeRaw.substring(0, beforeRaw.length() - 1);
        String key = definition + "/" + operator;
        int ordinal = ordinals.merge(key, 1, Integer::sum);
        int firstLine = lineOf(regionStart);
        out.add(new Mutant(module, definition, operator, ordinal, lineOf(from), norm(beforeRaw), norm(afterRaw),
                mutated, firstLine, beforeRaw, afterRaw, unreached));
    }

    private static String norm(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** {@code C = "lit"} or {@code C # "lit"} with a declared CONSTANT C: a variant or planted-bug switch. */
    record Switch(String constant, String literal, boolean eq) { }

    /** The first {@code C = "lit"} among the top-level conjuncts of a condition, or null. */
    static Switch conjunctSwitch(OpApplNode cond) {
        List<ExprOrOpArgNode> leaves = new ArrayList<>();
        String op = cond.getOperator().getName().toString();
        if (op.equals("$ConjList")) leaves.addAll(List.of(cond.getArgs()));
        else if (op.equals("\\land")) flatten(cond, leaves);
        for (ExprOrOpArgNode l : leaves) {
            if (l instanceof OpApplNode o) {
                Switch s = switchOf(o);
                if (s != null && s.eq()) return s;
            }
        }
        return null;
    }

    static Switch switchOf(OpApplNode o) {
        String op = o.getOperator().getName().toString();
        // C \in {"full", "free"}: a switch over several variants (its arms are walked as reached)
        if ((op.equals("\\in") || op.equals("\\notin")) && o.getArgs().length == 2
                && o.getArgs()[0] instanceof OpApplNode c && c.getOperator() instanceof OpDeclNode d
                && d.getKind() == ASTConstants.ConstantDeclKind && o.getArgs()[1] instanceof OpApplNode set
                && set.getOperator().getName().toString().equals("$SetEnumerate")
                && java.util.Arrays.stream(set.getArgs()).allMatch(x -> x instanceof StringNode)) {
            return new Switch(d.getName().toString(), null, op.equals("\\in"));
        }
        if (!(op.equals("=") || op.equals("/=")) || o.getArgs().length != 2) return null;
        ExprOrOpArgNode a = o.getArgs()[0], b = o.getArgs()[1];
        if (b instanceof OpApplNode && a instanceof StringNode) { ExprOrOpArgNode t = a; a = b; b = t; }
        if (a instanceof OpApplNode c && c.getOperator() instanceof OpDeclNode d
                && d.getKind() == ASTConstants.ConstantDeclKind && b instanceof StringNode lit) {
            return new Switch(d.getName().toString(), lit.getRep().toString(), op.equals("="));
        }
        return null;
    }

    /**
     * {@code v = e} or {@code v \in S} for a VARIABLE v, in an initial predicate: its
     * assignment. Dropping or negating it leaves v without a value, which
     * TLC rejects as "not a legal state" -- a mutant that cannot run, not a design mutant.
     */
    private boolean initialAssignment(OpApplNode o) {
        String op = o.getOperator().getName().toString();
        return (op.equals("=") || op.equals("\\in")) && o.getArgs().length == 2 && initialDefinition
                && o.getArgs()[0] instanceof OpApplNode v && v.getOperator() instanceof OpDeclNode d
                && d.getKind() == ASTConstants.VariableDeclKind;
    }

    private static boolean isPrimedVariable(ExprOrOpArgNode n) {
        return n instanceof OpApplNode p && p.getOperator().getName().toString().equals("'")
                && p.getArgs().length == 1 && p.getArgs()[0] instanceof OpApplNode v
                && v.getOperator() instanceof OpDeclNode d && d.getKind() == ASTConstants.VariableDeclKind;
    }

    private static boolean containsFairness(SemanticNode n) {
        if (n instanceof OpApplNode o) {
            String op = o.getOperator().getName().toString();
            if (op.equals("$WF") || op.equals("$SF")) return true;
            for (ExprOrOpArgNode a : o.getArgs()) if (containsFairness(a)) return true;
        }
        return false;
    }

    private static int level(SemanticNode n) {
        return n instanceof LevelNode l ? l.getLevel() : 0;
    }

    private static String reindent(String s, int delta) {
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder(lines[0]);
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (delta >= 0) {
                l = " ".repeat(delta) + l;
            } else {
                if (l.length() < -delta ? !l.isBlank() : !l.substring(0, -delta).isBlank()) return null;
                l = l.length() < -delta ? "" : l.substring(-delta);
            }
            b.append('\n').append(l);
        }
        return b.toString();
    }

    private int start(Location l) {
        return lineStart[l.beginLine() - 1] + l.beginColumn() - 1;
    }

    private int end(Location l) {
        return lineStart[l.endLine() - 1] + l.endColumn();
    }

    private int lineStartOf(int offset) {
        return text.lastIndexOf('\n', offset - 1) + 1;
    }

    private static int lineEndOf(String t, int offset) {
        int e = t.indexOf('\n', offset);
        return e < 0 ? t.length() : e + 1;
    }

    private int lineOf(int offset) {
        int lo = 0, hi = lineStart.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (lineStart[mid] <= offset) lo = mid; else hi = mid - 1;
        }
        return lo + 1;
    }
}
