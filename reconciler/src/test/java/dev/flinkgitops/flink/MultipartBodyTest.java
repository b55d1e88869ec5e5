package dev.flinkgitops.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultipartBodyTest {

    @TempDir
    Path dir;

    @Test
    void wrapsTheFileInOnePart() throws Exception {
        Path jar = Files.write(dir.resolve("job.jar"), new byte[] {1, 2, 3});
        MultipartBody body = new MultipartBody("XYZ", "jarfile", jar);

        String expectedHead = "--XYZ\r\n"
                + "Content-Disposition: form-data; name=\"jarfile\"; filename=\"job.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n";
        byte[] expected = concat(expectedHead.getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3},
                "\r\n--XYZ--\r\n".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, published(body));
        assertEquals("multipart/form-data; boundary=XYZ", body.contentType());
        assertEquals(expected.length, body.publisher().contentLength());
    }

    @Test
    void fileNameIsSafeAndEndsInJar() {
        assertEquals("app_1_.jar", new MultipartBody("b", "jarfile", Path.of("/x/app\"1\"")).fileName());
        assertEquals("app.jar", new MultipartBody("b", "jarfile", Path.of("/x/app.jar")).fileName());
        assertTrue(MultipartBody.jar(Path.of("a.jar")).boundary().startsWith("flinkgitops-"));
    }

    private static byte[] published(MultipartBody body) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        body.publisher().subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.completeExceptionally(throwable);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get(5, TimeUnit.SECONDS);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
