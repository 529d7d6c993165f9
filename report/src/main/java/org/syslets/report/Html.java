package org.syslets.report;

/**
 * A self-contained HTML page from the report's Markdown subset (headings, paragraphs, tables, inline
 * code and bold) with the SVG inlined: readable in a browser without the terminal output and without
 * any file beside it. A hand-written converter: the subset is tiny and a Markdown library would be the
 * report module's only reason for another dependency.
 */
final class Html {
    /** Where the picture goes: the Markdown image line. */
    static final String SVG_HERE = "<!--svg-->\n";

    private Html() {
    }

    static String page(String title, String body, String svg) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + RingTimeline.esc(title) + "</title>\n"
                + "<style>body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#1f2328}"
                + "table{border-collapse:collapse;margin:1em 0;font-size:14px}td,th{border:1px solid #d0d7de;padding:4px 8px;vertical-align:top}"
                + "th{background:#f6f8fa}td{max-width:420px;overflow-wrap:break-word}"
                + "code{background:#f6f8fa;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}.svg{overflow-x:auto}</style></head><body>\n"
                + body.replace(SVG_HERE, svg == null ? "" : "<div class=\"svg\">" + svg + "</div>\n") + "</body></html>\n";
    }

    static String fromMarkdown(String md) {
        StringBuilder out = new StringBuilder();
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.matches("\\|[-| ]+\\|")) continue;
                String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
                String tag = inTable ? "td" : "th";
                if (!inTable) out.append("<table>\n");
                inTable = true;
                out.append("<tr>");
                for (String c : cells) out.append('<').append(tag).append('>').append(inline(c.trim().replace("\\|", "|"))).append("</").append(tag).append('>');
                out.append("</tr>\n");
                continue;
            }
            if (inTable) {
                out.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("### ")) out.append("<h3>").append(inline(line.substring(4))).append("</h3>\n");
            else if (line.startsWith("## ")) out.append("<h2>").append(inline(line.substring(3))).append("</h2>\n");
            else if (line.startsWith("# ")) out.append("<h1>").append(inline(line.substring(2))).append("</h1>\n");
            else if (line.startsWith("![")) out.append(SVG_HERE);
            else if (!line.isBlank()) out.append("<p>").append(inline(line)).append("</p>\n");
        }
        if (inTable) out.append("</table>\n");
        return out.toString();
    }

    static String inline(String s) {
        String e = RingTimeline.esc(s).replace("&lt;br&gt;", "<br>");
        e = e.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>");
        return e.replaceAll("`([^`]+)`", "<code>$1</code>");
    }
}
