package org.syslets.stress.lincheck;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.util.Logger;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a Lincheck test during which Lincheck's agent gave up instrumenting a class. The agent
 * catches every error of its class transformation (an ASM limit such as "Too many operations", a
 * method grown past 64 KB) and only logs "Unable to transform C, proceeding without
 * instrumentation": C then runs as one opaque step, Lincheck never switches threads inside it, and
 * a race in it cannot be found although the test passes. Lincheck has no hook for this; its
 * {@link Logger} writes to {@code -Dlincheck.logFile} (set by the stress POM's surefire
 * configuration), and this extension reads what the test added to that file.
 *
 * <p>Classes are transformed once per JVM, so the test that first loads a class is the one that
 * fails. Register with {@code @ExtendWith(LincheckGaveUp.class)} on every Lincheck test class.
 */
public final class LincheckGaveUp implements BeforeEachCallback, AfterEachCallback {
    /** Lincheck 3.7's words (LincheckClassFileTransformer), the start of a give-up entry. */
    static final String GAVE_UP = "Unable to transform ";
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LincheckGaveUp.class);

    @Override
    public void beforeEach(ExtensionContext ctx) {
        ctx.getStore(NS).put("offset", log().length());
    }

    @Override
    public void afterEach(ExtensionContext ctx) throws IOException {
        failIfGaveUpSince(ctx.getStore(NS).getOrDefault("offset", Long.class, 0L));
    }

    /** Throws when Lincheck logged a give-up at or after byte {@code from} of its log. */
    static void failIfGaveUpSince(long from) throws IOException {
        List<String> gaveUp = gaveUpSince(from);
        if (!gaveUp.isEmpty()) {
            throw new AssertionError("Lincheck gave up instrumenting " + gaveUp.size()
                    + " class(es) during this test; they ran as single opaque steps, so the test proves nothing about races inside them:\n  "
                    + String.join("\n  ", gaveUp));
        }
    }

    /** Lincheck's log file; fails when Lincheck logs to stderr (its give-ups would go unseen). */
    static File log() {
        File f = Logger.INSTANCE.getLogFile();
        if (f == null) {
            throw new AssertionError("Lincheck logs to stderr: run with -Dlincheck.logFile=<file> (stress/pom.xml sets it),"
                    + " or a class Lincheck could not instrument would pass unseen");
        }
        return f;
    }

    /** The give-up entries (first line of each) that Lincheck wrote at or after byte {@code from} of its log. */
    static List<String> gaveUpSince(long from) throws IOException {
        List<String> out = new ArrayList<>();
        File f = log();
        if (!f.exists()) return out;
        try (RandomAccessFile r = new RandomAccessFile(f, "r")) {
            if (from > r.length()) from = 0;
            byte[] b = new byte[(int) (r.length() - from)];
            r.seek(from);
            r.readFully(b);
            for (String line : new String(b, StandardCharsets.UTF_8).split("\\R")) {
                int i = line.indexOf(GAVE_UP);
                if (i >= 0) out.add(line.substring(i).trim());
            }
        }
        return out;
    }
}
