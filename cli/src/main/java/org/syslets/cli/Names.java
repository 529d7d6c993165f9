package org.syslets.cli;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine;

/** Validation of names against a known list, with "did you mean" (edit distance) for the user. */
final class Names {
    private Names() {
    }

    /** Throws a usage error (exit 2) unless {@code value} is one of {@code known}. */
    static String require(CommandLine cmd, String what, String value, Collection<String> known) {
        if (known.contains(value)) return value;
        List<String> close = known.stream().filter(k -> distance(k.toLowerCase(), value.toLowerCase()) <= Math.max(2, value.length() / 3))
                .sorted(Comparator.comparingInt(k -> distance(k.toLowerCase(), value.toLowerCase()))).limit(3).toList();
        String msg = "unknown " + what + " '" + value + "'" + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                + (known.size() <= 12 ? " (one of: " + String.join(", ", known) + ")" : "");
        throw new CommandLine.ParameterException(cmd, msg);
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static int positive(CommandLine cmd, String option, int v) {
        if (v < 1) throw new CommandLine.ParameterException(cmd, option + " must be at least 1, not " + v);
        return v;
    }

    static long positive(CommandLine cmd, String option, long v) {
        if (v < 1) throw new CommandLine.ParameterException(cmd, option + " must be at least 1, not " + v);
        return v;
    }
}
