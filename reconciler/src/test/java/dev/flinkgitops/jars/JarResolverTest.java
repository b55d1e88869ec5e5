package dev.flinkgitops.jars;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarResolverTest {

    private static final byte[] JAR = {'P', 'K', 3, 4, 42};

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger downloads = new AtomicInteger();
    private Path cache;
    private Path jars;

    @BeforeEach
    void setUp() throws IOException {
        cache = dir.resolve("cache");
        jars = Files.createDirectories(dir.resolve("jars"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jobs/app.jar", exchange -> {
            downloads.incrementAndGet();
            exchange.sendResponseHeaders(200, JAR.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(JAR);
            }
        });
        server.createContext("/jobs/huge.jar", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(new byte[64 * 1024]);
            } catch (IOException e) {
                // the client hung up once over the cap
            }
        });
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    private JarResolver resolver() {
        return new JarResolver(List.of(jars), cache, Duration.ofSeconds(5), 1024);
    }

    private String http(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void fileUriIsThePath() throws IOException {
        Path jar = Files.write(dir.resolve("my.jar"), JAR);
        assertEquals(jar, resolver().resolve(jar.toUri().toString()));
    }

    @Test
    void missingFileNamesTheUri() {
        String uri = dir.resolve("nope.jar").toUri().toString();
        JarResolveException error = assertThrows(JarResolveException.class, () -> resolver().resolve(uri));
        assertTrue(error.getMessage().contains(uri), error.getMessage());
        assertFalse(error.retryable());
    }

    @Test
    void localUriIsThePathWhenItExists() throws IOException {
        Path jar = Files.write(dir.resolve("direct.jar"), JAR);
        assertEquals(jar, resolver().resolve("local://" + jar));
    }

    @Test
    void localUriFallsBackToTheJarDirectories() throws IOException {
        Path jar = Files.write(jars.resolve("app.jar"), JAR);
        assertEquals(jar, resolver().resolve("local:///opt/flink/usrlib/app.jar"));
    }

    @Test
    void localUriFallsBackToTheBundledExample() throws IOException {
        Path jar = resolver().resolve("local:///opt/flink/usrlib/flink-gitops-example-job.jar");
        assertTrue(jar.startsWith(cache), jar.toString());
        assertTrue(Files.size(jar) > 1000);
        assertEquals(jar, resolver().resolve("local:///elsewhere/flink-gitops-example-job.jar"), "extracted once");
    }

    @Test
    void unknownLocalJarNamesTheUri() {
        JarResolveException error = assertThrows(JarResolveException.class,
                () -> resolver().resolve("local:///opt/flink/usrlib/missing.jar"));
        assertTrue(error.getMessage().contains("local:///opt/flink/usrlib/missing.jar"), error.getMessage());
    }

    @Test
    void httpIsDownloadedOnce() throws IOException {
        Path jar = resolver().resolve(http("/jobs/app.jar"));
        assertArrayEquals(JAR, Files.readAllBytes(jar));
        assertEquals(jar, resolver().resolve(http("/jobs/app.jar")));
        assertEquals(1, downloads.get());
        try (Stream<Path> files = Files.list(jar.getParent())) {
            assertEquals(List.of(jar), files.toList(), "no partial files left behind");
        }
    }

    @Test
    void httpErrorsNameTheUri() {
        String missing = http("/jobs/missing.jar");
        JarResolveException error = assertThrows(JarResolveException.class, () -> resolver().resolve(missing));
        assertTrue(error.getMessage().contains(missing) && error.getMessage().contains("404"), error.getMessage());
    }

    @Test
    void downloadsOverTheCapAreRefused() throws IOException {
        String huge = http("/jobs/huge.jar");
        JarResolveException error = assertThrows(JarResolveException.class, () -> resolver().resolve(huge));
        assertTrue(error.getMessage().contains("larger than"), error.getMessage());
        assertFalse(error.retryable());
        try (Stream<Path> files = Files.list(cache.resolve("downloads"))) {
            assertEquals(0, files.count(), "nothing kept");
        }
    }

    @Test
    void unsupportedSchemeIsAnError() {
        assertThrows(JarResolveException.class, () -> resolver().resolve("s3://bucket/app.jar"));
        assertThrows(JarResolveException.class, () -> resolver().resolve(" "));
    }
}
