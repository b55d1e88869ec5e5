package dev.flinkgitops.jars;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Downloads one jar over HTTP(S) into a file, atomically (a temporary file renamed into
 * place), with a time limit for the whole transfer and a size cap enforced while streaming.
 */
final class JarDownload {

    private final Duration timeout;
    private final long maxBytes;
    private final HttpClient http;

    JarDownload(Duration timeout, long maxBytes) {
        this.timeout = timeout;
        this.maxBytes = maxBytes;
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    void fetch(String jarUri, URI uri, Path target) {
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".part");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
            Path body = tmp;
            CompletableFuture<HttpResponse<Path>> answer = http.sendAsync(request, info -> subscriber(info, body));
            HttpResponse<Path> response = await(jarUri, answer);
            if (response.statusCode() != 200) {
                throw new JarResolveException("jarURI " + jarUri + ": download answered HTTP " + response.statusCode(),
                        response.statusCode() >= 500 || response.statusCode() == 429);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JarResolveException("jarURI " + jarUri + ": download failed: " + e, true, e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    private HttpResponse.BodySubscriber<Path> subscriber(HttpResponse.ResponseInfo info, Path file) {
        if (info.statusCode() != 200) {
            return HttpResponse.BodySubscribers.replacing(file);
        }
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new Capped(HttpResponse.BodySubscribers.ofFile(file), maxBytes, declared);
    }

    private HttpResponse<Path> await(String jarUri, CompletableFuture<HttpResponse<Path>> answer) {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new JarResolveException("jarURI " + jarUri + ": download did not finish within " + timeout, true, e);
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new JarResolveException("jarURI " + jarUri + ": download interrupted", true, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof TooLarge) {
                    throw new JarResolveException("jarURI " + jarUri + ": " + c.getMessage(), false, c);
                }
            }
            throw new JarResolveException("jarURI " + jarUri + ": download failed: " + cause, true, cause);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stray .part file in the cache is harmless: it is never used
            }
        }
    }

    private static final class TooLarge extends IOException {
        TooLarge(long maxBytes) {
            super("jar is larger than the download limit of " + maxBytes + " bytes");
        }
    }

    /** Passes the body through to a file and cancels the transfer once it exceeds the cap. */
    private static final class Capped implements HttpResponse.BodySubscriber<Path> {
        private final HttpResponse.BodySubscriber<Path> file;
        private final long maxBytes;
        private long received;
        private Flow.Subscription subscription;
        private boolean failed;

        Capped(HttpResponse.BodySubscriber<Path> file, long maxBytes, long declaredBytes) {
            this.file = file;
            this.maxBytes = maxBytes;
            this.received = declaredBytes > maxBytes ? declaredBytes : 0;
        }

        @Override
        public CompletionStage<Path> getBody() {
            return file.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            file.onSubscribe(s);
            if (received > maxBytes) {
                fail();
            }
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            if (failed) {
                return;
            }
            for (ByteBuffer item : items) {
                received += item.remaining();
            }
            if (received > maxBytes) {
                fail();
                return;
            }
            file.onNext(items);
        }

        private void fail() {
            failed = true;
            subscription.cancel();
            file.onError(new TooLarge(maxBytes));
        }

        @Override
        public void onError(Throwable error) {
            if (!failed) {
                file.onError(error);
            }
        }

        @Override
        public void onComplete() {
            if (!failed) {
                file.onComplete();
            }
        }
    }
}
