package org.syslets.uring.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.syslets.abi.Errno;
import org.syslets.trace.TlcCheck;
import org.syslets.trace.TraceModule;
import org.syslets.uring.UringAbi;

/**
 * One recorded io_uring run as a TLA+ trace module for spec/UringCqTrace.tla. The user_data of the
 * run's SQEs are the spec's atoms (1..n, unique per run), so no renaming is needed; indices and
 * counters are written as the real u32 values and reduced mod 2^W by the spec's mapping (UringCq).
 *
 * @param name  the workload
 * @param cq    the ring's cq_entries (the spec's N)
 * @param atoms the largest user_data used (the spec's Atoms = 1..atoms)
 */
public record UringTrace(String name, int cq, int atoms, List<CqRecorder.Event> steps) implements TlcCheck.TraceModule {

    /**
     * The spec's index width: 2^W = 64, so every run of more than 64 completions wraps the spec's indices
     * (real u32 ones never do in CI time). UringCq assumes N &lt; 2^(W-1): rings of up to 16 entries here.
     */
    public static final int W = 6;

    /**
     * Oracle[j + 1] = the user_data the log reads at real CQ index j (0 if none): it tells the trace spec
     * which completion to try when the kernel posts at index j. Only a pruning of the search: a wrong
     * oracle can reject a good trace, never accept a bad one (the ReadCqe events are checked on their own).
     */
    public List<Long> oracle() {
        List<Long> o = new ArrayList<>();
        for (CqRecorder.Event e : steps) {
            if (!e.a().equals("ReadCqe")) continue;
            int j = (int) e.v();
            while (o.size() <= j) o.add(0L);
            if (o.get(j) == 0) o.set(j, e.ud());
        }
        return o;
    }

    @Override
    public void write(Path dir, String module, int stuck) throws IOException {
        String oracle = "<<" + String.join(", ", oracle().stream().map(String::valueOf).toList()) + ">>";
        TraceModule.write(dir, module, "TraceModule for org.syslets.uring.trace.UringTrace", "io_uring run " + name + ", cq_entries " + cq,
                "UringCqTrace", "TraceAtoms == 1 .. " + Math.max(atoms, 1) + "\n\nTraceOracle == " + oracle,
                steps.stream().map(CqRecorder.Event::tla).toList(),
                steps.stream().map(CqRecorder.Event::origin).toList(), stuck,
                "  N = " + cq + "\n"
                        + "  W = " + W + "\n"
                        + "  NULL = NULL\n"
                        + "  Formula = \"free\"\n"
                        + "  Overflow = \"backlog\"\n"
                        + "  Depth = 0\n"
                        + "  FaultyAtoms = {}\n"
                        + "  ETIME = " + UringAbi.ETIME + "\n"
                        + "  EINTR = " + Errno.EINTR + "\n"
                        + "  Atoms <- TraceAtoms\n"
                        + "  Oracle <- TraceOracle\n");
        // The waiter's forgotten history out of the fingerprint, and the premise that makes that sound.
        Files.writeString(dir.resolve(module + ".cfg"), "VIEW TraceView\nINVARIANT UserWaitForgotten\n", StandardOpenOption.APPEND);
    }

    @Override
    public TlcCheck.TraceStep parse(String rec) {
        Map<String, String> f = fields(rec);
        return new CqRecorder.Event(f.getOrDefault("a", "?"), num(f.get("v")), num(f.get("ud")), num(f.get("res")), "spec");
    }

    private static long num(String s) {
        try {
            return s == null ? 0 : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static final java.util.regex.Pattern FIELD = java.util.regex.Pattern.compile("(\\w+) \\|-> (\"[^\"]*\"|-?\\d+)");

    static Map<String, String> fields(String rec) {
        Map<String, String> f = new java.util.HashMap<>();
        java.util.regex.Matcher m = FIELD.matcher(rec);
        while (m.find()) f.putIfAbsent(m.group(1), m.group(2).replace("\"", ""));
        return f;
    }

    /** Counts of the events by kind, for the report line. */
    public long count(String kind) {
        return steps.stream().filter(e -> e.a().equals(kind)).count();
    }
}
