package org.syslets.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a TLC counterexample of the ring spec (SysletRing) as an SVG timeline: one column per state,
 * two lanes for who acted (the kernel's background threads: Post, PublishK, Flush, CompletionFault;
 * user space: Submit, ReapRead, ReapClear, ReapAdvance, WaitEnter, WaitReturn), the ring slots as a column of cells per state with the atom they hold, and the
 * kernel index K and user index U marked on the slots they point at. The last column carries the
 * waiter's state and events_left, where the v5 wraparound shows.
 */
public final class RingTimeline {
    /** One state of a ring counterexample: the action that led to it and the variables after it. */
    public record Step(int state, String action, Map<String, String> vars) {}

    private static final Pattern SLOT = Pattern.compile("(\\d+)\\s*:>\\s*(NULL|\\d+)");
    private static final int COL = 118, CELL = 34, LEFT = 150, TOP = 40;

    private RingTimeline() {
    }

    /** The slots of a TLC function value such as {@code (0 :> NULL @@ 1 :> 2 @@ 2 :> 3)}. */
    static List<String> slots(String value) {
        List<String> out = new ArrayList<>();
        Matcher m = SLOT.matcher(value);
        while (m.find()) {
            int i = Integer.parseInt(m.group(1));
            while (out.size() <= i) out.add("NULL");
            out.set(i, m.group(2));
        }
        return out;
    }

    static boolean isKernelAction(String action) {
        return action.equals("Post") || action.equals("PublishK") || action.equals("Flush")
                || action.equals("CompletionFault");
    }

    public static String svg(String title, List<Step> steps) {
        int n = steps.isEmpty() ? 0 : slots(steps.get(0).vars().getOrDefault("slot", "")).size();
        int laneY1 = TOP + 20, laneY2 = TOP + 70, ringTop = TOP + 120;
        int width = LEFT + COL * steps.size() + 20;
        int height = ringTop + CELL * n + 150;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">%n", width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(10, 22, esc(title), "font-size=\"15\" font-weight=\"bold\""));
        s.append(text(10, laneY1 + 4, "kernel (background)", "fill=\"#555\""));
        s.append(text(10, laneY2 + 4, "user space", "fill=\"#555\""));
        for (int i = 0; i < n; i++) s.append(text(10, ringTop + CELL * i + 22, "slot " + i, "fill=\"#555\""));
        s.append(text(10, ringTop + CELL * n + 30, "waiter", "fill=\"#555\""));
        s.append(text(10, ringTop + CELL * n + 50, "events_left", "fill=\"#555\""));
        s.append(line(LEFT - 10, laneY1, width - 10, laneY1, "#ddd"));
        s.append(line(LEFT - 10, laneY2, width - 10, laneY2, "#ddd"));
        for (int c = 0; c < steps.size(); c++) {
            Step st = steps.get(c);
            int x = LEFT + COL * c;
            boolean last = c == steps.size() - 1;
            s.append(text(x, TOP, "state " + st.state(), "fill=\"#888\""));
            if (st.action() != null && !st.action().equals("Initial predicate")) {
                int y = isKernelAction(st.action()) ? laneY1 : laneY2;
                String color = isKernelAction(st.action()) ? "#1f6feb" : "#2da44e";
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"22\" rx=\"4\" fill=\"%s\"/>%n", x, y - 14, COL - 16, color));
                s.append(text(x + 6, y + 2, esc(st.action()), "fill=\"white\""));
            }
            List<String> sl = slots(st.vars().getOrDefault("slot", ""));
            int k = parse(st.vars().get("K")), u = parse(st.vars().get("U"));
            for (int i = 0; i < sl.size(); i++) {
                boolean full = !sl.get(i).equals("NULL");
                int y = ringTop + CELL * i;
                s.append(String.format(Locale.ROOT,
                        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" stroke=\"#444\"/>%n",
                        x, y, COL - 40, CELL - 4, full ? "#ffe8a3" : "#f6f8fa"));
                s.append(text(x + 6, y + 20, full ? "atom " + sl.get(i) : "NULL", full ? "" : "fill=\"#aaa\""));
                String marks = (i == k % Math.max(1, sl.size()) ? "K" : "") + (i == u % Math.max(1, sl.size()) ? (i == k ? " U" : "U") : "");
                if (!marks.isEmpty()) s.append(text(x + COL - 36, y + 20, marks, "font-weight=\"bold\" fill=\"#cf222e\""));
            }
            String w = unquote(st.vars().getOrDefault("wstate", ""));
            s.append(text(x, ringTop + CELL * n + 30, esc(w), last && w.equals("sleeping") ? "fill=\"#cf222e\" font-weight=\"bold\"" : ""));
            s.append(text(x, ringTop + CELL * n + 50, esc(st.vars().getOrDefault("eventsLeft", "")), last ? "fill=\"#cf222e\" font-weight=\"bold\"" : ""));
        }
        Step end = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        if (end != null) {
            s.append(text(10, height - 40, esc(note(end, n)), "fill=\"#cf222e\""));
            s.append(text(10, height - 20, "K: kernel_ring_idx (next slot the kernel fills), U: the user's index passed to async_wait.", "fill=\"#555\""));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    /** What the last state shows, in words: MM1's K below U when that is what happened, else the ring's state. */
    static String note(Step end, int n) {
        Map<String, String> v = end.vars();
        int k = parse(v.get("K")), u = parse(v.get("U"));
        String w = unquote(v.getOrDefault("wstate", ""));
        if (k >= 0 && u >= 0 && k < u && w.equals("sleeping")) {
            return String.format(Locale.ROOT,
                    "Last state: K = %d is below U = %d; %d events are in the ring, the waiter asked for %s, and v5 computed events_left = %s: it sleeps.",
                    k, u, countFull(end), v.get("wmin"), v.get("eventsLeft"));
        }
        String dropped = v.getOrDefault("dropped", "{}");
        return String.format(Locale.ROOT, "Last state: K = %s, U = %s, %d of %d slots full, waiter %s (min %s, events_left %s)%s.",
                v.get("K"), v.get("U"), countFull(end), n, w.isEmpty() ? "-" : w, v.getOrDefault("wmin", "-"), v.getOrDefault("eventsLeft", "-"),
                dropped.equals("{}") ? "" : ", dropped " + dropped);
    }

    static long countFull(Step st) {
        return slots(st.vars().getOrDefault("slot", "")).stream().filter(v -> !v.equals("NULL")).count();
    }

    static int parse(String v) {
        try {
            return v == null ? -1 : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String unquote(String v) {
        return v.startsWith("\"") && v.endsWith("\"") && v.length() >= 2 ? v.substring(1, v.length() - 1) : v;
    }

    private static String text(int x, int y, String body, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attrs, body);
    }

    private static String line(int x1, int y1, int x2, int y2, String color) {
        return String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"/>%n", x1, y1, x2, y2, color);
    }

    static String esc(String s) {
        return Html.esc(s);
    }
}
