package org.syslets.workload;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.syslets.design.Design;
import org.syslets.design.Finding;

/**
 * What one workload run saw, and the verdict on it: what the findings predict for its design and
 * scenario ({@link #unexpected()}). {@code dropped}/{@code backlogged} are the runtime's ring counters
 * (v5's MM16 drops; fixed's backlog entries flushed later); the rest is the user's accounting. The
 * io_uring workload (module uring) reports in the same record, design "io_uring".
 */
public record Summary(String design, String scenario, int iodepth, int ring, long submitted, long cached,
        long cachemiss, long reaped, long dropped, long lost, long duplicated, long starved, long backlogged,
        long hung, long errors, long switches, double seconds) {

    /** The one-line summary: {@code workload: design=… submitted=… … starved=…} then extras. */
    public String line() {
        return String.format(Locale.ROOT,
                "workload: design=%s submitted=%d cached=%d cachemiss=%d reaped=%d dropped=%d lost=%d duplicated=%d"
                        + " starved=%d scenario=%s iodepth=%d ring=%d backlogged=%d hung=%d errors=%d switches=%d"
                        + " seconds=%.1f",
                design, submitted, cached, cachemiss, reaped, dropped, lost, duplicated, starved, scenario, iodepth,
                ring, backlogged, hung, errors, switches, seconds);
    }

    /** Reads back a {@link #line()} (the summary file), so that a stage can judge a run of another JVM. */
    public static Summary parse(String line) {
        Map<String, String> kv = new HashMap<>();
        for (String tok : line.trim().split("\\s+")) {
            int eq = tok.indexOf('=');
            if (eq > 0) kv.put(tok.substring(0, eq), tok.substring(eq + 1));
        }
        ToLongFunction<String> n = k -> Long.parseLong(kv.getOrDefault(k, "0"));
        return new Summary(kv.get("design"), kv.get("scenario"), (int) n.applyAsLong("iodepth"), (int) n.applyAsLong("ring"),
                n.applyAsLong("submitted"), n.applyAsLong("cached"), n.applyAsLong("cachemiss"), n.applyAsLong("reaped"),
                n.applyAsLong("dropped"), n.applyAsLong("lost"), n.applyAsLong("duplicated"), n.applyAsLong("starved"),
                n.applyAsLong("backlogged"), n.applyAsLong("hung"), n.applyAsLong("errors"), n.applyAsLong("switches"),
                Double.parseDouble(kv.getOrDefault("seconds", "0")));
    }

    /**
     * What this run must show, and whether it did: fixed is {@link #clean()} in every scenario;
     * v5 steady (fio's discipline, ring = iodepth) loses nothing (a starved waiter, MM1 by a
     * race, is reported, not judged); v5 overflow (ring &lt; iodepth) drops and loses exactly
     * what it dropped (MM16); v5 wrap (ring &gt; iodepth, enough syslets for K to wrap) starves
     * the waiter at least once (MM1) and loses nothing. Returns null when as expected, else why not.
     */
    public String unexpected() {
        if (!design.equals("v5")) return clean() ? null : design + " must lose, duplicate, starve and fail nothing";
        if (duplicated != 0 || errors != 0 || hung != 0) return "v5 must not duplicate, fail a result or hang";
        if (reaped + cached + lost != submitted) return "v5 accounting: reaped + cached + lost != submitted";
        switch (scenario) {
            case "overflow":
                if (ring < iodepth && (dropped == 0 || lost != dropped))
                    return "v5 overflow: expected dropped > 0 and lost = dropped (MM16)";
                return null;
            case "wrap":
                if (ring > iodepth && submitted >= 2L * ring && (starved == 0 || lost != 0))
                    return "v5 wrap: expected the waiter starved > 0 and nothing lost (MM1)";
                return null;
            default:
                return lost == 0 && dropped == 0 ? null : "v5 steady (ring = iodepth) must not lose";
        }
    }

    /** Fixed design: nothing lost, nothing duplicated, no waiter starved or hung, every result right. */
    public boolean clean() {
        return lost == 0 && duplicated == 0 && dropped == 0 && starved == 0 && hung == 0 && errors == 0
                && reaped + cached == submitted;
    }

    /** "v5", "fixed", or "fixed-without-MM16+…" for a fixed design with fixes reverted on purpose. */
    public static String designName(Design d) {
        if (d.equals(Design.V5)) return "v5";
        if (d.equals(Design.FIXED)) return "fixed";
        StringBuilder sb = new StringBuilder("fixed-without-");
        for (Finding f : Finding.values()) {
            if (!d.isFixed(f)) sb.append(sb.charAt(sb.length() - 1) == '-' ? "" : "+").append(f.id());
        }
        return sb.toString();
    }
}
