package dev.flinkgitops.port;

import java.util.Set;

/**
 * Rescaling a running job without a restart of the job (Flink 1.18+ with the adaptive scheduler): what the
 * cluster and the job say about it, and the request to run at another parallelism.
 */
public interface FlinkRescale {

    /** The cluster's version and scheduler and, under the adaptive scheduler, the job's requirements and parallelism. */
    RescaleView rescaleView(String jobId);

    /**
     * Asks Flink to run every one of {@code vertices} at {@code parallelism}
     * ({@code PUT /jobs/:id/resource-requirements}, lower bound 1, upper bound {@code parallelism}).
     *
     * @throws FlinkException when Flink refuses (an error answer) or the call fails
     */
    void rescale(String jobId, Set<String> vertices, int parallelism);

    /** A cluster without the calls (a fake, or a client that does not offer them): never rescaled in place. */
    FlinkRescale UNSUPPORTED = new FlinkRescale() {
        @Override
        public RescaleView rescaleView(String jobId) {
            return RescaleView.unsupported();
        }

        @Override
        public void rescale(String jobId, Set<String> vertices, int parallelism) {
            throw new FlinkException("this cluster offers no in-place rescale", 0);
        }
    };
}
