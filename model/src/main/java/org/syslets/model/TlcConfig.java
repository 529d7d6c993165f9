package org.syslets.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a TLC {@code .cfg} file the runner needs: which invariants and properties it
 * checks. Section keywords may be followed by one or several names, on the same line or on the
 * following lines, until the next keyword; {@code \*} and nested {@code (* *)} comments and quoted
 * strings (which may contain keyword-like words) are skipped.
 */
public record TlcConfig(List<String> invariants, List<String> properties, Boolean checkDeadlock) {

    private static final Set<String> KEYWORDS = Set.of(
            "CONSTANT", "CONSTANTS", "INIT", "NEXT", "SPECIFICATION", "INVARIANT", "INVARIANTS",
            "PROPERTY", "PROPERTIES", "SYMMETRY", "VIEW", "CONSTRAINT", "CONSTRAINTS",
            "ACTION_CONSTRAINT", "ACTION_CONSTRAINTS", "CHECK_DEADLOCK", "ALIAS", "POSTCONDITION",
            "TYPE", "TYPE_CONSTRAINT");

    private static final Pattern TOKEN =
            Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|[A-Za-z0-9_!]+|<-|\\S");

    public static TlcConfig parse(Path cfg) throws IOException {
        return parse(Files.readString(cfg));
    }

    public static TlcConfig parse(String text) {
        List<String> invariants = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        Boolean checkDeadlock = null;
        String section = null;
        Matcher m = TOKEN.matcher(stripComments(text));
        while (m.find()) {
            String tok = m.group();
            if (KEYWORDS.contains(tok)) {
                section = tok;
                continue;
            }
            if (section == null) continue;
            switch (section) {
                case "INVARIANT", "INVARIANTS" -> invariants.add(tok);
                case "PROPERTY", "PROPERTIES" -> properties.add(tok);
                case "CHECK_DEADLOCK" -> checkDeadlock = Boolean.valueOf(tok.equals("TRUE"));
                default -> { }
            }
        }
        return new TlcConfig(List.copyOf(invariants), List.copyOf(properties), checkDeadlock);
    }

    /** Removes {@code \*} line comments and (nested) {@code (* *)} block comments, keeping strings. */
    static String stripComments(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            char n = i + 1 < s.length() ? s.charAt(i + 1) : 0;
            if (depth > 0) {
                if (c == '(' && n == '*') { depth++; i++; }
                else if (c == '*' && n == ')') { depth--; i++; out.append(' '); }
                else if (c == '\n') out.append('\n');
            } else if (c == '(' && n == '*') {
                depth = 1; i++;
            } else if (c == '\\' && n == '*') {
                while (i < s.length() && s.charAt(i) != '\n') i++;
                out.append('\n');
            } else if (c == '"') {
                int j = i + 1;
                while (j < s.length() && s.charAt(j) != '"') j += s.charAt(j) == '\\' ? 2 : 1;
                out.append(s, i, Math.min(j + 1, s.length()));
                i = j;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Every name TLC checks as an invariant or property in this model. */
    public List<String> checkedNames() {
        List<String> all = new ArrayList<>(invariants);
        all.addAll(properties);
        return all;
    }
}
