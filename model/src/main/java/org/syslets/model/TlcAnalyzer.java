package org.syslets.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tlc2.output.EC;

/**
 * Turns TLC 2.18's exit code and {@code -tool} messages into a verdict, statistics and a
 * counterexample. Every code here was observed on fixture specs (see docs/model-runner.md);
 * a verdict needs the message AND the matching exit code, anything else is an error.
 */
public final class TlcAnalyzer {

    // TLC's own message codes (tlc2.output.EC) and exit codes (EC.ExitStatus); the comments are
    // the words TLC 2.18 prints with each.
    public static final int SUCCESS = EC.TLC_SUCCESS;                                    // "Model checking completed. No error has been found."
    public static final int INVARIANT_VIOLATED = EC.TLC_INVARIANT_VIOLATED_BEHAVIOR;     // "Invariant X is violated."
    public static final int INVARIANT_INITIAL = EC.TLC_INVARIANT_VIOLATED_INITIAL;       // "Invariant X is violated by the initial state:"
    public static final int PROPERTY_INITIAL = EC.TLC_PROPERTY_VIOLATED_INITIAL;         // "Property X is violated by the initial state:"
    public static final int ACTION_PROPERTY = EC.TLC_ACTION_PROPERTY_VIOLATED_BEHAVIOR;  // "Action property X is violated."
    public static final int TEMPORAL_VIOLATED = EC.TLC_TEMPORAL_PROPERTY_VIOLATED;       // "Temporal properties were violated." (no name)
    public static final int DEADLOCK = EC.TLC_DEADLOCK_REACHED;                          // "Deadlock reached."
    public static final int TRACE_STATE = EC.TLC_STATE_PRINT2;                           // "N: <Action line ...>" + "/\\ var = value"
    public static final int TRACE_STUTTER = EC.TLC_STATE_PRINT3;                         // "N: Stuttering"
    public static final int TRACE_BACK_TO = EC.TLC_BACK_TO_STATE;                        // "N: Back to state: <Action line ...>"
    public static final int STATS = EC.TLC_STATS;                                        // "G states generated, D distinct states found, L states left on queue."
    public static final int STATS_SIMULATION = EC.TLC_STATS_SIMU;                        // "The number of states generated: G" (-simulate)
    public static final int DEPTH = EC.TLC_SEARCH_DEPTH;                                 // "The depth of the complete state graph search is D."
    public static final int PROGRESS = EC.TLC_PROGRESS_STATS;                            // "Progress(D) at T: ... (s/min), ... (ds/min), ..."
    public static final int PROGRESS_SIMULATION = EC.TLC_PROGRESS_SIMU;                  // "Progress: G states checked, T traces generated" (-simulate)

    public static final int EXIT_OK = EC.ExitStatus.SUCCESS, EXIT_DEADLOCK = EC.ExitStatus.VIOLATION_DEADLOCK,
            EXIT_SAFETY = EC.ExitStatus.VIOLATION_SAFETY, EXIT_LIVENESS = EC.ExitStatus.VIOLATION_LIVENESS,
            EXIT_PARSE = EC.ExitStatus.ERROR_SPEC_PARSE;

    private static final Pattern NAMED_VIOLATION = Pattern.compile(
            "^(?:Invariant|Property|Action property) ([A-Za-z_][A-Za-z0-9_]*) is violated");
    private static final Pattern STATS_TEXT = Pattern.compile(
            "([\\d,]+) states generated, ([\\d,]+) distinct states found");
    private static final Pattern SIM_STATS_TEXT = Pattern.compile("states generated: ([\\d,]+)");
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
        return analyze(exitCode, out, config, timedOut, seconds, workers, rawOutput, timeoutMinutes, false);
    }

    /** @param simulated TLC ran with {@code -simulate}: no violation in its traces ends with exit 0 and no 2193 */
    public static TlcResult analyze(int exitCode, TlcOutputParser out, TlcConfig config, boolean timedOut,
                                    double seconds, int workers, java.nio.file.Path rawOutput,
                                    int timeoutMinutes, boolean simulated) {
        List<TlcMessage> msgs = out.messages();
        Long distinct = null, generated = null;
        Integer depth = null;
        for (TlcMessage m : msgs) {
            if (m.code() == STATS) {
                Matcher s = STATS_TEXT.matcher(m.text());
                if (s.find()) { generated = num(s.group(1)); distinct = num(s.group(2)); }
            } else if (m.code() == STATS_SIMULATION) {
                Matcher s = SIM_STATS_TEXT.matcher(m.text());
                if (s.find()) generated = num(s.group(1));
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
        } else if (exitCode == EXIT_OK && (simulated || msgs.stream().anyMatch(m -> m.code() == SUCCESS))) {
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
        if (exitCode == EXIT_PARSE) return "parse error (exit " + EXIT_PARSE + ")";
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
