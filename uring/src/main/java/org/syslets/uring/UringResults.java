package org.syslets.uring;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.syslets.results.Check;
import org.syslets.results.Results;
import org.syslets.results.StageResult;

/**
 * target/results/uring.json (docs/results.md): every io_uring verdict of a run, checker "io_uring",
 * design null (this is the kernel, not one of the two syslet designs).
 */
public final class UringResults {
    public static final String STAGE = "uring", CHECKER = "io_uring";

    private final List<Check> checks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Instant started = Instant.now();

    public void finding(UringFindings.Verdict v) {
        checks.add(new Check(CHECKER, v.finding(), null, "UringFindings#" + v.name(), v.expectHolds() ? Check.HOLDS : Check.VIOLATED,
                v.holds() ? Check.HOLDS : Check.VIOLATED, "docs/io_uring.md#findings-on-this-kernel", v.property() + ": " + v.detail()));
    }

    public void error(String finding, String name, Throwable t) {
        checks.add(new Check(CHECKER, finding, null, name, Check.HOLDS, Check.ERROR, "docs/io_uring.md", String.valueOf(t)));
    }

    /** A trace verdict: an accepted real run holds ("is a behaviour of the spec"), a planted fault must be violated. */
    public void trace(String name, boolean expectAccepted, boolean accepted, String detail) {
        checks.add(new Check(CHECKER, null, null, "trace " + name, expectAccepted ? Check.HOLDS : Check.VIOLATED,
                accepted ? Check.HOLDS : Check.VIOLATED, "docs/io_uring.md#trace-validation", detail));
    }

    /** A workload scenario on io_uring: clean (nothing lost, duplicated, starved, hung or wrong) is expected. */
    public void workload(String scenario, boolean clean, String summary) {
        String finding = switch (scenario) {
            case "overflow" -> "MM16";
            case "wrap" -> "MM1";
            default -> null;
        };
        checks.add(new Check(CHECKER, finding, null, "UringWorkload " + scenario, Check.HOLDS, clean ? Check.HOLDS : Check.VIOLATED,
                "impl/target/workload/io_uring-" + scenario + ".txt", summary));
    }

    public void skip(String what) {
        skipped.add(what);
    }

    public List<Check> checks() {
        return checks;
    }

    public Path write(Path root, Map<String, Object> mode, Map<String, Object> metrics, boolean extraFailure) {
        return Results.write(root, StageResult.of(STAGE, started, mode, skipped, checks, metrics, extraFailure));
    }
}
