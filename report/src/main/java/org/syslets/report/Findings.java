package org.syslets.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The findings the report is organised by: id, who found it and in which seed, and which stress tests,
 * workload scenarios and trace workloads carry evidence for it. The reviewer's words, invariants and
 * Java checks come from docs/findings.md (generated and verified by FindingsTableTest), so they are
 * written once.
 */
final class Findings {
    record Finding(String id, String source, List<String> stress, List<String> workload, List<String> traces) {}

    static final String MILTON = "Milton Miller on v5, 2007-03-13 (`shared/seeds/000_cb1f52540e70bbbd.txt`)";

    static final List<Finding> ALL = List.of(
            new Finding("MM1", MILTON, List.of("WaitVsPostV5", "WaitVsPostFixed"), List.of("wrap"), List.of("wait-k-below-u")),
            new Finding("RING-FULL", "derived from MM1 (reference §2.7, Bug 2)", List.of(), List.of(), List.of("wait-full-ring")),
            new Finding("MM16", MILTON, List.of("TwoPostersV5", "TwoPostersFixed"), List.of("overflow"), List.of("overflow")),
            new Finding("MM7", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM8", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM21", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM4", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM5", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM9", MILTON, List.of(), List.of(), List.of()),
            new Finding("MM10", MILTON, List.of(), List.of(), List.of()),
            new Finding("UMEM-ATOMIC", "derived (reference §2.3: sys_umem_add is a read-then-write)",
                    List.of("UmemAddV5", "UmemAddFixed"), List.of(), List.of()),
            new Finding("AM1", "Andrew Morton on v1, fixed in v2 (reference §3.4)", List.of(), List.of(), List.of()));

    /** The stress tests that check invariants no finding breaks (fixed design only). */
    static final List<String> INVARIANT_STRESS = List.of("RingPostVsReap", "RingPublicationOrder", "HeadSwitchUniqueness");

    private Findings() {
    }

    /** Rows of docs/findings.md's tables, by finding id (the first cell, up to the first space). */
    static Map<String, List<String>> rows(Path findingsMd) throws IOException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (!Files.exists(findingsMd)) return out;
        String header = null;
        for (String line : Files.readAllLines(findingsMd)) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            if (line.matches("\\|[-| ]+\\|")) continue;
            if (header == null) {
                header = line;
                continue;
            }
            String id = line.substring(1).split("\\|")[0].trim().split(" ")[0];
            out.computeIfAbsent(id, k -> new ArrayList<>()).add(header + "\n" + line);
        }
        return out;
    }
}
