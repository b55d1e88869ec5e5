package dev.flinkgitops.flink;

import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A {@code multipart/form-data} body with one file part, as {@code POST /jars/upload} expects.
 * The file is streamed, not read into memory. Flink accepts only file names ending in
 * {@code .jar}, so the part's file name gets that suffix when the file lacks it.
 */
record MultipartBody(String boundary, String fieldName, Path file) {

    static MultipartBody jar(Path file) {
        return new MultipartBody("flinkgitops-" + UUID.randomUUID(), "jarfile", file);
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The part's file name: the file's own name made header-safe, ending in {@code .jar}. */
    String fileName() {
        String name = file.getFileName().toString().replaceAll("[\"\\\\\\r\\n]", "_");
        return name.endsWith(".jar") ? name : name + ".jar";
    }

    byte[] head() {
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"" + fieldName + "\"; filename=\"" + fileName() + "\"\r\n"
                + "Content-Type: application/java-archive\r\n"
                + "\r\n";
        return head.getBytes(StandardCharsets.UTF_8);
    }

    byte[] tail() {
        return ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    }

    HttpRequest.BodyPublisher publisher() throws FileNotFoundException {
        return HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head()),
                HttpRequest.BodyPublishers.ofFile(file),
                HttpRequest.BodyPublishers.ofByteArray(tail()));
    }
}
