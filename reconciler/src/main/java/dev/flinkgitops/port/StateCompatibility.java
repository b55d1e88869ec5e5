package dev.flinkgitops.port;

import java.util.List;
import java.util.Map;

/**
 * Whether a new version of a job can restore a restore point's state: the new job graph is built from
 * its jar without running the job, and its operator ids are compared with those in the restore point's
 * metadata. Never throws: what cannot be checked comes back as {@link RestoreCompatibility.Result#NOT_CHECKED}
 * or {@link RestoreCompatibility.Result#FAILED} with the reason.
 */
public interface StateCompatibility {

    /**
     * @param job the new version: jar, entry class, arguments, Flink configuration
     * @param restorePoint a savepoint or retained checkpoint (directory or its {@code _metadata} file)
     */
    RestoreCompatibility check(Job job, String restorePoint);

    /** The new version as its spec describes it. */
    record Job(String jarURI, String entryClass, List<String> args, Map<String, String> flinkConfiguration,
            int parallelism, boolean allowNonRestoredState) {

        public Job {
            args = args == null ? List.of() : List.copyOf(args);
            flinkConfiguration = flinkConfiguration == null ? Map.of() : Map.copyOf(flinkConfiguration);
        }
    }

    /** No check at all (a daemon without the Flink graph builder): every answer says so. */
    static StateCompatibility none(String why) {
        return (job, restorePoint) -> RestoreCompatibility.notChecked(restorePoint, why);
    }
}
