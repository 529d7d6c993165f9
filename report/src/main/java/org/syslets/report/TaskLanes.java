package org.syslets.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Draws a counterexample of the tasks spec (SysletTasks, or the composed Syslet) as lanes: one lane
 * per thread, one column per state; a cell's colour is the thread's role (head, spare, busy in the
 * background, signalled), its text the marks Milton's MM21 is about ({@code at}, {@code ready} for
 * async_ready, {@code blocked}, the submission it finishes). The action of each step is on top; a
 * forbidden syscall that ran is marked in the last column.
 */
final class TaskLanes {
    private static final Pattern ENTRY = Pattern.compile("(\\w+)\\s*:>\\s*(\"[^\"]*\"|[^@)]+?)\\s*(?:@@|\\))");
    private static final int COL = 136, LANE = 46, LEFT = 70, TOP = 56;
    private static final Map<String, String> COLOUR = Map.of("head", "#1f6feb", "spare", "#d0d7de", "busy", "#f0883e",
            "signalled", "#8250df");

    private TaskLanes() {
    }

    /** A TLC function value {@code (t1 :> "head" @@ t2 :> "spare")} as a map, quotes removed. */
    static Map<String, String> function(String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) return out;
        Matcher m = ENTRY.matcher(value);
        while (m.find()) out.put(m.group(1), RingTimeline.unquote(m.group(2).trim()));
        return out;
    }

    static boolean applies(List<RingTimeline.Step> steps) {
        return !steps.isEmpty() && steps.get(0).vars().containsKey("role");
    }

    static String svg(String title, List<RingTimeline.Step> steps) {
        List<String> threads = new ArrayList<>(function(steps.get(0).vars().get("role")).keySet());
        int width = Math.max(980, LEFT + COL * steps.size() + 20), height = TOP + LANE * threads.size() + 70;
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"11\">%n",
                width, height, width, height));
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append(text(10, 18, Html.esc(title), "font-size=\"14\" font-weight=\"bold\""));
        for (int i = 0; i < threads.size(); i++) s.append(text(10, TOP + LANE * i + 26, threads.get(i), "fill=\"#555\""));
        for (int c = 0; c < steps.size(); c++) {
            RingTimeline.Step st = steps.get(c);
            int x = LEFT + COL * c;
            String action = st.action() == null || st.action().equals("Initial predicate") ? "initial" : st.action();
            s.append(text(x, 36, "state " + st.state(), "fill=\"#888\""));
            s.append(text(x, 50, Html.esc(action), "font-weight=\"bold\""));
            Map<String, String> role = function(st.vars().get("role")), at = function(st.vars().get("at")),
                    ready = function(st.vars().get("asyncReady")), blocked = function(st.vars().get("blocked")),
                    owner = function(st.vars().get("owner"));
            for (int i = 0; i < threads.size(); i++) {
                String t = threads.get(i), r = role.getOrDefault(t, "?");
                int y = TOP + LANE * i;
                s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" rx=\"4\" fill=\"%s\"/>%n", x, y + 4,
                        COL - 10, LANE - 10, COLOUR.getOrDefault(r, "#eeeeee")));
                boolean light = r.equals("spare") || !COLOUR.containsKey(r);
                String fill = light ? "#1f2328" : "white";
                s.append(text(x + 5, y + 18, Html.esc(r), "fill=\"" + fill + "\" font-weight=\"bold\""));
                List<String> marks = new ArrayList<>();
                if (!"NULL".equals(at.getOrDefault(t, "NULL"))) marks.add("at");
                if (!"NULL".equals(ready.getOrDefault(t, "NULL"))) marks.add("ready");
                if ("TRUE".equals(blocked.get(t))) marks.add("blocked");
                String o = owner.getOrDefault(t, "0");
                if (!o.equals("0")) marks.add("sub " + o);
                s.append(text(x + 5, y + 32, Html.esc(String.join(" · ", marks)), "fill=\"" + fill + "\""));
            }
        }
        RingTimeline.Step end = steps.get(steps.size() - 1);
        String ran = end.vars().getOrDefault("forbiddenRan", "{}");
        s.append(text(10, height - 34, "Lanes: each thread's role per state (blue head, grey spare, orange busy in the background, purple "
                + "signalled); at / ready: t-&gt;at / t-&gt;async_ready set; sub n: the submission it finishes.", "fill=\"#555\""));
        if (!ran.equals("{}") && !ran.equals("<<>>")) {
            s.append(text(10, height - 14, Html.esc("A forbidden syscall ran inside a syslet, in: " + ran + " (the last step)."),
                    "fill=\"#cf222e\" font-weight=\"bold\""));
        }
        return s.append("</svg>\n").toString();
    }

    private static String text(int x, int y, String body, String attrs) {
        return String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" %s>%s</text>%n", x, y, attrs, body);
    }
}
