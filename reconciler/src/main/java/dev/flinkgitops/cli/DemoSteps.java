package dev.flinkgitops.cli;

import dev.flinkgitops.daemon.Daemon;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** The demo's scripted steps, each waiting (bounded) on what the status branch says. */
final class DemoSteps {

    private final Daemon daemon;
    private final DemoRepository repo;
    private final PrintStream out;
    private final Duration timeout;
    private final Map<AppId, String> shown = new HashMap<>();

    DemoSteps(Daemon daemon, DemoRepository repo, PrintStream out, Duration timeout) {
        this.daemon = daemon;
        this.repo = repo;
        this.out = out;
        this.timeout = timeout;
    }

    void deployAll() {
        out.println("==> deploying the example apps");
        await("every example app RUNNING", statuses -> !statuses.isEmpty()
                && statuses.values().stream().allMatch(s -> s.phase() == dev.flinkgitops.status.Phase.RUNNING));
        daemon.statuses().forEach((id, status) ->
                out.printf("    %-28s RUNNING  job %s%n", id, status.job().id()));
    }

    void upgradeOne() throws Exception {
        Map<String, Long> before = awaitValue("counters of " + DemoCommand.UPGRADED, () -> {
            Map<String, Long> counts = CounterLines.counts(repo.output("orders-counter"), "v1", true);
            return counts.values().stream().anyMatch(c -> c >= 20) ? counts : null;
        });
        out.printf("==> %s counts per key (tag v1): %s%n", DemoCommand.UPGRADED, CounterLines.describe(before));
        out.printf("==> committing a change to %s: args --tag v1 -> --tag v2%n", DemoCommand.UPGRADED_FILE);
        long start = System.nanoTime();
        String commit = repo.commit(DemoCommand.UPGRADED_FILE,
                text -> text.replace("\"--tag\", \"v1\"", "\"--tag\", \"v2\""), "orders-counter: tag v2");
        daemon.wake();
        await("the upgrade of " + DemoCommand.UPGRADED + " to " + commit.substring(0, 10),
                DemoCommand.running(DemoCommand.UPGRADED, commit));
        AppStatus status = daemon.statuses().get(DemoCommand.UPGRADED);
        out.printf("==> upgraded in %.1f s: savepoint %s%n    new job %s restored from it%n",
                (System.nanoTime() - start) / 1e9, status.lastSavepoint().path(), status.job().id());
        Map<String, Long> lastV1 = CounterLines.counts(repo.output("orders-counter"), "v1", true);
        Map<String, Long> firstV2 = awaitValue("v2 counts for every key", () -> {
            Map<String, Long> counts = CounterLines.counts(repo.output("orders-counter"), "v2", false);
            return counts.keySet().containsAll(lastV1.keySet()) ? counts : null;
        });
        out.println("==> state carried over (last count under v1 -> first count under v2):");
        lastV1.forEach((key, last) -> out.printf("    %s: %d -> %d %s%n", key, last, firstV2.get(key),
                firstV2.get(key) == last + 1 ? "(continued)" : "(NOT continued)"));
    }

    void showStatusLog() throws Exception {
        out.println("==> git log status (newest first):");
        for (String line : repo.statusLog()) {
            out.println("    " + line);
        }
    }

    private void await(String what, Predicate<Map<AppId, AppStatus>> done) {
        awaitValue(what, () -> {
            Map<AppId, AppStatus> statuses = daemon.statuses();
            showChanges(statuses);
            return done.test(statuses) ? Boolean.TRUE : null;
        });
    }

    private void showChanges(Map<AppId, AppStatus> statuses) {
        statuses.forEach((id, status) -> {
            String line = status.phase() + ": " + status.message();
            if (!line.equals(shown.put(id, line))) {
                out.printf("    %-28s %s%n", id, line);
            }
        });
    }

    private <T> T awaitValue(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting for " + what);
    }
}
