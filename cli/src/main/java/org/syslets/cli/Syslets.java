package org.syslets.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./syslets}: the project's one command line. The bash launcher builds this module once (and
 * whenever a source is newer than its build) and execs {@link #main}; every argument is validated
 * here, before any stage builds, runs or deletes anything. Usage errors go to stderr with exit 2.
 */
@Command(name = "syslets", mixinStandardHelpOptions = true, version = "syslets 0.1.0",
        description = "Model-check, stress, trace-validate and report on the syslet design (v5 as posted and fixed).",
        subcommands = {MainCommand.class, TlcCommand.class, PropsCommand.class, TraceCommand.class, StressCommand.class,
                WorkloadCommand.class, UringCommand.class, SideBySideCommand.class, FuzzCommand.class, MutateCommand.class, ReportCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Results: target/results/<stage>.json; report: target/report/report.html. docs/cli.md has the details."})
public final class Syslets implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The configured command line (also what the tests drive). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Syslets());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setOut(new PrintWriter(System.out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(System.err, true, StandardCharsets.UTF_8));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof CommandLine.ParameterException pe) throw pe;
            cmd.getErr().println("syslets " + cmd.getCommandName() + ": " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine cmd = ex.getCommandLine();
            cmd.getErr().println((cmd.getParent() == null ? "syslets" : "syslets " + qualified(cmd)) + ": " + ex.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, cmd.getErr())) {
                cmd.getErr().println("Try './syslets " + qualified(cmd) + " --help'.");
            }
            return CommandLine.ExitCode.USAGE;
        });
        return cl;
    }

    private static String qualified(CommandLine cmd) {
        StringBuilder s = new StringBuilder();
        for (CommandLine c = cmd; c != null && c.getParent() != null; c = c.getParent()) s.insert(0, c.getCommandName() + " ");
        return s.toString().trim();
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
