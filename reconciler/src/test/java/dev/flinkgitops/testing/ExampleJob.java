package dev.flinkgitops.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example counter job built by the example-job module. */
public final class ExampleJob {

    public static final String ENTRY_CLASS = "dev.flinkgitops.example.CounterJob";
    public static final String JAR_NAME = "flink-gitops-example-job.jar";

    private ExampleJob() {}

    /** The built job jar; the build runs the example-job module before this one. */
    public static Path jar() {
        Path jar = Path.of("..", "example-job", "target", JAR_NAME).toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("example job jar missing at " + jar + ": run mvn package first");
        }
        return jar;
    }
}
