package org.syslets.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming parser for TLC's {@code -tool} output. Fed line by line while TLC runs, so progress
 * messages can be echoed as they arrive. Text outside any message (SANY's parse and semantic
 * errors are printed that way) is kept as {@link #plainLines()}.
 */
public final class TlcOutputParser {

    private static final Pattern MARKER =
            Pattern.compile("@!@!@(?:STARTMSG (\\d+):(\\d+)|ENDMSG (\\d+)) @!@!@");

    private static final class Open {
        final int code, severity;
        final StringBuilder text = new StringBuilder();
        final List<TlcMessage> nested = new ArrayList<>();
        Open(int code, int severity) { this.code = code; this.severity = severity; }
    }

    private final Deque<Open> open = new ArrayDeque<>();
    private final List<TlcMessage> messages = new ArrayList<>();
    private final List<String> plainLines = new ArrayList<>();
    private final Consumer<TlcMessage> onMessage;

    public TlcOutputParser() { this(m -> { }); }

    /** @param onMessage called for every completed top-level message, in output order */
    public TlcOutputParser(Consumer<TlcMessage> onMessage) { this.onMessage = onMessage; }

    public static TlcOutputParser parse(Iterable<String> lines) {
        TlcOutputParser p = new TlcOutputParser();
        lines.forEach(p::accept);
        return p;
    }

    public synchronized void accept(String line) {
        Matcher m = MARKER.matcher(line);
        int pos = 0;
        boolean sawMarker = false;
        while (m.find()) {
            sawMarker = true;
            text(line.substring(pos, m.start()), false);
            if (m.group(1) != null) {
                open.push(new Open(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            } else {
                close(Integer.parseInt(m.group(3)));
            }
            pos = m.end();
        }
        String rest = line.substring(pos);
        if (!sawMarker || !rest.isBlank()) text(rest, true);
    }

    private void text(String s, boolean endOfLine) {
        if (s.isEmpty() && !endOfLine) return;
        if (open.isEmpty()) {
            if (!s.isBlank()) plainLines.add(s);
        } else {
            open.peek().text.append(s);
            if (endOfLine) open.peek().text.append('\n');
        }
    }

    private void close(int code) {
        // Tolerate a missing ENDMSG: close everything up to the matching STARTMSG.
        if (open.stream().noneMatch(o -> o.code == code)) return;
        Open o;
        do {
            o = open.pop();
            TlcMessage msg = new TlcMessage(o.code, o.severity, o.text.toString(), List.copyOf(o.nested));
            if (open.isEmpty()) {
                messages.add(msg);
                onMessage.accept(msg);
            } else {
                open.peek().nested.add(msg);
            }
        } while (o.code != code);
    }

    public synchronized List<TlcMessage> messages() { return List.copyOf(messages); }

    public synchronized List<String> plainLines() { return List.copyOf(plainLines); }
}
