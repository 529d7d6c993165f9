package org.syslets.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Compares a counterexample with the manifest's {@link CounterexampleExpectation}. */
public final class CounterexampleCheck {

    private static final Pattern RELATION =
            Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*|-?\\d+)\\s*(<=|>=|=|#|<|>)\\s*([A-Za-z_][A-Za-z0-9_]*|-?\\d+)\\s*");

    private CounterexampleCheck() { }

    /** The mismatches (empty when the counterexample is the expected one, or nothing is expected). */
    public static List<String> mismatches(CounterexampleExpectation x, List<TraceState> trace) {
        List<String> out = new ArrayList<>();
        if (x == null) return out;
        if (trace.isEmpty()) {
            out.add("counterexample: expected one, TLC printed none");
            return out;
        }
        long states = trace.stream().filter(s -> s.kind().equals("state")).count();
        if (x.states() != null && x.states() != states) {
            out.add("counterexample: expected " + x.states() + " states, actual " + states);
        }
        TraceState last = trace.get(trace.size() - 1);
        if (x.action() != null && !x.action().equals(last.action())) {
            out.add("counterexample: expected last action " + x.action() + ", actual " + last.action());
        }
        for (Map.Entry<String, String> v : x.last().entrySet()) {
            String actual = last.vars().get(v.getKey());
            if (!v.getValue().equals(actual)) {
                out.add("counterexample: expected " + v.getKey() + " = " + v.getValue() + " in the last state, actual "
                        + (actual == null ? "(no such variable)" : actual));
            }
        }
        for (String r : x.holds()) {
            String problem = check(r, last.vars());
            if (problem != null) out.add("counterexample: expected " + r + " in the last state, " + problem);
        }
        return out;
    }

    /** Null when relation {@code r} holds over {@code vars}, else why not. */
    static String check(String r, Map<String, String> vars) {
        Matcher m = RELATION.matcher(r);
        if (!m.matches()) return "but the relation is malformed (want <var|int> <op> <var|int>)";
        String a = value(m.group(1), vars), b = value(m.group(3), vars);
        if (a == null || b == null) return "but " + (a == null ? m.group(1) : m.group(3)) + " is not a variable";
        String op = m.group(2);
        Long x = integer(a), y = integer(b);
        boolean holds;
        if (x != null && y != null) {
            holds = switch (op) {
                case "=" -> x.equals(y);
                case "#" -> !x.equals(y);
                case "<" -> x < y;
                case "<=" -> x <= y;
                case ">" -> x > y;
                default -> x >= y;
            };
        } else if (op.equals("=") || op.equals("#")) {
            holds = a.equals(b) == op.equals("=");
        } else {
            return "but " + a + " and " + b + " are not both integers";
        }
        return holds ? null : "but " + m.group(1) + " = " + a + " and " + m.group(3) + " = " + b;
    }

    private static String value(String token, Map<String, String> vars) {
        return Character.isDigit(token.charAt(token.length() - 1)) && integer(token) != null ? token : vars.get(token);
    }

    private static Long integer(String s) {
        try {
            return Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
