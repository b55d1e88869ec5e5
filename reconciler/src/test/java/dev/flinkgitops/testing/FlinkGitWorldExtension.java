package dev.flinkgitops.testing;

import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One {@link FlinkGitWorld} (git daemon + Flink cluster) for a test class, in a temporary
 * directory removed afterwards: {@code @RegisterExtension static final FlinkGitWorldExtension WORLD = new FlinkGitWorldExtension();}
 * A test's {@link #scenario(TestInfo)} is closed after the test.
 */
public final class FlinkGitWorldExtension implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {

    private final boolean adaptiveScheduler;
    private Path root;
    private FlinkGitWorld world;
    private Scenario scenario;

    public FlinkGitWorldExtension() {
        this(false);
    }

    /** @param adaptiveScheduler the world's cluster runs Flink's adaptive scheduler (rescales in place) */
    public FlinkGitWorldExtension(boolean adaptiveScheduler) {
        this.adaptiveScheduler = adaptiveScheduler;
    }

    /** A scenario named after the test method (default savepoint directory), closed when the test ends. */
    public Scenario scenario(TestInfo test) {
        scenario = world.scenario(test.getTestMethod().orElseThrow().getName(), null);
        return scenario;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (scenario != null) {
            Scenario done = scenario;
            scenario = null;
            done.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        root = Files.createTempDirectory("flink-gitops-" + context.getRequiredTestClass().getSimpleName() + "-");
        world = FlinkGitWorld.start(root, adaptiveScheduler);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (world != null) {
            world.close();
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    public FlinkGitWorld world() {
        return world;
    }

    /** The class's temporary directory (the world's files are below it too). */
    public Path root() {
        return root;
    }
}
