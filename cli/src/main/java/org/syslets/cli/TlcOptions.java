package org.syslets.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/**
 * The TLC options {@code ./syslets tlc MODEL -- ...} passes through, with how many values each
 * takes (TLC 2.18's {@code tlc2.TLC} command line). Options the runner owns ({@code -config},
 * {@code -metadir}, {@code -tool}, {@code -userFile}, {@code -recover}) are refused; a file argument
 * is made absolute against the caller's directory (TLC runs in model/).
 */
final class TlcOptions {
    /** Arity: 0 = flag, 1 = one value, -1 = an optional value (it does not start with '-'), 2 = -dump's [format] file. */
    static final Map<String, Integer> ARITY = new TreeMap<>(Map.ofEntries(
            Map.entry("-simulate", -1), Map.entry("-depth", 1), Map.entry("-seed", 1), Map.entry("-aril", 1),
            Map.entry("-coverage", 1), Map.entry("-dump", 2), Map.entry("-difftrace", 0), Map.entry("-deadlock", 0),
            Map.entry("-continue", 0), Map.entry("-terse", 0), Map.entry("-nowarning", 0), Map.entry("-maxSetSize", 1),
            Map.entry("-fp", 1), Map.entry("-fpbits", 1), Map.entry("-fpmem", 1), Map.entry("-gzip", 0),
            Map.entry("-checkpoint", 1), Map.entry("-view", 0), Map.entry("-dfid", 1), Map.entry("-lncheck", 1),
            Map.entry("-workers", 1), Map.entry("-cleanup", 0)));
    static final List<String> OWNED = List.of("-config", "-metadir", "-tool", "-userFile", "-recover", "-generateSpecTE");
    static final String LIST = String.join(" ", ARITY.keySet());

    private TlcOptions() {
    }

    static List<String> validate(CommandLine cmd, List<String> given) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String o = given.get(i);
            if (OWNED.contains(o)) throw new CommandLine.ParameterException(cmd, "TLC option " + o + " is set by the runner; it cannot be passed through");
            if (!ARITY.containsKey(o)) Names.require(cmd, "TLC option", o, ARITY.keySet());
            out.add(o);
            int arity = ARITY.get(o);
            if (arity == -1) {
                if (i + 1 < given.size() && !given.get(i + 1).startsWith("-")) out.add(given.get(++i));
            } else if (arity == 2) {   // -dump [dot[,actionlabels,colorize,snapshot]] FILE
                if (i + 1 < given.size() && given.get(i + 1).startsWith("dot") && i + 2 < given.size()) out.add(given.get(++i));
                if (i + 1 >= given.size()) throw new CommandLine.ParameterException(cmd, "-dump needs a file");
                out.add(Path.of(given.get(++i)).toAbsolutePath().toString());
            } else if (arity == 1) {
                if (i + 1 >= given.size() || given.get(i + 1).startsWith("-") && !given.get(i + 1).matches("-?\\d+")) {
                    throw new CommandLine.ParameterException(cmd, "TLC option " + o + " needs a value");
                }
                String v = given.get(++i);
                boolean ok = o.equals("-lncheck") || (o.equals("-workers") && v.equals("auto")) || v.matches("-?\\d+(\\.\\d+)?");
                if (!ok) throw new CommandLine.ParameterException(cmd, "TLC option " + o + " wants a number, not '" + v + "'");
                out.add(v);
            }
        }
        return out;
    }
}
