package dev.flinkgitops.review;

import dev.flinkgitops.kube.Renderer;
import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.PlannerSettings;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.testing.SpecRepo;
import static dev.flinkgitops.testing.TeamSpecs.spec;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import dev.flinkgitops.plan.Observed;
import dev.flinkgitops.port.JobState;
import dev.flinkgitops.port.JobSummary;
import dev.flinkgitops.port.RescaleView;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pull-request scenarios as real git repositories: base and head commits (and a status branch) in, the plan out. */
class ReviewerTest {

    @TempDir
    Path dir;

    private SpecRepo specs;
    private String base;

    @BeforeEach
    void setUp() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        specs = SpecRepo.create(dir.resolve("work"), bare.toString());
        base = specs.write("apps/a.yaml", spec("a", "v1")).write("apps/b.yaml", spec("b", "v1"))
                .write("apps/c.yaml", spec("c", "v1")).commitAndPush("base");
    }

    @AfterEach
    void tearDown() {
        specs.close();
    }

    private ReviewReport plan(boolean kubernetes) {
        PlannerSettings settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(15), 5, kubernetes).withRendering(new Renderer());
        SpecValidator validator = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(kubernetes));
        try (GitRepository repo = GitRepository.local(specs.dir())) {
            return new RepositoryReview(repo, validator, List.of("apps"))
                    .review(new Reviewer(settings, 0.5), base, "HEAD", "main", "status");
        }
    }

    private ReviewReport plan() {
        return plan(false);
    }

    private static AppReview only(ReviewReport report) {
        assertEquals(1, report.apps().size(), report.apps().toString());
        return report.apps().get(0);
    }

    @Test
    void anArgsChangeIsASavepointUpgradeWithTheFieldDiff() {
        specs.write("apps/a.yaml", spec("a", "v2")).commitAndPush("a v2");
        AppReview a = only(plan());
        assertEquals("team/a", a.app());
        assertEquals("CHANGED", a.change());
        assertEquals("UPGRADE", a.consequence());
        assertEquals("savepoint upgrade", a.action());
        assertTrue(a.restoreFrom().startsWith("a new savepoint"), a.restoreFrom());
        assertEquals(List.of(new AppReview.FieldDiff("spec.job.args", "[--tag, v1]", "[--tag, v2]", "UPGRADE")), a.fields());
    }

    @Test
    void aParallelismChangeIsAScaleAndALabelChangeNeedsNoRestart() {
        specs.write("apps/a.yaml", spec("a", "v1").replace("parallelism: 2", "parallelism: 4"))
                .write("apps/b.yaml", spec("b", "v1").replace("owner: team", "owner: other")).commitAndPush("scale a, relabel b");
        ReviewReport report = plan();
        assertEquals("SCALE", report.apps().get(0).consequence());
        assertEquals("savepoint upgrade (parallelism change; not known whether the cluster runs the adaptive scheduler:"
                + " `plan --live` reads it)", report.apps().get(0).action());
        assertEquals("2 apps: 1 savepoint upgrade, 1 record only", ReportFormat.summary(report));
        assertEquals("IGNORE", report.apps().get(1).consequence());
        assertEquals("record only", report.apps().get(1).action());
        assertEquals("metadata.labels.owner", report.apps().get(1).fields().get(0).path());
    }

    @Test
    void withLiveStateAParallelismChangeSaysWhetherItRescalesInPlace() {
        specs.write("apps/a.yaml", spec("a", "v1").replace("parallelism: 2", "parallelism: 4")).commitAndPush("scale a");
        ReviewReport inPlace = planLive(new RescaleView("1.20.5", "adaptive", Map.of(VERTEX, 2), Map.of(VERTEX, 2), 3));
        AppReview adaptive = only(inPlace);
        assertEquals("rescale in place (adaptive scheduler): parallelism 2 → 4, no restart", adaptive.action());
        assertEquals("1 app: 1 rescale in place", ReportFormat.summary(inPlace));
        assertEquals("none: the running job keeps its state (no restart)", adaptive.restoreFrom());
        AppReview notAdaptive = only(planLive(new RescaleView("1.20.5", "default", Map.of(), Map.of(), -1)));
        assertEquals("savepoint upgrade (parallelism change; the scheduler is not adaptive (jobmanager.scheduler is default"
                + " on the cluster))", notAdaptive.action());
    }

    private static final String VERTEX = "0123456789abcdef0123456789abcdef";

    /** The plan with live state: every recorded job RUNNING on its cluster, which tells {@code view} about rescaling. */
    private ReviewReport planLive(RescaleView view) {
        PlannerSettings settings = new PlannerSettings("default", "file:///savepoints", Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofMinutes(15), 5, false);
        SpecValidator validator = new SpecValidator(ValidationSettings.defaults());
        try (GitRepository repo = GitRepository.local(specs.dir())) {
            return new RepositoryReview(repo, validator, List.of("apps")).review(new Reviewer(settings, 0.5), base, "HEAD",
                    "main", "status", (statuses, desired) -> {
                        Map<String, JobSummary> jobs = new java.util.HashMap<>();
                        statuses.values().forEach(s -> jobs.put(s.job().id(), new JobSummary(s.job().id(), "", JobState.RUNNING, 0)));
                        Map<String, RescaleView> views = new java.util.HashMap<>();
                        jobs.keySet().forEach(id -> views.put(id, view));
                        return new Observed(Map.of("default", jobs), java.util.Set.of(), Map.of(), Map.of()).withRescales(views);
                    });
        }
    }

    @Test
    void anImageChangeIsIgnoredOnSessionClustersAndRedeploysOnKubernetes() {
        specs.write("apps/a.yaml", spec("a", "v1").replace("flink:2.3-java17", "flink:2.3.1-java17")).commitAndPush("image");
        assertEquals("record only", only(plan(false)).action());
        AppReview onKubernetes = only(plan(true));
        assertEquals("REDEPLOY", onKubernetes.consequence());
        assertEquals("savepoint upgrade", onKubernetes.action());
    }

    @Test
    void aNewRestartNonceIsARestartOfTheSameSpecAndSaysSo() {
        base = specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  restartNonce: 3\n"))
                .commitAndPush("restartNonce 3");
        specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  restartNonce: 4\n")).commitAndPush("restart");
        ReviewReport report = plan();
        AppReview a = only(report);
        assertEquals("restart (restartNonce 3 → 4)", a.action());
        assertEquals("UPGRADE", a.consequence());
        assertEquals("a new savepoint (stop-with-savepoint of the running job)", a.restoreFrom());
        assertTrue(ReportFormat.text(report).contains("restart (restartNonce 3 → 4)"), ReportFormat.text(report));
    }

    /** 1.x to 2.x: a REDEPLOY, and the warning is at the top of every format, not only inside the app's block. */
    @Test
    void aFlinkMajorVersionChangeIsARedeployWithAWarningNoReviewerCanMiss() {
        base = specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  flinkVersion: v1_20\n"))
                .commitAndPush("on 1.20");
        specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  flinkVersion: v2_3\n")).commitAndPush("to 2.3");
        ReviewReport report = plan();
        AppReview a = only(report);
        assertEquals("REDEPLOY", a.consequence());
        assertEquals("savepoint upgrade", a.action());
        String warning = "STATE COMPATIBILITY NOT GUARANTEED: Flink does not guarantee state compatibility between 1.x and 2.x"
                + " (flinkVersion v1_20 → v2_3)";
        assertTrue(a.warnings().get(0).startsWith(warning), a.warnings().toString());
        assertTrue(report.warnings().stream().anyMatch(w -> w.startsWith("team/a: " + warning)), report.warnings().toString());
        assertTrue(ReportFormat.text(report).contains("\nwarning: team/a: " + warning), ReportFormat.text(report));
        String markdown = ReportFormat.markdown(report, 60_000).get(0);
        int table = markdown.indexOf("| app |");
        int shown = markdown.indexOf("STATE COMPATIBILITY NOT GUARANTEED");
        assertTrue(shown >= 0 && shown < table, "before the table of apps: " + markdown);
        assertTrue(ReportFormat.json(report).contains("\"team/a: " + warning), ReportFormat.json(report));
    }

    @Test
    void aFlinkMinorVersionChangeHasNoStateCompatibilityWarning() {
        base = specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  flinkVersion: v1_19\n"))
                .commitAndPush("on 1.19");
        specs.write("apps/a.yaml", spec("a", "v1").replace("spec:\n", "spec:\n  flinkVersion: v1_20\n")).commitAndPush("to 1.20");
        ReviewReport report = plan();
        assertEquals("UPGRADE", only(report).consequence());
        assertTrue(report.warnings().isEmpty(), report.warnings().toString());
    }

    @Test
    void addedAppsDeployAndStatelessOrDefaultedModesAreWarnedAbout() {
        specs.write("apps/d.yaml", spec("d", "v1", "", ""))
                .write("apps/a.yaml", spec("a", "v2", "", "    upgradeMode: stateless\n")).commitAndPush("add d, a stateless");
        ReviewReport report = plan();
        AppReview a = report.apps().get(0);
        assertEquals("stateless restart", a.action());
        assertEquals("empty state", a.restoreFrom());
        assertTrue(a.warnings().stream().anyMatch(w -> w.startsWith("upgradeMode stateless")), a.warnings().toString());
        AppReview d = report.apps().get(1);
        assertEquals("ADDED", d.change());
        assertEquals("deploy", d.action());
        assertEquals("empty state", d.restoreFrom());
        assertTrue(d.warnings().stream().anyMatch(w -> w.startsWith("upgradeMode is not set")), d.warnings().toString());
    }

    @Test
    void aRemovalStopsWithAFinalSavepointAndRemovingTooManyIsBlocked() {
        specs.delete("apps/c.yaml").commitAndPush("remove c");
        AppReview c = only(plan());
        assertEquals("REMOVED", c.change());
        assertEquals("delete with final savepoint", c.action());
        assertTrue(c.warnings().get(0).startsWith("removal"), c.warnings().toString());

        specs.delete("apps/a.yaml").delete("apps/b.yaml").commitAndPush("remove all");
        ReviewReport all = plan();
        assertEquals(3, all.apps().size());
        assertTrue(all.apps().stream().allMatch(app -> app.action().equals("blocked")));
        assertTrue(all.warnings().get(0).contains("Allow-Mass-Deletion: true"), all.warnings().toString());
    }

    @Test
    void anInvalidHeadIsBlockedWithItsErrorsAndMakesThePlanInvalid() {
        specs.write("apps/a.yaml", spec("a", "v2").replace("parallelism: 2", "paralelism: 2")).commitAndPush("typo");
        ReviewReport report = plan();
        AppReview a = only(report);
        assertTrue(report.invalid());
        assertEquals("blocked", a.action());
        assertTrue(a.errors().get(0).startsWith("apps/a.yaml:"), a.errors().toString());
        assertNull(a.restoreFrom());
    }

    @Test
    void suspendAndResumeAndTheSavepointOfAResumeComesFromTheStatusBranch() throws Exception {
        specs.write("apps/a.yaml", spec("a", "v1") + "    state: suspended\n").commitAndPush("suspend a");
        assertEquals("suspend", only(plan()).action());

        base = specs.head().name();
        writeStatus("team/a.yaml", AppStatus.empty("team/a", "apps/a.yaml").withSpec("apps/a.yaml", base, "h")
                .withJob(new JobRecord("0".repeat(32), "default", "FINISHED", 1, null, null))
                .withSavepoint(new SavepointRecord("file:///savepoints/team/a/savepoint-1", "t", "suspend", "j", base,
                        "2026-11-21T10:00:00Z"))
                .withPhase(Phase.SUSPENDED, "suspended"));
        specs.write("apps/a.yaml", spec("a", "v1")).commitAndPush("resume a");
        AppReview a = only(plan());
        assertEquals("resume", a.action());
        assertEquals("file:///savepoints/team/a/savepoint-1", a.restoreFrom());
    }

    @Test
    void secretsAreRedactedAndNoChangeMeansAnEmptyPlan() {
        assertFalse(plan().changed());
        specs.write("apps/a.yaml", spec("a", "v1", "\n    s3.secret-key: hunter2", "    upgradeMode: savepoint\n"))
                .commitAndPush("add a secret");
        AppReview a = only(plan());
        assertEquals(new AppReview.FieldDiff("spec.flinkConfiguration.s3.secret-key", null, "<redacted>", "UPGRADE"),
                a.fields().get(0));
        assertFalse(a.toString().contains("hunter2"));
    }

    private void writeStatus(String path, AppStatus status) throws Exception {
        try (Git git = Git.open(specs.dir().toFile())) {
            git.checkout().setOrphan(true).setName("status").call();
            git.rm().addFilepattern("apps").call();
            Path file = specs.dir().resolve(path);
            Files.createDirectories(file.getParent());
            Files.write(file, new StatusCodec().write(status));
            git.add().addFilepattern(path).call();
            git.commit().setMessage("status").setAuthor("d", "d@x").setCommitter("d", "d@x").call();
            git.checkout().setName("main").call();
        }
    }

    @Test
    void aRedeployFromARecordedSavepointIsARollbackThatDiscardsTheStateSince() throws Exception {
        String v1 = base;
        String v2 = specs.write("apps/a.yaml", spec("a", "v2")).commitAndPush("a v2");
        writeStatus("team/a.yaml", AppStatus.empty("team/a", "apps/a.yaml").withSpec("apps/a.yaml", v2, "h2")
                .withJob(new JobRecord("0".repeat(32), "default", "RUNNING", 2, "file:///sp/a/savepoint-1", null))
                .withSavepoint(new SavepointRecord("file:///sp/a/savepoint-1", "t", "upgrade", "j1", v1, "2026-11-21T10:00:00Z"))
                .withPhase(Phase.RUNNING, "running"));
        base = v2;
        specs.write("apps/a.yaml", spec("a", "v1", "", "    upgradeMode: savepoint\n    initialSavepointPath: file:///sp/a/savepoint-1\n"
                + "    savepointRedeployNonce: 1\n")).commitAndPush("roll back a");
        AppReview a = only(plan());
        assertEquals("rollback", a.action());
        assertEquals("file:///sp/a/savepoint-1", a.restoreFrom(), "the chosen savepoint, not a new one");
        assertEquals("rollback: redeploy from savepoint file:///sp/a/savepoint-1 taken at 2026-11-21T10:00:00Z for "
                + v1.substring(0, 10) + "; state since then is discarded", a.warnings().get(0));

        specs.write("apps/a.yaml", spec("a", "v1", "", "    upgradeMode: savepoint\n    initialSavepointPath: file:///sp/elsewhere\n"
                + "    savepointRedeployNonce: 1\n")).commitAndPush("redeploy a from elsewhere");
        AppReview unknown = only(plan());
        assertEquals("redeploy from initialSavepointPath", unknown.action());
        assertTrue(unknown.warnings().get(0).startsWith("redeploy from savepoint file:///sp/elsewhere, which the status branch does not"
                + " record for this app"), unknown.warnings().toString());
    }

    @Test
    void aGitRevertOfASpecChangeIsASavepointUpgradeThatKeepsTodaysState() throws Exception {
        String v2 = specs.write("apps/a.yaml", spec("a", "v2")).commitAndPush("a v2");
        base = v2;
        try (Git git = Git.open(specs.dir().toFile())) {
            git.revert().include(git.getRepository().resolve(v2)).call();
        }
        AppReview a = only(plan());
        assertEquals("savepoint upgrade", a.action(), "a revert is an upgrade like any other");
        assertTrue(a.restoreFrom().startsWith("a new savepoint"), a.restoreFrom());
        assertEquals("revert of " + v2.substring(0, 10) + ": a savepoint upgrade that keeps today's state: the job's state carries"
                + " on into the reverted spec, nothing since is undone (to go back to an earlier version's state as well:"
                + " flink-gitops rollback)", a.warnings().get(0));
    }

    @Test
    void aFieldTheDaemonWillNotActOnIsAWarningUnderTheApp() {
        specs.write("apps/a.yaml", spec("a", "v1", "", "    upgradeMode: savepoint\n    autoscalerResetNonce: 2\n"))
                .commitAndPush("reset a's autoscaler");
        AppReview a = only(plan());
        assertTrue(a.warnings().stream().anyMatch(w -> w.matches("line \\d+: spec.job.autoscalerResetNonce is not acted on: .*")),
                a.warnings().toString());
        assertEquals(List.of(), a.errors());
    }

    @Test
    void anOperatorCanaryIsNoApp() {
        String canary = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: canary\n"
                + "  labels:\n    flink.apache.org/canary: \"true\"\nspec:\n  image: flink:1.20\n";
        specs.write("apps/canary.yaml", canary).commitAndPush("canary");
        assertEquals(List.of(), plan().apps());
        assertEquals(List.of(), plan(true).apps());
    }

    private static String snapshot(String name, String body) {
        return "apiVersion: flink.apache.org/v1beta1\nkind: FlinkStateSnapshot\nmetadata: {name: " + name + ", namespace: team}\n"
                + "spec:\n  jobReference: {kind: FlinkDeployment, name: a}\n" + body;
    }

    @Test
    void planSaysWhatASnapshotFileWillDo() {
        specs.write("apps/daily.yaml", snapshot("daily", "  savepoint: {path: 'file:///backups'}\n"))
                .write("apps/hourly.yaml", snapshot("hourly", "  checkpoint: {}\n"))
                .write("apps/old.yaml", snapshot("old", "  savepoint: {alreadyExists: true, path: 'file:///sp/old'}\n"))
                .commitAndPush("snapshots");
        ReviewReport report = plan();
        assertEquals(List.of("snapshot team/daily", "snapshot team/hourly", "snapshot team/old"),
                report.apps().stream().map(AppReview::app).toList(), "snapshots are not apps: " + report.apps());
        assertTrue(report.apps().get(0).detail().startsWith("takes a savepoint of team/a into file:///backups"), report.apps().get(0).detail());
        assertTrue(report.apps().get(0).detail().contains("disposes it on removal unless an app restores from it"));
        assertEquals("checkpoint", report.apps().get(1).action());
        assertTrue(report.apps().get(1).detail().startsWith("takes a FULL checkpoint of team/a"), report.apps().get(1).detail());
        assertEquals("register", report.apps().get(2).action());
        assertTrue(report.apps().get(2).detail().startsWith("registers file:///sp/old"), report.apps().get(2).detail());
        assertTrue(report.changed());
        assertFalse(report.invalid());
    }

    @Test
    void planSaysWhetherRemovingASnapshotFileDisposesItsSavepoint() throws Exception {
        base = specs.write("apps/daily.yaml", snapshot("daily", "  savepoint: {}\n")).write("apps/kept.yaml",
                snapshot("kept", "  savepoint: {disposeOnDelete: false}\n")).commitAndPush("snapshots");
        dev.flinkgitops.status.SnapshotRecord daily = new dev.flinkgitops.status.SnapshotRecord("team/daily", "apps/daily.yaml", "h",
                "savepoint", dev.flinkgitops.status.SnapshotState.COMPLETED, "file:///sp/daily", "t", "j", "CANONICAL", true,
                "snapshot team/daily", null, null, null, 0, -1, null, null);
        AppStatus a = AppStatus.empty("team/a", "apps/a.yaml").withSpec("apps/a.yaml", base, "h").withPhase(Phase.RUNNING, "ok")
                .withJob(new JobRecord("j", "default", "RUNNING", 1, null, "2026-11-21T09:00:00Z"))
                .withSavepoint(new SavepointRecord("file:///sp/newer", "t2", "periodic", "j", "c", "2026-11-21T09:30:00Z"))
                .withSnapshot(daily).withSnapshot(new dev.flinkgitops.status.SnapshotRecord("team/kept", "apps/kept.yaml", "h",
                        "savepoint", dev.flinkgitops.status.SnapshotState.COMPLETED, "file:///sp/kept", "t3", "j", "CANONICAL", false,
                        "snapshot team/kept", null, null, null, 0, -1, null, null));
        writeStatus("team/a.yaml", a);
        specs.delete("apps/daily.yaml").delete("apps/kept.yaml").commitAndPush("remove the snapshots");
        ReviewReport report = plan();
        AppReview removedDaily = report.apps().stream().filter(r -> r.app().equals("snapshot team/daily")).findFirst().orElseThrow();
        assertEquals("REMOVED", removedDaily.change());
        assertEquals("disposes file:///sp/daily (disposeOnDelete)", removedDaily.detail());
        AppReview removedKept = report.apps().stream().filter(r -> r.app().equals("snapshot team/kept")).findFirst().orElseThrow();
        assertEquals("savepoint file:///sp/kept kept (disposeOnDelete: false)", removedKept.detail());
    }
}
