package dev.flinkgitops.testing;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/**
 * {@link FaultProxy}'s targeted rule: the next request whose method and path match meets
 * {@link Fault#LOST_ANSWER}, once, and the proxy notes when its connection was reset.
 */
final class OneShotLoss {

    private record Target(String method, Pattern path) {}

    private final AtomicReference<Target> armed = new AtomicReference<>();
    private final AtomicReference<Instant> lostAt = new AtomicReference<>();

    /** Arms the rule (replacing one not yet used) and forgets the time of an earlier loss. */
    void arm(String method, String pathRegex) {
        lostAt.set(null);
        armed.set(new Target(method, Pattern.compile(pathRegex)));
    }

    /** True for the first matching request since {@link #arm}, which disarms the rule; false for every other. */
    boolean take(ProxyRequest request) {
        Target target = armed.get();
        return target != null && target.method().equalsIgnoreCase(request.method())
                && target.path().matcher(request.path()).matches() && armed.compareAndSet(target, null);
    }

    void lost(Instant at) {
        lostAt.set(at);
    }

    Optional<Instant> lostAt() {
        return Optional.ofNullable(lostAt.get());
    }
}
