package dev.flinkgitops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * {@code plan --config FILE}: the daemon's own settings file, so that {@code plan} judges a change with
 * the settings the daemon will apply it with ({@code kubernetes}, {@code namespace}, {@code savepoint-dir},
 * {@code tenants}, {@code pod-forbid}, {@code default-cluster}, {@code max-deletion-share}, {@code branch},
 * {@code path}, {@code status-branch}, the NetworkPolicy peers, ...). The file is read and checked exactly as
 * {@code run} reads it (every key must be one of {@code run}'s, file:line on a mistake); of its settings,
 * plan takes those it has an option of the same name for, except {@code repo} (the daemon's remote URL;
 * plan's {@code --repo} is the local checkout). A flag given to plan wins over the file. The environment
 * ({@code FLINK_GITOPS_*}) is not read: a CI job's environment is not the daemon's.
 */
final class PlanSettings implements CommandLine.IDefaultValueProvider {

    /** Plan options whose name means something else to {@code run}. */
    private static final Set<String> NOT_SHARED = Set.of("repo", "config");

    private RunSettings daemon;

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        String key = option.longestName().replaceFirst("^--", "");
        if (NOT_SHARED.contains(key)) {
            return null;
        }
        RunSettings settings = load(arg.command());
        RunSettings.Value value = settings == null ? null : settings.find(key);
        return value == null ? null : value.text();
    }

    /** The daemon's settings from plan's {@code --config}, read once; null without one. */
    private RunSettings load(CommandSpec plan) {
        if (daemon == null) {
            OptionSpec config = plan.findOption("--config");
            Path path = config == null ? null : config.getValue();
            if (path == null) {
                return null;
            }
            daemon = new RunSettings(Map.of(RunSettings.ENV_PREFIX + "CONFIG", path.toString()));
            daemon.load(new CommandLine(new RunCommand()).getCommandSpec());
        }
        return daemon;
    }
}
