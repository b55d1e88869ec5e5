package dev.flinkgitops.cli;

import dev.flinkgitops.validate.Tenancy;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --tenant FOLDER=NS[,NS...]}: which namespaces each spec folder may use; shared by run, plan and validate. */
final class TenantOption {

    /** The option's longest name, which is also its key as a setting of {@code run}. */
    static final String NAME = "--tenants";

    @Option(names = {"--tenant", "--tenants"}, paramLabel = "FOLDER=NS[,NS...]", split = ";",
            description = "Spec folder (repository-relative) and the namespaces its files may use, like an Argo CD "
                    + "AppProject; '*' in a namespace is a wildcard; cluster:NAME entries name the session clusters its "
                    + "FlinkSessionJobs may use (none: any). Repeatable; the longest matching folder applies. "
                    + "With any, a file in an unmapped folder is invalid. Default: none (any folder, any namespace).")
    Map<String, String> tenants = new LinkedHashMap<>();

    /** The mapping; a mistake in it is a usage error (exit code 64) naming the flag. */
    Tenancy tenancy() {
        try {
            return Tenancy.of(tenants);
        } catch (IllegalArgumentException e) {
            throw new RunSettings.SettingsException("--tenant: " + e.getMessage());
        }
    }
}
