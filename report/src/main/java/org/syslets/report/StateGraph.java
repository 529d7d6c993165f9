package org.syslets.report;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TLC's state graph ({@code -dump dot,actionlabels}) of a small model as an SVG, laid out in Java:
 * one row per BFS level from the initial states (TLC's own order), states in a row ordered by the
 * mean position of their predecessors (one barycentre pass), edges coloured by action. A layout
 * library (Eclipse ELK) would bring EMF and Guava for one picture of at most 150 states; graphviz
 * is not on a fresh machine. Each state's values are its SVG tooltip.
 */
final class StateGraph {
    record Node(String id, String label, boolean initial) {}

    record Edge(String from, String to, String action) {}

    record Graph(Map<String, Node> nodes, List<Edge> edges) {}

    private static final Pattern NODE = Pattern.compile("^(-?\\d+) \\[label=\"((?:[^\"\\\\]|\\\\.)*)\"(,style = filled)?\\]");
    private static final Pattern EDGE = Pattern.compile("^(-?\\d+) -> (-?\\d+)(?: \\[label=\"((?:[^\"\\\\]|\\\\.)*)\")?");
    private static final String[] PALETTE = {"#1f6feb", "#2da44e", "#cf222e", "#8250df", "#bf8700", "#0a7ea4", "#d4580b", "#57606a"};

    private StateGraph() {
    }

    static Graph parse(List<String> dot) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        Set<Edge> edges = new LinkedHashSet<>();   // TLC writes a transition once per time it is generated
        for (String line : dot) {
            Matcher e = EDGE.matcher(line.strip());
            if (e.find()) {
                edges.add(new Edge(e.group(1), e.group(2), e.group(3) == null ? "" : e.group(3)));
                continue;
            }
            Matcher n = NODE.matcher(line.strip());
            if (n.find()) nodes.put(n.group(1), new Node(n.group(1), n.group(2).replace("\\n", "\n").replace("\\\"", "\"")
                    .replace("\\\\", "\\"), n.group(3) != null));
        }
        return new Graph(nodes, List.copyOf(edges));
    }

    static String svg(String title, Graph g) {
        Map<String, List<String>> succ = new HashMap<>();
        for (Edge e : g.edges()) succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        Map<String, Integer> level = new LinkedHashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (Node n : g.nodes().values()) if (n.initial()) { level.put(n.id(), 0); queue.add(n.id()); }
        while (!queue.isEmpty()) {
            String id = queue.poll();
            for (String t : succ.getOrDefault(id, List.of())) if (level.putIfAbsent(t, level.get(id) + 1) == null) queue.add(t);
        }
        for (String id : g.nodes().keySet()) level.putIfAbsent(id, 0);
        int depth = level.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i <= depth; i++) rows.add(new ArrayList<>());
        level.forEach((id, l) -> rows.get(l).add(id));
        Map<String, Double> x = new HashMap<>();
        for (int r = 0; r <= depth; r++) {
            List<String> row = rows.get(r);
            if (r > 0) {
                Map<String, Double> bary = new HashMap<>();
                for (String id : row) {
                    double sum = 0;
                    int n = 0;
                    for (Edge e : g.edges()) if (e.to().equals(id) && level.get(e.from()) == r - 1) { sum += x.get(e.from()); n++; }
                    bary.put(id, n == 0 ? 0 : sum / n);
                }
                row.sort(Comparator.comparingDouble(bary::get));
            }
            for (int i = 0; i < row.size(); i++) x.put(row.get(i), (double) i);
        }
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        int dx = 26, dy = 56, left = 30, top = 50;
        int width = Math.max(760, left * 2 + dx * widest), height = top + dy * (depth + 1) + 60;
        Map<String, double[]> pos = new HashMap<>();
        for (List<String> row : rows) {
            double offset = (width - dx * row.size()) / 2.0;
            for (String id : row) pos.put(id, new double[] {offset + dx * x.get(id) + dx / 2.0, top + dy * level.get(id)});
        }
        Set<String> actions = new LinkedHashSet<>();
        for (Edge e : g.edges()) if (!e.action().isEmpty()) actions.add(e.action());
        List<String> actionList = new ArrayList<>(actions);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">%n",
                width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">%s</text>%n", Html.esc(title)));
        for (Edge e : g.edges()) {
            double[] a = pos.get(e.from()), b = pos.get(e.to());
            if (a == null || b == null) continue;
            String c = e.action().isEmpty() ? "#8c959f" : PALETTE[actionList.indexOf(e.action()) % PALETTE.length];
            if (e.from().equals(e.to())) continue;
            s.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-opacity=\"0.55\"><title>%s</title></line>%n",
                    a[0], a[1], b[0], b[1], c, Html.esc(e.action())));
        }
        for (Node n : g.nodes().values()) {
            double[] p = pos.get(n.id());
            s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"6\" fill=\"%s\" stroke=\"#1f2328\"><title>%s</title></circle>%n",
                    p[0], p[1], n.initial() ? "#ffd33d" : "#ffffff", Html.esc(n.label())));
        }
        int lx = 10;
        for (int i = 0; i < actionList.size(); i++) {
            String c = PALETTE[i % PALETTE.length];
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                    lx, height - 30, c, lx + 14, height - 21, Html.esc(actionList.get(i))));
            lx += 24 + 7 * actionList.get(i).length();
        }
        s.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" fill=\"#555\">%d states (yellow: initial), %d transitions, one row per BFS level (%d levels); hover a state for its values.</text>%n",
                height - 6, g.nodes().size(), g.edges().size(), depth + 1));
        return s.append("</svg>\n").toString();
    }
}
