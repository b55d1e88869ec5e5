package dev.flinkgitops.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy in front of the git daemon that counts git:// connections by service (the first
 * pkt-line names it: git-upload-pack is a fetch, git-receive-pack a push) and notes when the last
 * fetch connection closed. Over git://, one connection is one git round trip of the daemon.
 */
final class CountingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicInteger pushes = new AtomicInteger();
    /** nanoTime at which the last fetch connection was closed by the client (its fetch was done). */
    final AtomicLong lastFetchClosed = new AtomicLong();

    CountingProxy(int target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::accept, "bench-proxy");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                Thread t = new Thread(() -> serve(client, upstream), "bench-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client, Socket upstream) {
        try (client; upstream) {
            InputStream in = client.getInputStream();
            OutputStream up = upstream.getOutputStream();
            byte[] len = in.readNBytes(4);
            int n = Integer.parseInt(new String(len, StandardCharsets.US_ASCII), 16);
            byte[] first = in.readNBytes(n - 4);
            String line = new String(first, StandardCharsets.US_ASCII);
            boolean fetch = line.startsWith("git-upload-pack");
            (fetch ? fetches : pushes).incrementAndGet();
            up.write(len);
            up.write(first);
            up.flush();
            Thread back = new Thread(() -> pump(upstream, client), "bench-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream);
            if (fetch) {
                lastFetchClosed.set(System.nanoTime());
            }
            back.join(5000);
        } catch (IOException | RuntimeException e) {
            // a connection that breaks is the client's business
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies until EOF, then half-closes the other side. */
    private static void pump(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
