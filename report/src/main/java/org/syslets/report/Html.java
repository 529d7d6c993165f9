package org.syslets.report;

import java.util.List;
import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** The report's Markdown as an HTML page: commonmark-java with GFM tables, plus the page's style. */
final class Html {
    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).build();

    static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:1400px;margin:1em auto;padding:0 1em;color:#1f2328;font-size:14px}"
            + "h1{font-size:22px;margin:.3em 0}h2{font-size:18px;margin-top:1.6em;border-bottom:1px solid #d0d7de}"
            + "table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d7de;padding:3px 7px;vertical-align:top}"
            + "th{background:#f6f8fa}td{max-width:520px;overflow-wrap:break-word}"
            + "code{background:#f6f8fa;padding:1px 4px;border-radius:4px;overflow-wrap:anywhere}pre{background:#f6f8fa;padding:8px;overflow-x:auto}"
            + "a{color:#0969da;text-decoration:none}.ok{color:#1a7f37;font-weight:bold}.bad{color:#cf222e;font-weight:bold}"
            + ".nr{color:#8c959f}.na{color:#aeb5bc}.d{color:#57606a;font-size:12px}"
            + "table.grid{font-size:13px}table.grid td,table.grid th{text-align:center;white-space:nowrap;padding:2px 5px;line-height:1.15}table.grid td:first-child{text-align:left}"
            + "table.grid td:nth-child(2){text-align:left;white-space:normal;min-width:170px;max-width:230px}.grid .d{font-size:11px}"
            + "blockquote{margin:.4em 0;padding:0 1em;color:#57606a;border-left:3px solid #d0d7de}img{max-width:100%}";

    private Html() {
    }

    static String fromMarkdown(String md) {
        return RENDERER.render(PARSER.parse(md));
    }

    static String page(String title, String bodyHtml) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>" + STYLE
                + "</style></head><body>\n" + bodyHtml + "</body></html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
