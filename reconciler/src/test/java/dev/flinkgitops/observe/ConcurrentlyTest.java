package dev.flinkgitops.observe;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConcurrentlyTest {

    private final Concurrently reads = new Concurrently();

    @Test
    void callsOverlap() {
        // Each call waits until all have started: only calls that run at the same time can all return true.
        List<Integer> keys = IntStream.range(0, Concurrently.THREADS).boxed().toList();
        CountDownLatch started = new CountDownLatch(keys.size());
        Map<Integer, Boolean> overlapped = reads.each(keys, key -> {
            started.countDown();
            try {
                return Optional.of(started.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of(false);
            }
        });
        assertEquals(keys.size(), overlapped.size());
        assertEquals(List.of(true), overlapped.values().stream().distinct().toList());
    }

    @Test
    void keepsTheKeysOrderAndSkipsEmptyAnswers() {
        Map<String, Integer> lengths = reads.each(List.of("ccc", "", "a", "bb"),
                key -> key.isEmpty() ? Optional.empty() : Optional.of(key.length()));
        assertEquals(List.of("ccc", "a", "bb"), List.copyOf(lengths.keySet()));
        assertEquals(List.of(3, 1, 2), List.copyOf(lengths.values()));
    }

    @Test
    void aFailingCallFailsTheRead() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> reads.each(List.of("a", "b"), key -> {
            if (key.equals("b")) {
                throw new IllegalArgumentException("no " + key);
            }
            return Optional.of(key);
        }));
        assertEquals("no b", e.getMessage());
    }
}
