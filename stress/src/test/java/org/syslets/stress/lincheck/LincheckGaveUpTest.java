package org.syslets.stress.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongSupplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

/**
 * Teeth of {@link LincheckGaveUp}: a class that Lincheck's agent really cannot instrument makes the
 * check fail. The class is compiled here (javax.tools) with one method of about 56 KB of byte code:
 * legal as written, but recomputing its stack frames once Lincheck has added its hooks exceeds
 * ASM's limits (measured: {@code LimitExceededException: Too many allocated bytes}; the runtime's
 * {@code AsyncWait} once hit "Too many operations"), so the agent runs it uninstrumented. The
 * Lincheck run itself passes (the operation is a read of unchanged fields); only the log tells.
 * Not registered with the extension: its give-up is the expected result here.
 */
class LincheckGaveUpTest {
    /** Loaded on the first operation, i.e. under Lincheck, so its agent transforms (and fails on) it. */
    static final class Holder {
        static final LongSupplier BIG = compileBig();
    }

    public static final class BigOps {
        @Operation
        public long read() {
            return Holder.BIG.getAsLong();
        }
    }

    @Test
    void aClassLincheckCannotInstrumentFailsTheCheck() throws Exception {
        long from = LincheckGaveUp.log().length();
        new ModelCheckingOptions().iterations(1).invocationsPerIteration(10).threads(2).actorsPerThread(1)
                .actorsBefore(0).actorsAfter(0).check(BigOps.class);
        assertThat(LincheckGaveUp.gaveUpSince(from)).anyMatch(l -> l.contains("BigMethod"));
        assertThatThrownBy(() -> LincheckGaveUp.failIfGaveUpSince(from))
                .isInstanceOf(AssertionError.class).hasMessageContaining("BigMethod");
    }

    /** {@code BigMethod}: 8000 statements {@code s += fK;} in one method (7 bytes each). */
    static LongSupplier compileBig() {
        try {
            Path dir = Files.createTempDirectory("lincheck-gave-up");
            StringBuilder src = new StringBuilder("public class BigMethod implements java.util.function.LongSupplier {\n");
            for (int i = 0; i < 8; i++) src.append("  public long f").append(i).append(" = ").append(i).append(";\n");
            src.append("  public long getAsLong() {\n    long s = 0;\n");
            for (int i = 0; i < 8000; i++) src.append("    s += f").append(i % 8).append(";\n");
            src.append("    return s;\n  }\n}\n");
            Path java = dir.resolve("BigMethod.java");
            Files.writeString(java, src);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac.run(null, null, null, "-d", dir.toString(), java.toString()) != 0) {
                throw new IllegalStateException("javac failed on BigMethod");
            }
            URLClassLoader cl = new URLClassLoader(new URL[] {dir.toUri().toURL()}, LincheckGaveUpTest.class.getClassLoader());
            return (LongSupplier) cl.loadClass("BigMethod").getDeclaredConstructor().newInstance();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
