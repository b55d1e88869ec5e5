package dev.flinkgitops.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.port.Cluster;
import dev.flinkgitops.port.Clusters;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.testing.FakeFlink;
import dev.flinkgitops.testing.FakeJars;
import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole ticks over a spec file of two documents (a FlinkDeployment and a FlinkSessionJob): each
 * is an app of its own; removing one document deletes only that app; a broken document stalls
 * only its app, whose last valid spec keeps running.
 */
class MultiDocumentTickTest {

    @TempDir
    Path dir;

    private final FakeFlink flink = new FakeFlink();
    private GitServer server;
    private SpecRepo specs;
    private GitRepository repo;
    private Tick tick;

    static String deployment(String tag) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: team
                spec:
                  job:
                    jarURI: file:///jobs/counter.jar
                    args: ["--tag", "%s"]
                    upgradeMode: savepoint
                """.formatted(tag);
    }

    static String sessionJob(String tag) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: clicks
                  namespace: team
                spec:
                  deploymentName: default
                  job:
                    jarURI: file:///jobs/counter.jar
                    args: ["--tag", "%s"]
                    upgradeMode: savepoint
                """.formatted(tag);
    }

    @BeforeEach
    void setUp() throws Exception {
        server = GitServer.start(dir.resolve("server"));
        String url = server.createRepository("origin.git");
        specs = SpecRepo.create(dir.resolve("work"), url);
        repo = GitRepository.open(dir.resolve("mirror"), url, null, 10);
        Cluster cluster = new Cluster("default", "fake://", flink, flink, flink);
        PlannerSettings settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false);
        tick = Tick.builder(repo, new Clusters(Map.of("default", cluster), null), settings).jars(new FakeJars())
                .statusWriter(new PersonIdent("t", "t@x"), 3).build();
    }

    @AfterEach
    void tearDown() {
        tick.close();
        repo.close();
        specs.close();
        server.close();
    }

    private AppStatus status(String name) {
        return tick.statuses().get(new AppId("team", name));
    }

    private void ticks(int n) {
        for (int i = 0; i < n; i++) {
            tick.run();
        }
    }

    @Test
    void eachDocumentIsAnAppOfItsOwn() {
        specs.write("apps/orders.yaml", "---\n" + deployment("v1") + "---\n" + sessionJob("v1") + "---\n").commitAndPush("two apps, one file");
        ticks(3);
        assertEquals(Phase.RUNNING, status("orders").phase());
        assertEquals(Phase.RUNNING, status("clicks").phase());
        assertEquals("apps/orders.yaml", status("orders").specFile());
        assertEquals("apps/orders.yaml", status("clicks").specFile());
        String orders = status("orders").job().id();
        String clicks = status("clicks").job().id();
        assertNotEquals(orders, clicks);

        // clicks broken (an unknown upgrade mode), orders upgraded in the same commit
        specs.write("apps/orders.yaml", deployment("v2") + "---\n" + sessionJob("v1").replace("upgradeMode: savepoint",
                "upgradeMode: sometimes")).commitAndPush("orders v2, clicks broken");
        ticks(6);
        assertEquals(Phase.RUNNING, status("orders").phase());
        assertEquals(JobState.FINISHED, flink.state(orders), "orders upgraded with a savepoint");
        assertTrue(status("orders").job().restoredFrom().startsWith("file:///savepoints/team/orders/savepoint-"));
        assertEquals(Phase.STALLED, status("clicks").phase(), "the broken document stalls its own app only");
        assertTrue(status("clicks").lastError().message().contains("apps/orders.yaml:22:"), status("clicks").lastError().message());
        assertEquals(clicks, status("clicks").job().id());
        assertEquals(JobState.RUNNING, flink.state(clicks), "its last valid spec keeps running");

        // clicks' document now not even YAML: it names no app, so it holds the app its file is missing
        String upgraded = status("orders").job().id();
        specs.write("apps/orders.yaml", deployment("v2") + "---\nmetadata: {name: [clicks\n").commitAndPush("clicks unreadable");
        ticks(3);
        assertEquals(Phase.STALLED, status("clicks").phase(), "not deleted: its document cannot be read");
        assertEquals(JobState.RUNNING, flink.state(clicks));
        assertEquals(Phase.RUNNING, status("orders").phase());
        assertEquals(upgraded, status("orders").job().id());

        // the document removed: only clicks is deleted
        specs.write("apps/orders.yaml", deployment("v2")).commitAndPush("clicks removed");
        ticks(6);
        assertEquals(Phase.DELETED, status("clicks").phase());
        assertEquals(JobState.FINISHED, flink.state(clicks), "stopped with a final savepoint");
        assertEquals(Phase.RUNNING, status("orders").phase());
        assertEquals(upgraded, status("orders").job().id(), "the other document's app is untouched");
        assertEquals(JobState.RUNNING, flink.state(upgraded));
    }

    @Test
    void aFileThatCannotBeReadAtAllHoldsEveryAppItHeld() {
        specs.write("apps/orders.yaml", deployment("v1") + "---\n" + sessionJob("v1")).commitAndPush("two apps, one file");
        ticks(3);
        String orders = status("orders").job().id();
        String clicks = status("clicks").job().id();

        specs.write("apps/orders.yaml", "a: [" + "1, ".repeat(10_001) + "1]\n---\n" + deployment("v1") + "---\n" + sessionJob("v1"))
                .commitAndPush("over the file's node bound");
        ticks(3);
        assertEquals(Phase.STALLED, status("orders").phase());
        assertEquals(Phase.STALLED, status("clicks").phase());
        assertTrue(status("clicks").lastError().message().contains("more than 10000 YAML nodes"), status("clicks").lastError().message());
        assertEquals(JobState.RUNNING, flink.state(orders));
        assertEquals(JobState.RUNNING, flink.state(clicks));

        specs.write("apps/orders.yaml", sessionJob("v1") + "---\n" + deployment("v1")).commitAndPush("fixed, and reordered");
        ticks(3);
        assertEquals(Phase.RUNNING, status("orders").phase());
        assertEquals(Phase.RUNNING, status("clicks").phase());
        assertEquals(orders, status("orders").job().id(), "reordering the documents changes nothing");
        assertEquals(clicks, status("clicks").job().id());
    }
}
