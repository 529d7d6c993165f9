package org.syslets.model.mutate;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import tla2sany.semantic.ExprOrOpArgNode;
import tla2sany.semantic.LetInNode;
import tla2sany.semantic.ModuleNode;
import tla2sany.semantic.OpApplNode;
import tla2sany.semantic.OpArgNode;
import tla2sany.semantic.OpDefNode;
import tla2sany.semantic.SemanticNode;
import tla2sany.semantic.Subst;
import tla2sany.semantic.SubstInNode;
import tla2sany.semantic.SymbolNode;

/**
 * Which definitions a model can evaluate: the closure of the names its .cfg gives TLC (INIT, NEXT,
 * SPECIFICATION, INVARIANTS, PROPERTIES, SYMMETRY, the right-hand sides of {@code <-}) over the
 * references in SANY's semantic tree, instances followed to the definition they instantiate.
 * Definitions are named {@code Module.Name}.
 *
 * <p>A mutant of a definition a model cannot reach cannot change that model's verdict, so the
 * campaign does not run it there. The definitions reachable from INIT/NEXT/SPECIFICATION of some
 * model are the design; those reachable only from invariants and properties are what the models
 * check, and are not mutated.
 */
final class Reach {

    private Reach() { }

    static Set<String> closure(ModuleNode root, Iterable<String> names) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<OpDefNode> todo = new ArrayDeque<>();
        for (String n : names) {
            if (n == null) continue;
            OpDefNode d = root.getOpDef(n);
            if (d != null) todo.add(source(d));
        }
        while (!todo.isEmpty()) {
            OpDefNode d = todo.pop();
            if (!seen.add(key(d))) continue;
            refs(d.getBody(), todo);
            if (d.getSource() != d) refs(d.getSource().getBody(), todo);
        }
        return seen;
    }

    static String key(OpDefNode d) {
        OpDefNode s = source(d);
        return s.getOriginallyDefinedInModuleNode().getName() + "." + s.getName();
    }

    private static OpDefNode source(OpDefNode d) {
        OpDefNode s = d;
        while (s.getSource() != null && s.getSource() != s) s = s.getSource();
        return s;
    }

    private static void refs(SemanticNode n, Deque<OpDefNode> todo) {
        if (n == null) return;
        if (n instanceof OpApplNode o) {
            add(o.getOperator(), todo);
            for (ExprOrOpArgNode a : o.getArgs()) refs(a, todo);
            if (o.getBdedQuantBounds() != null) for (var b : o.getBdedQuantBounds()) refs(b, todo);
        } else if (n instanceof OpArgNode a) {
            add(a.getOp(), todo);
        } else if (n instanceof LetInNode l) {
            for (OpDefNode d : l.getLets()) refs(d.getBody(), todo);
            refs(l.getBody(), todo);
        } else if (n instanceof SubstInNode s) {
            for (Subst x : s.getSubsts()) refs(x.getExpr(), todo);
            refs(s.getBody(), todo);
        } else {
            SemanticNode[] kids = n.getChildren();
            if (kids != null) for (SemanticNode k : kids) refs(k, todo);
        }
    }

    private static void add(SymbolNode s, Deque<OpDefNode> todo) {
        if (s instanceof OpDefNode d && !d.isStandardModule() && d.getBody() != null) todo.add(d);
    }
}
