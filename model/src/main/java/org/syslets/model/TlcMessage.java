package org.syslets.model;

import java.util.List;

/**
 * One {@code -tool} message: {@code @!@!@STARTMSG <code>:<severity> @!@!@ text @!@!@ENDMSG <code> @!@!@}.
 * TLC nests messages (e.g. 2266 "The first argument of < should be..." inside 2111 "Evaluating
 * invariant X failed"), so nested ones are kept as children rather than merged into the text.
 *
 * @param severity 0 info, 1 error, 2 TLC bug, 3 warning, 4 trace state
 */
public record TlcMessage(int code, int severity, String text, List<TlcMessage> nested) {

    public String firstLine() {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }
}
