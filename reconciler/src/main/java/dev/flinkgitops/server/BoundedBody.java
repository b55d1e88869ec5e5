package dev.flinkgitops.server;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body without holding a thread while the client is slow: each chunk is read
 * as it arrives, and the reader asks to be called again when none is there. Stops after
 * {@code maxBytes + 1} bytes. Exactly one of the two consumers is called, once.
 */
final class BoundedBody implements Runnable {

    private final Request request;
    private final int maxBytes;
    private final Consumer<byte[]> onBody;
    private final Consumer<Throwable> onFailure;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /**
     * @param onBody gets the whole body, or null when it is over {@code maxBytes}
     * @param onFailure gets why reading failed: the read or request timeout, a broken connection
     */
    BoundedBody(Request request, int maxBytes, Consumer<byte[]> onBody, Consumer<Throwable> onFailure) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.onBody = onBody;
        this.onFailure = onFailure;
    }

    /** Reads what has arrived; called again by the server when more does. */
    @Override
    public void run() {
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                request.demand(this);
                return;
            }
            if (Content.Chunk.isFailure(chunk)) {
                onFailure.accept(chunk.getFailure()); // even a "transient" timeout ends this body
                return;
            }
            boolean last = chunk.isLast();
            take(chunk.getByteBuffer());
            chunk.release();
            if (bytes.size() > maxBytes) {
                onBody.accept(null);
                return;
            }
            if (last) {
                onBody.accept(bytes.toByteArray());
                return;
            }
        }
    }

    private void take(ByteBuffer buffer) {
        byte[] part = new byte[Math.min(buffer.remaining(), maxBytes + 1 - bytes.size())];
        buffer.get(part);
        bytes.writeBytes(part);
    }
}
