package org.syslets.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders a counterexample as one block per state: header with state number, action and source
 * location, then every variable; changed variables are marked {@code *} (and bold with colour),
 * unchanged ones are unmarked (and dimmed with colour). Long values are wrapped after commas.
 */
public final class CounterexampleTable {

    static final int WIDTH = 110;
    private static final String BOLD = "\u001b[1m", DIM = "\u001b[2m", RESET = "\u001b[0m";

    private CounterexampleTable() { }

    public static String render(List<TraceState> trace, boolean color) {
        if (trace.isEmpty()) return "";
        int nameWidth = trace.stream().flatMap(s -> s.vars().keySet().stream())
                .mapToInt(String::length).max().orElse(1);
        StringBuilder out = new StringBuilder();
        for (TraceState s : trace) {
            out.append("    ").append(header(s)).append('\n');
            if (s.kind().equals("stuttering")) continue; // same values as the previous block
            for (Map.Entry<String, String> v : s.vars().entrySet()) {
                boolean changed = s.changed().contains(v.getKey());
                String prefix = "      " + (changed ? "* " : "  ")
                        + pad(v.getKey(), nameWidth) + " = ";
                List<String> lines = wrap(v.getValue(), WIDTH - prefix.length());
                String indent = " ".repeat(prefix.length());
                StringBuilder block = new StringBuilder(prefix).append(lines.get(0)).append('\n');
                for (String l : lines.subList(1, lines.size())) block.append(indent).append(l).append('\n');
                if (color) {
                    out.append(changed ? BOLD : DIM).append(block, 0, block.length() - 1).append(RESET).append('\n');
                } else {
                    out.append(block);
                }
            }
        }
        return out.toString();
    }

    private static String header(TraceState s) {
        String loc = s.location().isEmpty() ? "" : "   (" + s.location() + ")";
        return switch (s.kind()) {
            case "stuttering" -> "State " + s.number() + ": <stuttering> -- nothing changes from here on";
            case "back-to" -> "Back to state " + s.number() + ": <" + s.action() + ">" + loc
                    + " -- the behavior loops from here";
            default -> "State " + s.number() + ": <" + s.action() + ">" + loc;
        };
    }

    private static String pad(String s, int w) { return s + " ".repeat(Math.max(0, w - s.length())); }

    /** Breaks after ", " so records, sequences and sets stay readable; never splits a token. */
    static List<String> wrap(String value, int width) {
        int w = Math.max(40, width);
        List<String> lines = new ArrayList<>();
        String rest = value;
        while (rest.length() > w) {
            int cut = rest.lastIndexOf(", ", w);
            if (cut <= 0) cut = rest.indexOf(", ", w);
            if (cut < 0) break;
            lines.add(rest.substring(0, cut + 1));
            rest = rest.substring(cut + 2);
        }
        lines.add(rest);
        return lines;
    }
}
