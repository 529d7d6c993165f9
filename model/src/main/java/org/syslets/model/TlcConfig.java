package org.syslets.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tlc2.tool.impl.ModelConfig;
import tlc2.util.Vect;

/**
 * The parts of a TLC {@code .cfg} file the runner needs, read by TLC's own parser
 * ({@link ModelConfig}, the class TLC itself uses): which invariants and properties it checks and
 * whether deadlock is checked. Comments, strings and section layout are TLC's business, not ours.
 *
 * @param checkDeadlock TLC's reading: true unless the file says {@code CHECK_DEADLOCK FALSE}
 */
public record TlcConfig(List<String> invariants, List<String> properties, boolean checkDeadlock) {

    public static TlcConfig parse(Path cfg) throws IOException {
        ModelConfig c = new ModelConfig(cfg.toAbsolutePath().toString(), null);
        try {
            c.parse();
        } catch (RuntimeException e) {   // TLC's ConfigFileException and friends
            throw new IOException("cannot parse " + cfg + ": " + e.getMessage(), e);
        }
        return new TlcConfig(names(c.getInvariants()), names(c.getProperties()), c.getCheckDeadlock());
    }

    /** Parses cfg text (through a temporary file: ModelConfig reads files). */
    public static TlcConfig parse(String text) {
        try {
            Path tmp = Files.createTempFile("syslets-cfg-", ".cfg");
            try {
                Files.writeString(tmp, text, StandardCharsets.UTF_8);
                return parse(tmp);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static List<String> names(Vect<?> v) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) out.add(String.valueOf(v.elementAt(i)));
        return List.copyOf(out);
    }

    /** Every name TLC checks as an invariant or property in this model. */
    public List<String> checkedNames() {
        List<String> all = new ArrayList<>(invariants);
        all.addAll(properties);
        return all;
    }
}
