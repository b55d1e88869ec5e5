package dev.flinkgitops.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import picocli.CommandLine.Command;

/** {@code flink-gitops}: the command line. Each subcommand only wires objects and returns an exit code. */
@Command(
        name = "flink-gitops",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "GitOps for stateful Apache Flink jobs: specs in git, savepoint-guarded upgrades, status in git.",
        subcommands = {RunCommand.class, ValidateCommand.class, PlanCommand.class, StatusCommand.class, RollbackCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Exit code of a command-line mistake (EX_USAGE): distinct from plan's 2 ("changes"). */
    public static final int USAGE = 64;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (for tests and {@link #main}). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** Runs the command line with the given output and error writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        return execute(out, err, System.getenv(), args);
    }

    /** Runs the command line with the given writers and environment (for tests: {@code run} reads FLINK_GITOPS_* from it). */
    public static int execute(PrintWriter out, PrintWriter err, java.util.Map<String, String> env, String... args) {
        return commandLine(out, err, env).execute(args);
    }

    /** The command line, with {@code run}'s settings read from the given environment and its --config file. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, java.util.Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new Main());
        commandLine.getSubcommands().get("run").setDefaultValueProvider(new RunSettings(env));
        commandLine.getSubcommands().get("plan").setDefaultValueProvider(new PlanSettings());
        return commandLine
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler((error, ignored) -> {
                    CommandLine.ParameterException setting = error instanceof RunSettings.SettingsException ? error
                            : RunSettings.fromFlag(error);
                    if (setting != null) {
                        err.println("flink-gitops: " + setting.getMessage());
                        return USAGE;
                    }
                    CommandLine command = error.getCommandLine();
                    command.getErr().println("flink-gitops: " + error.getMessage());
                    command.usage(command.getErr());
                    return USAGE;
                })
                .setExecutionExceptionHandler((error, failed, parsed) -> {
                    failed.getErr().println("flink-gitops: " + error.getMessage());
                    return 1;
                });
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command: run, validate, plan, status or demo");
    }
}
