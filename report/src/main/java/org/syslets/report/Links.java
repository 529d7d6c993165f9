package org.syslets.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every link of a report page must resolve: an {@code #anchor} to an id on the page, a relative path to
 * a file that exists (and its {@code #anchor}, in a page or Markdown file of ours, to an id there).
 * The report checks its own page after writing it; a broken link fails the report.
 */
public final class Links {
    private static final Pattern LINK = Pattern.compile("(?:href|src)=\"([^\"]*)\"");
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");

    private Links() {
    }

    /** The links of {@code html} that do not resolve, each with why. */
    public static List<String> broken(Path html) throws IOException {
        String page = Files.readString(html, StandardCharsets.UTF_8);
        Set<String> ids = ids(page);
        List<String> out = new ArrayList<>();
        Matcher m = LINK.matcher(page);
        while (m.find()) {
            String link = m.group(1).replace("&amp;", "&");
            if (link.isEmpty()) {
                out.add("(empty link)");
            } else if (link.contains("://") || link.startsWith("mailto:")) {
                out.add(link + ": points outside the repository");
            } else if (link.startsWith("#")) {
                if (!ids.contains(link.substring(1))) out.add(link + ": no such id on the page");
            } else {
                int hash = link.indexOf('#');
                Path target = html.getParent().resolve(hash < 0 ? link : link.substring(0, hash)).normalize();
                if (!Files.exists(target)) {
                    out.add(link + ": no file " + target);
                } else if (hash >= 0 && (target.toString().endsWith(".md") || target.toString().endsWith(".html"))
                        && !ids(Files.readString(target, StandardCharsets.UTF_8)).contains(link.substring(hash + 1))) {
                    out.add(link + ": no id " + link.substring(hash + 1) + " in " + target.getFileName());
                }
            }
        }
        return out;
    }

    static Set<String> ids(String page) {
        Set<String> ids = new HashSet<>();
        Matcher m = ID.matcher(page);
        while (m.find()) ids.add(m.group(1));
        return ids;
    }
}
