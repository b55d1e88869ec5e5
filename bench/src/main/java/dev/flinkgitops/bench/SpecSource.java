package dev.flinkgitops.bench;

import dev.flinkgitops.testing.GitServer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The spec repository a JMH benchmark fork reads, and the fork's work directory. {@link JmhFigures}
 * passes the URL of the repository it seeded ({@code -p url=git://...}); with the default (empty),
 * as when run from {@code org.openjdk.jmh.Main}, the fork starts its own {@code git daemon} and
 * seeds {@code apps} specs there (not timed either way).
 */
@State(Scope.Benchmark)
public class SpecSource {

    /** git URL (or path) of a repository whose main holds the synthetic specs; empty: make one. */
    @Param("")
    public String url;

    /** How many specs the repository holds. */
    @Param("1000")
    public int apps;

    Path dir;
    private GitServer own;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("flink-gitops-jmh");
        if (url.isEmpty()) {
            own = GitServer.start(dir.resolve("server"));
            url = own.createRepository("specs.git");
            TickFixture.seed(dir.resolve("work"), url, apps);
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        if (own != null) {
            own.close();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
