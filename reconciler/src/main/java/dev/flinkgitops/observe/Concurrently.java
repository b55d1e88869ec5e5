package dev.flinkgitops.observe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Runs the per-job reads of a tick (savepoint states, checkpoints) a few at a time, so that
 * twenty upgrades in flight cost about the time of three calls, not twenty. Idle threads end.
 */
final class Concurrently {

    static final int THREADS = 8;

    private final ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "flink-gitops-observe");
                thread.setDaemon(true);
                return thread;
            });

    Concurrently() {
        pool.allowCoreThreadTimeOut(true);
    }

    /** {@code call} for every key, concurrently; the keys whose call returned a value, in the keys' order. */
    <K, V> Map<K, V> each(List<K> keys, Function<K, Optional<V>> call) {
        Map<K, V> results = new LinkedHashMap<>();
        if (keys.size() == 1) {
            call.apply(keys.get(0)).ifPresent(value -> results.put(keys.get(0), value));
            return results;
        }
        Map<K, Future<Optional<V>>> running = new LinkedHashMap<>();
        keys.forEach(key -> running.put(key, pool.submit(() -> call.apply(key))));
        running.forEach((key, future) -> value(future).ifPresent(value -> results.put(key, value)));
        return results;
    }

    private static <V> Optional<V> value(Future<Optional<V>> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading Flink", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
