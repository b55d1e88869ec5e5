package dev.flinkgitops.bench;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.git.FileHistory;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.pages.Health;
import dev.flinkgitops.server.Pages;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.web.PageData;
import dev.flinkgitops.web.WebPages;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.flinkgitops.bench.BenchFixtures.app;
import static dev.flinkgitops.bench.BenchFixtures.file;
import static dev.flinkgitops.bench.BenchFixtures.spec;

/**
 * B11: the fleet page ({@code GET /}) with N apps, server time: the daemon's pages answering from N statuses
 * (every phase, each with a job and a savepoint, some with an operation in flight or an error) and a git
 * mirror of N spec files served by {@code git daemon}, as the HTTP port calls them (gathering, redaction,
 * rendering), without the network.
 */
final class PagesBench {

    private PagesBench() {}

    static List<Bench.Row> run(GitServer server, Path dir, int apps, int runs) throws Exception {
        String url = server.createRepository("pages.git");
        String head;
        try (SpecRepo specs = SpecRepo.create(dir.resolve("pages-work"), url)) {
            for (int i = 0; i < apps; i++) {
                specs.write(file(i), spec(app(i), "v1"));
            }
            head = specs.commitAndPush(apps + " apps: <script>alert(1)</script>");
        }
        try (GitRepository mirror = GitRepository.open(dir.resolve("pages-mirror.git"), url, null, 30)) {
            mirror.fetch();
            Map<AppId, AppStatus> statuses = statuses(apps, head);
            Health health = new Health(true, Instant.now(), Duration.ofMillis(5), null, true, Map.of("default", "ok"), null);
            Pages pages = new WebPages(new PageData(() -> statuses, () -> health, new FileHistory(mirror), "status",
                    cluster -> "http://127.0.0.1:8081/", Clock.systemUTC()));
            long c0 = System.nanoTime();
            int size = page(pages, "/").length();
            double cold = Bench.ms(System.nanoTime() - c0);
            java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
            List<Double> cpu = new ArrayList<>();
            List<Double> wall = new ArrayList<>();
            List<Double> json = new ArrayList<>();
            for (int run = 0; run < Math.max(runs, 30); run++) {
                long c = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                page(pages, "/");
                long t1 = System.nanoTime();
                cpu.add(Bench.ms(threads.getCurrentThreadCpuTime() - c));
                page(pages, "/api/v1/apps");
                wall.add(Bench.ms(t1 - t0));
                json.add(Bench.ms(System.nanoTime() - t1));
            }
            Stats f = Stats.of(cpu);
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return List.of(new Bench.Row("B11", "fleet page (`GET /`), " + apps + " apps: server time (CPU of the answering thread)",
                    "≤ 100 ms", f.ms(), f.median() <= 100, "PageData + WebPages as the HTTP port calls them, in this JVM, "
                            + "caches warm (commit details by sha, a spec commit's files by commit, specs by content); "
                            + size / 1024 + " KiB of HTML; wall time " + Stats.of(wall).ms() + " (load average "
                            + String.format(java.util.Locale.ROOT, "%.1f", load) + " on " + Runtime.getRuntime().availableProcessors()
                            + " cores while measured); the first render, caches cold (1 commit lookup, 1 tree walk, " + apps
                            + " spec files read and parsed from the git mirror), wall: "
                            + String.format(java.util.Locale.ROOT, "%.0f ms", cold) + "; the same data as JSON (`GET /api/v1/apps`), wall: "
                            + Stats.of(json).ms() + "; statuses in every phase, all with a job and a savepoint, every 7th with "
                            + "an operation in flight, every 11th with an error; real `git daemon`"));
        }
    }

    private static String page(Pages pages, String path) {
        Pages.Answer answer = pages.get(path, Map.of()).orElseThrow();
        if (answer.status() != 200) {
            throw new IllegalStateException(path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private static Map<AppId, AppStatus> statuses(int apps, String head) {
        Map<AppId, AppStatus> statuses = new TreeMap<>();
        Phase[] phases = Phase.values();
        for (int i = 0; i < apps; i++) {
            AppId id = new AppId(Bench.NAMESPACE, app(i));
            String job = "%032x".formatted(i);
            AppStatus status = AppStatus.empty(id.toString(), file(i)).withSpec(file(i), head, "hash-" + i)
                    .withJob(new JobRecord(job, "default", "RUNNING", 1, "file:///sp/" + app(i) + "/savepoint-0", "2026-11-30T10:00:00Z"))
                    .withSavepoint(new SavepointRecord("file:///sp/" + app(i) + "/savepoint-1", "t" + i, "periodic", job, head,
                            "2026-11-30T11:00:00Z"))
                    .withStable(head, "hash-" + i)
                    .withPhase(phases[i % phases.length], "job " + job + " is RUNNING, password=hunter2 for app " + i);
            if (i % 7 == 0) {
                status = status.withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, head, "h",
                        UpgradeMode.SAVEPOINT, "trigger-" + i, job, null, "2026-11-30T11:59:00Z"));
            }
            if (i % 11 == 0) {
                status = status.withError(new ErrorRecord("savepoint failed: <timeout> after 60 s", head, "h", 2,
                        "2026-11-30T11:58:00Z", "2026-11-30T12:05:00Z"));
            }
            statuses.put(id, status);
        }
        return statuses;
    }
}
