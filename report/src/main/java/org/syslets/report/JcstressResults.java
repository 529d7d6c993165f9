package org.syslets.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads JCStress's console log (stress/target/jcstress/console.log, written with -v): for each test its
 * verdict and the "Results across all configurations" table (outcome, samples, frequency, expectation,
 * description).
 */
final class JcstressResults {
    record Row(String result, String samples, String freq, String expect, String description) {}

    record Test(String name, String verdict, List<Row> rows) {}

    private static final Pattern HEAD = Pattern.compile("^\\.+ \\[(\\w+)\\] [\\w.]+\\.(\\w+)\\s*$");
    private static final Pattern ROW = Pattern.compile("^\\s+(.+?)\\s{2,}([\\d,]+)\\s+([\\d.<>]+%)\\s+(\\w+)\\s+(.*)$");

    private JcstressResults() {
    }

    static Map<String, Test> read(Path console) throws IOException {
        Map<String, Test> out = new LinkedHashMap<>();
        if (!Files.exists(console)) return out;
        List<String> lines = Files.readAllLines(console);
        for (int i = 0; i < lines.size(); i++) {
            Matcher h = HEAD.matcher(lines.get(i));
            if (!h.matches()) continue;
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) j++;
            if (j >= lines.size() || !lines.get(j).contains("Results across all configurations")) continue;
            List<Row> rows = new ArrayList<>();
            for (int r = j + 1; r < lines.size() && !lines.get(r).startsWith("....."); r++) {
                Matcher m = ROW.matcher(lines.get(r));
                if (m.matches() && !m.group(1).trim().equals("RESULT")) {
                    rows.add(new Row(m.group(1).trim(), m.group(2), m.group(3), m.group(4), m.group(5).trim()));
                }
            }
            out.put(h.group(2), new Test(h.group(2), h.group(1), rows));
        }
        return out;
    }
}
