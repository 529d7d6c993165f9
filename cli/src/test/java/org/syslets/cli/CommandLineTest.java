package org.syslets.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Usage errors: exit 2 on stderr, "did you mean", and nothing of the previous run deleted. */
class CommandLineTest {
    @TempDir
    Path tmp;

    private final StringWriter err = new StringWriter(), out = new StringWriter();

    @AfterEach
    void clear() {
        System.clearProperty("syslets.root");
    }

    int run(Path root, String... args) {
        System.setProperty("syslets.root", root.toString());
        CommandLine cl = Syslets.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        return cl.execute(args);
    }

    /** The repository this module sits in (surefire runs in cli/). */
    static Path repo() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    @Test
    void aMistypedStageExits2AndDeletesNothing() throws Exception {
        Path log = Files.createDirectories(tmp.resolve("target/main")).resolve("tlc.log");
        Path result = Files.createDirectories(tmp.resolve("target/results")).resolve("tlc.json");
        Files.writeString(log, "previous run");
        Files.writeString(result, "{}");
        assertThat(run(tmp, "main", "--only", "tlx")).isEqualTo(2);
        assertThat(err.toString()).contains("unknown stage 'tlx'", "did you mean tlc?");
        assertThat(log).exists();
        assertThat(result).exists();
        assertThat(run(tmp, "main", "--only")).isEqualTo(2);
        assertThat(run(tmp, "main", "--quick", "--skip", "stres")).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean stress?");
        assertThat(log).exists();
    }

    @Test
    void everyOptionValueIsChecked() {
        assertThat(run(repo(), "props", "abc")).isEqualTo(2);
        assertThat(run(repo(), "props", "--tries", "0")).isEqualTo(2);
        assertThat(run(repo(), "trace", "--workload", "nosuch")).isEqualTo(2);
        assertThat(run(repo(), "trace", "--workload", "overflw")).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean overflow?");
        assertThat(run(repo(), "trace", "--size", "x")).isEqualTo(2);
        assertThat(run(repo(), "trace", "--design", "nope")).isEqualTo(2);
        assertThat(run(repo(), "trace", "--against", "x")).isEqualTo(2);
        assertThat(run(repo(), "workload", "--design", "nope")).isEqualTo(2);
        assertThat(run(repo(), "workload", "--iodepth", "-3")).isEqualTo(2);
        assertThat(run(repo(), "stress", "medium")).isEqualTo(2);
        assertThat(run(repo(), "stress", "--break", "MM99")).isEqualTo(2);
        assertThat(run(repo(), "stres")).isEqualTo(2);
        assertThat(err.toString()).contains("Did you mean");
    }

    @Test
    void tlcNamesAndTlcOptionsAreChecked() {
        assertThat(run(repo(), "tlc", "MCRingWrapV6")).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean MCRingWrapV5?");
        assertThat(run(repo(), "tlc", "MCRingWrapV5", "--", "-covrage", "1")).isEqualTo(2);
        assertThat(err.toString()).contains("did you mean -coverage?");
        assertThat(run(repo(), "tlc", "MCRingWrapV5", "--", "-config", "x.cfg")).isEqualTo(2);
        assertThat(run(repo(), "tlc", "MCRingWrapV5", "--", "-depth", "deep")).isEqualTo(2);
        assertThat(run(repo(), "tlc", "--quick", "--", "-coverage", "1")).isEqualTo(2);
        assertThat(run(repo(), "tlc", "--num", "5", "MCRingWrapV5")).isEqualTo(2);
        assertThat(run(repo(), "tlc")).isEqualTo(2);
        assertThat(err.toString()).contains("select models");
    }

    @Test
    void tlcOptionsArePassedThroughWithTheirValues() {
        CommandLine cmd = new CommandLine(new TlcCommand());
        assertThat(TlcOptions.validate(cmd, java.util.List.of("-simulate", "num=5", "-depth", "7", "-difftrace", "-dump", "dot,actionlabels", "g.dot")))
                .startsWith("-simulate", "num=5", "-depth", "7", "-difftrace", "-dump", "dot,actionlabels")
                .last().asString().endsWith("g.dot").startsWith("/");
    }

    @Test
    void namesSuggestTheClosest() {
        assertThat(Names.distance("tlx", "tlc")).isEqualTo(1);
        assertThat(Names.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void jcstressConsoleTablesAreRead() throws Exception {
        Path console = tmp.resolve("console.log");
        Files.writeString(console, """
                .......... [OK] org.syslets.stress.jcstress.WaitVsPostV5

                  Results across all configurations:

                  RESULT  SAMPLES     FREQ       EXPECT  DESCRIPTION
                   -4, 1    9,187   90.33%  Interesting  MM1: slept although the event was in the ring (rescued by...
                    0, 0       19    0.19%   Acceptable  woken by the post, or the post came first and was counted
                    0, 1        0    0.00%    Forbidden  anything else

                .......... [OK] org.syslets.stress.jcstress.UmemAddFixed
                """);
        var tests = StressCommand.Jcstress.read(console);
        assertThat(tests).hasSize(1);
        var t = tests.get(0);
        assertThat(t.name()).isEqualTo("WaitVsPostV5");
        assertThat(t.rows()).extracting(StressCommand.Jcstress.Row::samples).containsExactly(9187L, 19L, 0L);
        assertThat(t.rows().get(0).expect()).isEqualTo("Interesting");
    }
}
