package dev.flinkgitops.bench;

import dev.flinkgitops.daemon.Catalog;
import dev.flinkgitops.daemon.SpecCatalog;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.Plan;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import org.eclipse.jgit.lib.ObjectId;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** B3 with the plain harness: a cold start with every spec, one fresh JVM per run (the JMH form is {@link ColdStartJmh}). */
final class ColdStart {

    private ColdStart() {}

    static Bench.Row row(Path bareRepo, int apps, int runs) throws Exception {
        String java = Bench.java();
        List<Double> parse = new ArrayList<>();
        List<Double> plan = new ArrayList<>();
        List<Double> total = new ArrayList<>();
        List<Double> fetch = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            Process child = new ProcessBuilder(java, "-Xmx1g",
                    "-Dlogback.configurationFile=logback-bench.xml",
                    "-cp", System.getProperty("java.class.path"), ColdStart.class.getName(),
                    bareRepo.toString(), Integer.toString(apps))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String line;
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                line = reader.lines().filter(l -> l.startsWith("B3 ")).findFirst().orElse(null);
            }
            if (child.waitFor() != 0 || line == null) {
                throw new IllegalStateException("B3 child run failed (exit " + child.exitValue() + ")");
            }
            String[] f = line.split(" ");
            fetch.add(Double.parseDouble(f[1]));
            parse.add(Double.parseDouble(f[2]));
            plan.add(Double.parseDouble(f[3]));
            total.add(Double.parseDouble(f[4]));
        }
        return new Bench.Row("B3", "cold start, " + apps + " specs: parse + validate + plan", "≤ 1 s",
                Stats.of(total).ms(), Stats.of(total).median() <= 1000,
                "a fresh JVM per run (class loading and JIT included), no status branch yet (first start); "
                        + "parse + validate: " + Stats.of(parse).ms() + "; observe (fake Flink port, 0 jobs) + plan: "
                        + Stats.of(plan).ms() + "; not included: the initial clone, " + Stats.of(fetch).ms());
    }

    /** One cold start in this (fresh) JVM: {@code BARE_REPO APPS}; prints "B3 fetchMs parseMs planMs totalMs". */
    public static void main(String[] args) throws Exception {
        String bareRepo = args[0];
        int apps = Integer.parseInt(args[1]);
        Path dir = Files.createTempDirectory("flink-gitops-b3");
        TickFixture fixture = new TickFixture();
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror"), bareRepo, null, 60)) {
            long f0 = System.nanoTime();
            repo.fetch();
            ObjectId head = repo.tip("main").orElseThrow();
            long t0 = System.nanoTime();
            SpecCatalog catalog = fixture.catalog(repo);
            Map<AppId, AppStatus> recorded = Map.of();
            Catalog validated = catalog.read(head, recorded);
            long t1 = System.nanoTime();
            Map<AppId, Plan> plans = fixture.observeAndPlan(validated, recorded);
            long t2 = System.nanoTime();
            long starts = plans.values().stream().filter(p -> !(p instanceof Plan.Nothing)).count();
            if (catalog.parses() != apps || starts != apps) {
                throw new IllegalStateException("B3: parsed " + catalog.parses() + ", planned " + starts + " starts, expected " + apps);
            }
            System.out.printf(java.util.Locale.ROOT, "B3 %.3f %.3f %.3f %.3f%n", Bench.ms(t0 - f0), Bench.ms(t1 - t0), Bench.ms(t2 - t1), Bench.ms(t2 - t0));
        }
    }
}
