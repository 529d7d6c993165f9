package org.syslets.model.mutate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One generated spec mutant: a single source-text edit of one design definition.
 *
 * @param module     the spec module (file {@code spec/<module>.tla})
 * @param definition the top-level definition the edit lies in
 * @param operator   the mutation operator ({@link SpecMutator#OPERATORS})
 * @param ordinal    position among this definition's mutants of this operator, in source order
 * @param line       first line of the edit (1-based)
 * @param before     the edited source lines as they were (whitespace-normalised)
 * @param after      the same lines in the mutant (whitespace-normalised)
 * @param source     the whole mutated module text
 * @param firstLine  first line number of {@code before} in the module
 * @param beforeRaw  the edited lines, verbatim, for the diff
 * @param afterRaw   the mutant's lines, verbatim, for the diff
 * @param unreached  why no selected model can evaluate the edited expression (a variant arm), or null
 */
public record Mutant(String module, String definition, String operator, int ordinal, int line, String before,
                     String after, String source, int firstLine, String beforeRaw, String afterRaw,
                     String unreached) {

    @Override
    public String toString() {
        return name() + " [" + key() + "]: " + after();
    }

    /** A readable name, unique within one campaign: {@code SysletRing.Post.ror.2}. */
    public String name() {
        return module + "." + definition + "." + operator + "." + ordinal;
    }

    /**
     * The stable identity used by model/equivalent-mutants.json: a hash of what the mutant is
     * (module, definition, operator, the lines before and after), not of where it is, so edits
     * elsewhere in the module do not change it.
     */
    public String key() {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            String k = module + "\n" + definition + "\n" + operator + "\n" + before + "\n" + after;
            return HexFormat.of().formatHex(d.digest(k.getBytes(StandardCharsets.UTF_8))).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A unified diff of the edit with two lines of context (a/ = spec, b/ = mutant). */
    public String diff(String original) {
        String[] o = original.split("\n", -1);
        int nBefore = beforeRaw.split("\n", -1).length, nAfter = afterRaw.split("\n", -1).length;
        int from = Math.max(1, firstLine - 2), to = Math.min(o.length, firstLine + nBefore - 1 + 2);
        StringBuilder s = new StringBuilder();
        s.append("--- a/spec/").append(module).append(".tla\n+++ b/spec/").append(module).append(".tla (")
         .append(name()).append(")\n");
        int ctxBefore = firstLine - from, ctxAfter = to - (firstLine + nBefore - 1);
        s.append("@@ -").append(from).append(',').append(ctxBefore + nBefore + ctxAfter).append(" +").append(from)
         .append(',').append(ctxBefore + nAfter + ctxAfter).append(" @@\n");
        for (int i = from; i < firstLine; i++) s.append(' ').append(o[i - 1]).append('\n');
        for (String l : beforeRaw.split("\n", -1)) s.append('-').append(l).append('\n');
        if (!afterRaw.isEmpty()) for (String l : afterRaw.split("\n", -1)) s.append('+').append(l).append('\n');
        for (int i = firstLine + nBefore; i <= to; i++) s.append(' ').append(o[i - 1]).append('\n');
        return s.toString();
    }
}
