package dev.flinkgitops.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example counter job built by the example-job module. */
public final class ExampleJob {

    public static final String ENTRY_CLASS = "dev.flinkgitops.example.CounterJob";
    public static final String JAR_NAME = "flink-gitops-example-job.jar";

    private ExampleJob() {}

    /**
     * The job as a FlinkDeployment on the default session cluster: a checkpoint every second,
     * {@code keys} keys counted at 40 records/s into {@code output}, parallelism 2.
     *
     * @param upgradeMode {@code savepoint}, {@code last-state} or {@code stateless}
     * @param state {@code running} or {@code suspended}
     */
    public static String spec(String name, String namespace, String tag, int keys, Path output, String upgradeMode,
            String state) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: %s
                  namespace: %s
                spec:
                  flinkConfiguration:
                    execution.checkpointing.interval: "1s"
                  job:
                    jarURI: local:///opt/flink/usrlib/%s
                    entryClass: %s
                    args: ["--tag", "%s", "--rate", "40", "--keys", "%d", "--output", "%s"]
                    parallelism: 2
                    upgradeMode: %s
                    state: %s
                """.formatted(name, namespace, JAR_NAME, ENTRY_CLASS, tag, keys, output, upgradeMode, state);
    }

    /** The built job jar; the build runs the example-job module before this one. */
    public static Path jar() {
        Path jar = Path.of("..", "example-job", "target", JAR_NAME).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("example job jar missing at " + jar + ": run mvn package first");
        }
        return jar;
    }
}
