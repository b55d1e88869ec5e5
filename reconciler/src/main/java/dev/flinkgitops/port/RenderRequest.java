package dev.flinkgitops.port;

import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.Kind;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What to run on Kubernetes for one app: the adapter renders it as objects and applies them.
 *
 * @param spec a FlinkDeployment (with a job: application mode; without: a session cluster)
 * @param jobId the Flink job id the JobManager must use (32 hex digits); required with a job,
 *     ignored without
 * @param restorePath the savepoint or checkpoint the job starts from, or null
 * @param savepointDirectory {@code state.savepoints.dir} when the spec sets no savepoint
 *     directory, or null
 */
public record RenderRequest(AppSpec spec, String jobId, String restorePath, String savepointDirectory) {

    private static final Pattern JOB_ID = Pattern.compile("[0-9a-f]{32}");

    public RenderRequest {
        Objects.requireNonNull(spec, "spec");
        if (spec.kind() != Kind.FLINK_DEPLOYMENT) {
            throw new IllegalArgumentException(spec.id() + ": only a FlinkDeployment renders to Kubernetes objects, not "
                    + spec.kind().yamlName());
        }
        if (spec.hasJob() && (jobId == null || !JOB_ID.matcher(jobId).matches())) {
            throw new IllegalArgumentException(spec.id() + ": job id must be 32 lower-case hex digits, not " + jobId);
        }
    }
}
