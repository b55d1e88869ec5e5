package dev.flinkgitops.jars;

import dev.flinkgitops.port.FlinkJobs;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RunRequest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarUploadsTest {

    @TempDir
    Path dir;

    /** Records uploads; everything else is unused here. */
    private static final class UploadCounter implements FlinkJobs {
        final List<Path> uploaded = new ArrayList<>();

        @Override
        public List<JobSummary> listJobs() {
            return List.of();
        }

        @Override
        public java.util.Optional<JobState> jobStatus(String jobId) {
            return java.util.Optional.empty();
        }

        @Override
        public String uploadJar(Path jar) {
            uploaded.add(jar);
            return "jar-" + uploaded.size() + ".jar";
        }

        @Override
        public String runJar(String jarId, RunRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void cancel(String jobId) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void uploadsSameContentOncePerCluster() throws Exception {
        Path a = Files.write(dir.resolve("a.jar"), new byte[] {1, 2});
        Path copy = Files.write(dir.resolve("copy.jar"), new byte[] {1, 2});
        UploadCounter one = new UploadCounter();
        UploadCounter two = new UploadCounter();
        JarUploads uploads = new JarUploads();

        assertEquals("jar-1.jar", uploads.ensureUploaded(one, a));
        assertEquals("jar-1.jar", uploads.ensureUploaded(one, a));
        assertEquals("jar-1.jar", uploads.ensureUploaded(one, copy));
        assertEquals(1, one.uploaded.size());
        assertEquals("jar-1.jar", uploads.ensureUploaded(two, a));
        assertEquals(1, two.uploaded.size());
    }

    @Test
    void changedContentOrForgottenJarIsUploadedAgain() throws Exception {
        Path a = Files.write(dir.resolve("a.jar"), new byte[] {1, 2});
        UploadCounter cluster = new UploadCounter();
        JarUploads uploads = new JarUploads();
        String first = uploads.ensureUploaded(cluster, a);

        uploads.forget(cluster, a);
        String second = uploads.ensureUploaded(cluster, a);
        assertNotEquals(first, second);

        Files.write(a, new byte[] {1, 2, 3});
        assertNotEquals(second, uploads.ensureUploaded(cluster, a));

        uploads.forget(cluster);
        uploads.ensureUploaded(cluster, a);
        assertEquals(4, cluster.uploaded.size());
    }
}
