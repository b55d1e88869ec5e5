package dev.flinkgitops.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmark finds its jars (next to its own), and how it cleans up its work dir. */
final class BenchFiles {

    private BenchFiles() {}

    /** Deletes the benchmark's work dir (savepoints of the 100 MB job add up to gigabytes). */
    static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A jar next to the benchmark's own jar, in its lib/ folder. */
    static Path lib(String name) throws Exception {
        Path self = Path.of(BenchFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return self.resolveSibling("lib").resolve(name);
    }

    /** The example counter job (keyed state) built by the example-job module of this checkout. */
    static Path exampleJobJar() throws Exception {
        Path self = Path.of(BenchFiles.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path jar = self.getParent().getParent().getParent().resolve("example-job/target/flink-gitops-example-job.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("example job jar missing at " + jar + ": build with mvn -Pbench -DskipTests package");
        }
        return jar;
    }
}
