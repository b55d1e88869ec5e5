package dev.flinkgitops.kube;

import dev.flinkgitops.port.RenderRequest;
import dev.flinkgitops.appspec.JobSpec;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The JobManager container's arguments for the official Flink image's entry point:
 * {@code jobmanager} for a session cluster; {@code standalone-job} with the job's class, id,
 * restore path and jars, then the job's own arguments, in application mode.
 */
final class JobManagerArgs {

    static final String USRLIB = "/opt/flink/usrlib/";

    private JobManagerArgs() {}

    static List<String> of(RenderRequest request) {
        JobSpec job = request.spec().job();
        if (job == null) {
            return List.of("jobmanager");
        }
        List<String> args = new ArrayList<>(List.of("standalone-job"));
        if (job.entryClass() != null) {
            args.addAll(List.of("--job-classname", job.entryClass()));
        }
        args.addAll(List.of("--job-id", request.jobId()));
        if (request.restorePath() != null) {
            args.addAll(List.of("--fromSavepoint", request.restorePath()));
            if (job.allowNonRestoredState()) {
                args.add("--allowNonRestoredState");
            }
        }
        String jar = jarArgument(job.jarURI());
        if (jar != null) {
            args.addAll(List.of("--jars", jar));
        }
        args.addAll(job.args());
        return List.copyOf(args);
    }

    /**
     * What {@code --jars} gets, or null: nothing for a jar in {@code /opt/flink/usrlib} (on the
     * class path already), the path of another {@code local://} jar, the URI itself otherwise
     * (Flink 1.19+ fetches http(s) and file system URIs).
     */
    static String jarArgument(String jarUri) {
        if (jarUri == null) {
            return null;
        }
        URI uri = URI.create(jarUri);
        if (!"local".equalsIgnoreCase(uri.getScheme())) {
            return jarUri;
        }
        return uri.getPath().startsWith(USRLIB) ? null : uri.getPath();
    }
}
