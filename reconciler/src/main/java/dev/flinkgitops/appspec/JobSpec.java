package dev.flinkgitops.appspec;

import java.util.List;

/**
 * {@code spec.job} of a FlinkDeployment or FlinkSessionJob, with defaults applied.
 *
 * @param upgradeModeDefaulted true when the file did not set {@code upgradeMode} and
 *     flink-gitops chose {@code savepoint} (the operator would choose stateless)
 * @param parallelism null when the spec leaves it to the cluster
 * @param savepointTriggerNonce null when not set
 * @param savepointRedeployNonce null when not set; a new value redeploys from {@code initialSavepointPath}
 * @param checkpointTriggerNonce null when not set; a new value takes a checkpoint on demand
 */
public record JobSpec(
        String jarURI,
        String entryClass,
        List<String> args,
        Integer parallelism,
        DesiredState state,
        UpgradeMode upgradeMode,
        boolean upgradeModeDefaulted,
        boolean allowNonRestoredState,
        String initialSavepointPath,
        Long savepointTriggerNonce,
        Long savepointRedeployNonce,
        Long checkpointTriggerNonce) {

    public JobSpec {
        args = List.copyOf(args);
    }
}
