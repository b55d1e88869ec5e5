package dev.flinkgitops.testing;

import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A real {@code git daemon} on 127.0.0.1 serving bare repositories (push enabled) for tests. */
public final class GitServer implements AutoCloseable {

    private final Path base;
    private final int port;
    private final Process process;

    private GitServer(Path base, int port, Process process) {
        this.base = base;
        this.port = port;
        this.process = process;
    }

    public static GitServer start(Path base) {
        try {
            Files.createDirectories(base);
            int port = freePort();
            Process process = new ProcessBuilder(List.of("git", "daemon", "--listen=127.0.0.1", "--port=" + port,
                    "--base-path=" + base, "--export-all", "--enable=receive-pack", "--reuseaddr", base.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve("git-daemon.log").toFile())
                    .start();
            GitServer server = new GitServer(base, port, process);
            Await.until(Duration.ofSeconds(10), "git daemon listening on " + port, server::accepting);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates an empty bare repository and returns its git:// URL. */
    public String createRepository(String name) {
        try (Git ignored = Git.init().setBare(true).setDirectory(base.resolve(name).toFile()).setInitialBranch("main").call()) {
            return url(name);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String url(String name) {
        return "git://127.0.0.1:" + port + "/" + name;
    }

    public int port() {
        return port;
    }

    public Path path(String name) {
        return base.resolve(name);
    }

    private boolean accepting() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nobody listens on right now (for servers started on 127.0.0.1). */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
