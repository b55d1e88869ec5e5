package dev.flinkgitops.pages;

import dev.flinkgitops.appspec.UpgradeMode;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fleet page from values: every phase, escaping, filters and counts, the daemon's health, 1,000 apps. */
class FleetPageTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Health HEALTH = new Health(false, NOW.minusSeconds(3), Duration.ofMillis(120), null, false,
            clusters(), "not the leader");

    static Map<String, String> clusters() {
        Map<String, String> clusters = new java.util.HashMap<>();
        clusters.put("embedded", "Flink cluster embedded did not answer");
        clusters.put("prod", null);
        return clusters;
    }

    static AppRow row(String namespace, String name, Phase phase) {
        AppStatus status = AppStatus.empty(namespace + "/" + name, "apps/" + namespace + "/" + name + ".yaml")
                .withSpec("apps/x.yaml", "0123456789abcdef0123456789abcdef01234567", "h")
                .withJob(new JobRecord("job-" + name, "embedded", "RUNNING", 1, null, "2026-11-30T11:00:00Z"))
                .withSavepoint(new SavepointRecord("file:///sp/" + name, "t", "periodic", "job-" + name, "c", "2026-11-30T11:58:00Z"))
                .withPhase(phase, "message of " + name);
        return new AppRow(namespace, name, status, "v2_2", new Commit(status.specCommit(), "subject " + name, "alice", NOW), null);
    }

    static List<AppRow> everyPhase() {
        List<AppRow> rows = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            rows.add(row(phase.ordinal() % 2 == 0 ? "even" : "odd", phase.name().toLowerCase().replace('_', '-'), phase));
        }
        rows.add(row("even", "fresh", null));
        return rows;
    }

    @Test
    void anAppInEachPhaseShowsItsColouredPhaseAndTheCountsLinkToTheFilter() {
        String page = FleetPage.render(new Fleet(everyPhase(), HEALTH, NOW), Filter.NONE);
        for (Phase phase : Phase.values()) {
            assertTrue(page.contains("<span class=\"phase " + Html.colour(phase) + "\">" + phase.name() + "</span>"), phase.name());
            assertTrue(page.contains("<a href=\"/?phase=" + phase.name() + "\">"), "count link of " + phase);
            assertTrue(page.contains("data-app=\"" + (phase.ordinal() % 2 == 0 ? "even" : "odd") + "/"
                    + phase.name().toLowerCase().replace('_', '-') + "\""), phase.name());
        }
        assertTrue(page.contains("class=\"phase ok\">RUNNING"));
        assertTrue(page.contains("class=\"phase bad\">STALLED"));
        assertTrue(page.contains("class=\"phase warn\">BLOCKED"));
        assertTrue(page.contains("class=\"phase idle\">NEW"), "an app with no phase yet");
        assertTrue(page.contains("2m 0s ago (periodic)"), page);
        assertTrue(page.contains("<code>0123456789</code> subject running <span class=\"muted\">(alice)</span>"), page);
        assertTrue(page.contains((Phase.values().length + 1) + " of " + (Phase.values().length + 1) + " apps shown"));
    }

    @Test
    void theDaemonsHealthSaysFollowerTickGitAndEachCluster() {
        String page = FleetPage.render(new Fleet(List.of(), HEALTH, NOW), Filter.NONE);
        assertTrue(page.contains("daemon: <b>follower</b>"), page);
        assertTrue(page.contains("last tick: 3s ago, took 120 ms"), page);
        assertTrue(page.contains("git: <b class=\"err\">unreachable</b>"), page);
        assertTrue(page.contains("Flink embedded: <b class=\"err\">Flink cluster embedded did not answer</b>"), page);
        assertTrue(page.contains("Flink prod: reachable"), page);
        assertTrue(page.contains("ready: <b class=\"err\">no, not the leader</b>"), page);
    }

    @Test
    void manyClustersAreCountedAndOnlyThoseThatDidNotAnswerNamed() {
        Map<String, String> clusters = new java.util.HashMap<>();
        for (int i = 0; i < 1000; i++) {
            clusters.put("k8s:team/app-" + i, i % 400 == 7 ? "Flink cluster k8s:team/app-" + i + " did not answer" : null);
        }
        Health many = new Health(true, NOW, Duration.ofMillis(1), null, true, clusters, null);
        String page = FleetPage.render(new Fleet(List.of(), many, NOW), Filter.NONE);
        assertTrue(page.contains("Flink clusters: 997 of 1000 reachable"), page);
        assertTrue(page.contains("<span class=\"err\">Flink cluster k8s:team/app-407 did not answer</span>"), page);
        assertFalse(page.contains("app-8 "), page);
    }

    @Test
    void filtersByNamespaceAndPhaseKeepOnlyTheirApps() {
        Fleet fleet = new Fleet(everyPhase(), HEALTH, NOW);
        String odd = FleetPage.render(fleet, new Filter("odd", null));
        assertTrue(odd.contains("data-app=\"odd/running\""));
        assertFalse(odd.contains("data-app=\"even/"), odd);
        assertTrue(odd.contains("<option selected value=\"odd\">odd</option>"), odd);
        String stalled = FleetPage.render(fleet, new Filter(null, Phase.STALLED));
        assertEquals(1, stalled.split("<tr class=\"app\"").length - 1, stalled);
        assertTrue(stalled.contains("<option selected>STALLED</option>"));
        assertEquals(new Filter("pay", Phase.ROLLED_BACK),
                Filter.of(Map.of("namespace", List.of("pay"), "phase", List.of("rolled_back"))));
        assertEquals(Filter.NONE, Filter.of(Map.of("namespace", List.of(""), "phase", List.of(" "))));
    }

    @Test
    void everyValueFromASpecACommitOrTheStatusIsEscaped() {
        String script = "<script>alert('x')</script>";
        AppStatus status = row("pay", "orders", Phase.BLOCKED).status()
                .withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, "c", "h", UpgradeMode.SAVEPOINT,
                        "t", "j", null, "2026-11-30T11:55:00Z"))
                .withError(new ErrorRecord("savepoint failed: " + script, "c", "h", 2, "2026-11-30T11:59:00Z", null))
                .withJob(new JobRecord("j\"><img src=x onerror=alert(1)>", "embedded", script, 1, null, null));
        AppRow row = new AppRow("pay", "orders", status, "<b>v2</b>", new Commit("c", script, "\"eve\" <e@x>", NOW), null);
        AppRow strange = new AppRow(script, "x", status, null, null, null);
        String page = FleetPage.render(new Fleet(List.of(row, strange), HEALTH, NOW), Filter.NONE);
        assertFalse(page.contains("<script>") || page.contains("<img") || page.contains("<b>v2"), page);
        assertTrue(page.contains("savepoint failed: &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), page);
        assertTrue(page.contains("j&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"), page);
        assertTrue(page.contains("&quot;eve&quot; &lt;e@x&gt;"), page);
        assertTrue(page.contains("upgrade, stopping, waiting 5m 0s"), page);
        assertTrue(page.contains("data-app=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;/x\""), page);
        String filtered = FleetPage.render(new Fleet(List.of(row, strange), HEALTH, NOW), new Filter(script, null));
        assertFalse(filtered.contains("<script>"), filtered);
        assertTrue(filtered.contains("namespace=%3Cscript%3Ealert%28%27x%27%29%3C%2Fscript%3E"), "the filter in a link is URL-encoded");
    }

    @Test
    void aThousandAppsAreAllShown() {
        List<AppRow> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(row("team-" + i % 20, String.format("app-%04d", i), Phase.values()[i % Phase.values().length]));
        }
        Fleet fleet = new Fleet(rows, HEALTH, NOW);
        FleetPage.render(fleet, Filter.NONE);
        long start = System.nanoTime();
        String page = FleetPage.render(fleet, Filter.NONE);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(1000, page.split("<tr class=\"app\"").length - 1);
        assertTrue(page.contains("data-app=\"team-19/app-0999\""));
        assertTrue(page.contains("1000 of 1000 apps shown"));
        // The budget is 100 ms (bench/ measures it); this bound only catches an accidental quadratic.
        assertTrue(millis < 1000, "rendered 1,000 apps in " + millis + " ms");
    }
}
