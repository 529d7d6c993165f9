package org.syslets.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.syslets.report.Report;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./syslets report}: the design-invariant report of one run, from target/results/*.json only. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The design-invariant report of one run (target/report/report.html).",
                "Built from target/results/*.json of that run only: a finding x checker cell without a result says \"not run\"."})
final class ReportCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "ID", description = "the run to report (default: $SYSLETS_RUN_ID, else the latest run)")
    String run;

    @Option(names = "--findings-doc", description = "also write docs/findings.md from this run (the main job does, after a full run)")
    boolean findingsDoc;

    @Override
    public Integer call() throws Exception {
        Path root = Repo.root();
        String id = run != null ? run : System.getenv("SYSLETS_RUN_ID");
        Report.Written w = new Report(root, id).write(findingsDoc);
        System.out.println("report: " + Repo.rel(w.html()) + " (run " + w.runId() + ": " + w.headline() + ")");
        if (findingsDoc) System.out.println("report: docs/findings.md written from run " + w.runId());
        return w.allAsExpected() ? 0 : 1;
    }
}
