package dev.flinkgitops.cli;

import dev.flinkgitops.config.DaemonConfig;
import dev.flinkgitops.validate.Tenancy;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The daemon's settings as command-line options, shared by {@code run} and {@code demo}: one
 * mixin per part of {@link DaemonConfig}, whose defaults they start from.
 */
final class DaemonOptions {

    @Mixin
    GitOptions git = new GitOptions();

    @Mixin
    TimingOptions timing = new TimingOptions();

    @Option(names = "--work-dir",
            description = "The daemon's own files: git mirror, jar cache, embedded cluster (default: ${DEFAULT-VALUE}).")
    Path workDir = DaemonConfig.DEFAULT_WORK_DIR;

    @Mixin
    FlinkOptions flink = new FlinkOptions();

    @Option(names = "--max-deletion-share", converter = SettingConverters.Share.class,
            description = "Largest share of live apps one commit may remove; above it (or removing all), nothing is "
                    + "deleted until the commit has the trailer 'Allow-Mass-Deletion: true' (default: ${DEFAULT-VALUE}).")
    double maxDeletionShare = DaemonConfig.DEFAULT_MAX_DELETION_SHARE;

    @Option(names = "--log-format", converter = SettingConverters.LogFormatName.class,
            description = "text (human-readable) or json (one object per line, with app and specCommit fields) (default: ${DEFAULT-VALUE}).")
    String logFormat = "text";

    @Option(names = "--no-state-check", converter = SettingConverters.Bool.class,
            description = "Do not check, before an upgrade's stop, whether the new version's job graph can restore the "
                    + "running job's state (the check builds the graph from the jar; see 'Will the state restore?'). "
                    + "Every upgrade's status then says 'state compatibility not checked: turned off with --no-state-check'.")
    boolean noStateCheck;

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Mixin
    TenantOption tenant = new TenantOption();

    @Mixin
    NotifyOptions notify = new NotifyOptions();

    DaemonConfig toConfig(String repoUrl) {
        LogFormat.apply(logFormat);
        return build(repoUrl);
    }

    /** The settings as a DaemonConfig, without side effects. */
    DaemonConfig build(String repoUrl) {
        return DaemonConfig.of(repoUrl)
                .withGit(ignored -> git.toConfig(repoUrl))
                .withTiming(ignored -> timing.toConfig())
                .withFlink(ignored -> flink.toConfig())
                .withKubernetes(kubernetes.toConfig())
                .withWorkDir(workDir.toAbsolutePath())
                .withMaxDeletionShare(maxDeletionShare)
                .withTenants(tenancy().namespacesByFolder())
                .withNotifications(notify.toConfig())
                .withStateCheck(!noStateCheck);
    }

    /** The tenants; a flag's mistake names the flag as {@link RunSettings} names a setting's (those were checked when read). */
    private Tenancy tenancy() {
        try {
            return Tenancy.of(tenant.tenants);
        } catch (IllegalArgumentException e) {
            throw new RunSettings.SettingsException(TenantOption.NAME + ": invalid value for setting '"
                    + TenantOption.NAME.substring(2) + "': " + e.getMessage());
        }
    }
}
