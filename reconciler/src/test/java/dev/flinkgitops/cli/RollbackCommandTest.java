package dev.flinkgitops.cli;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code flink-gitops rollback} on real git repositories: a spec repository with three versions of an app and a
 * status branch that recorded the savepoints their upgrades took. What the command chooses, what it writes and
 * where, and each refusal.
 */
class RollbackCommandTest {

    private static final String FILE = "apps/payments/orders.yaml";
    private static final String SP1 = "file:/sp/payments/orders/savepoint-1";
    private static final String SP2 = "file:/sp/payments/orders/savepoint-2";

    @TempDir
    Path dir;

    private SpecRepo specs;
    private String c0;
    private String c1;
    private String c2;
    private String c3;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static String spec(String tag, String extraJob) {
        return """
                # orders: the counter of payments (keep this comment)
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata:
                  name: orders
                  namespace: payments
                spec:
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar   # the release jar
                    entryClass: com.example.Job
                    args: ["--tag", "%s"]
                    parallelism: 2
                    upgradeMode: savepoint
                %s""".formatted(tag, extraJob);
    }

    @BeforeEach
    void versions() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        specs = SpecRepo.create(dir.resolve("work"), bare.toString());
        c0 = specs.write(FILE, spec("v0", "")).commitAndPush("v0");
        c1 = specs.write(FILE, spec("v1", "")).commitAndPush("v1");
        c2 = specs.write(FILE, spec("v2", "    initialSavepointPath: 'file:/sp/imported'\n    savepointRedeployNonce: 4\n"))
                .commitAndPush("v2");
        c3 = specs.write(FILE, spec("v3", "")).commitAndPush("v3");
        // The status branch as the daemon wrote it: v1's savepoint, later v2's; the newest file no longer holds v1's.
        AppStatus running = AppStatus.empty("payments/orders", FILE).withSpec(FILE, c2, "h2").withPhase(Phase.RUNNING, "ok")
                .withJob(new JobRecord("j2", "default", "RUNNING", 2, SP1, "2026-11-21T10:00:02Z"))
                .withSavepoint(new SavepointRecord(SP1, "t1", "upgrade", "j1", c1, "2026-11-21T10:00:01Z"));
        writeStatus(running);
        writeStatus(AppStatus.empty("payments/orders", FILE).withSpec(FILE, c3, "h3").withPhase(Phase.RUNNING, "ok")
                .withJob(new JobRecord("j3", "default", "RUNNING", 3, SP2, "2026-11-21T11:00:02Z"))
                .withSavepoint(new SavepointRecord(SP2, "t2", "upgrade", "j2", c2, "2026-11-21T11:00:01Z"))
                .withRedeployNonce(4L));
    }

    @AfterEach
    void close() {
        specs.close();
    }

    private void writeStatus(AppStatus status) throws Exception {
        try (Git git = Git.open(specs.dir().toFile())) {
            boolean exists = git.getRepository().exactRef("refs/heads/status") != null;
            git.checkout().setOrphan(!exists).setName("status").call();
            if (!exists) {
                git.rm().addFilepattern("apps").call();
            }
            Path file = specs.dir().resolve("payments/orders.yaml");
            Files.createDirectories(file.getParent());
            Files.write(file, new StatusCodec().write(status));
            git.add().addFilepattern("payments/orders.yaml").call();
            git.commit().setMessage("status").setAuthor("d", "d@x").setCommitter("d", "d@x").call();
            git.checkout().setName("main").call();
        }
    }

    private int rollback(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "rollback";
        all[1] = "payments/orders";
        all[2] = "--repo";
        all[3] = specs.dir().toString();
        System.arraycopy(args, 0, all, 4, args.length);
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
    }

    private String fileOn(String ref) throws Exception {
        Repository repository = Git.open(specs.dir().toFile()).getRepository();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = TreeWalk.forPath(repository, FILE, walk.parseCommit(repository.resolve(ref)).getTree())) {
            return new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        } finally {
            repository.close();
        }
    }

    @Test
    void byDefaultTheVersionBeforeTheRunningOneComesBackOnANewBranchFromItsSavepoint() throws Exception {
        ObjectId main = specs.head();
        assertEquals(0, rollback(), err.toString());

        String branch = "rollback/payments-orders-" + c2.substring(0, 10);
        String written = fileOn(branch);
        assertEquals(spec("v2", "    initialSavepointPath: file:/sp/payments/orders/savepoint-2\n    savepointRedeployNonce: 5\n"),
                written, "v2 as written, comments kept, the two fields edited in place (the nonce past every one seen)");
        assertEquals(main, specs.head(), "the checked-out branch did not move");
        assertEquals(spec("v3", ""), Files.readString(specs.dir().resolve(FILE)), "the work tree is untouched");
        try (Git git = Git.open(specs.dir().toFile()); RevWalk walk = new RevWalk(git.getRepository())) {
            String message = walk.parseCommit(git.getRepository().resolve(branch)).getFullMessage();
            assertTrue(message.startsWith("Roll back payments/orders to " + c2.substring(0, 10) + " from savepoint " + SP2), message);
            assertTrue(message.contains("taken at 2026-11-21T11:00:01Z") && message.contains("Rollback-To: " + c2), message);
        }
        assertTrue(out.toString().contains("git push origin " + branch), out.toString());
    }

    @Test
    void aSavepointOlderThanTheBoundedHistoryIsFoundInTheStatusFilesHistory() throws Exception {
        assertEquals(0, rollback("--to", c1.substring(0, 8), "--branch", "back-to-v1"), err.toString());
        String written = fileOn("back-to-v1");
        assertTrue(written.contains("args: [\"--tag\", \"v1\"]"), written);
        assertTrue(written.contains("    initialSavepointPath: " + SP1 + "\n    savepointRedeployNonce: 5\n    jarURI:"),
                "added under job:, indented as its fields: " + written);
        assertTrue(out.toString().contains("taken at 2026-11-21T10:00:01Z"), out.toString());
    }

    @Test
    void noSavepointRecordedForThatVersionIsRefusedNamingWhatIsMissing() {
        assertEquals(1, rollback("--to", c0));
        assertTrue(err.toString().contains("no savepoint of payments/orders is recorded for spec commit " + c0.substring(0, 10)),
                err.toString());
        assertTrue(err.toString().contains("--savepoint PATH"), err.toString());
        assertTrue(out.toString().isEmpty(), "nothing written: " + out);
    }

    @Test
    void aGivenSavepointIsUsedAsItIs() throws Exception {
        assertEquals(0, rollback("--to", c0, "--savepoint", "s3://backups/orders/savepoint-x"), err.toString());
        String written = fileOn("rollback/payments-orders-" + c0.substring(0, 10));
        assertTrue(written.contains("initialSavepointPath: s3://backups/orders/savepoint-x\n"), written);
        assertTrue(written.contains("args: [\"--tag\", \"v0\"]"), written);
    }

    /** A spec file moved since that version: the app's old document is found where it was, and written where it is now. */
    @Test
    void aSpecFileMovedSinceIsFoundWhereItWas() throws Exception {
        String moved = "apps/payments/orders-moved.yaml";
        specs.delete(FILE).write(moved, spec("v4", "")).commitAndPush("move the file");
        writeStatus(AppStatus.empty("payments/orders", moved).withSpec(moved, specs.head().name(), "h4").withPhase(Phase.RUNNING, "ok")
                .withJob(new JobRecord("j4", "default", "RUNNING", 4, SP2, "2026-11-21T12:00:02Z"))
                .withSavepoint(new SavepointRecord(SP2, "t2", "upgrade", "j2", c2, "2026-11-21T11:00:01Z")));

        assertEquals(0, rollback("--to", c1, "--branch", "moved"), err.toString());

        Repository repository = Git.open(specs.dir().toFile()).getRepository();
        try (RevWalk walk = new RevWalk(repository);
                TreeWalk tree = TreeWalk.forPath(repository, moved, walk.parseCommit(repository.resolve("moved")).getTree())) {
            String written = new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
            assertTrue(written.contains("args: [\"--tag\", \"v1\"]") && written.contains("initialSavepointPath: " + SP1), written);
        } finally {
            repository.close();
        }
        assertEquals(0, rollback("--to", c0, "--savepoint", "file:/sp/x", "--branch", "moved-2"), err.toString());
        String gone = specs.delete(moved).commitAndPush("remove the app");
        assertEquals(1, rollback("--to", gone, "--savepoint", "file:/sp/x"), "a commit without the app");
        assertTrue(err.toString().contains("holds a readable document for payments/orders"), err.toString());
    }

    @Test
    void anUnknownCommitIsAClearError() {
        assertEquals(1, rollback("--to", "deadbeef"));
        assertTrue(err.toString().contains("unknown commit 'deadbeef'"), err.toString());
    }

    @Test
    void anUnknownAppAndAMissingStatusBranchAreClearErrors() throws Exception {
        String[] args = {"rollback", "payments/nope", "--repo", specs.dir().toString()};
        assertEquals(1, Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args));
        assertTrue(err.toString().contains("no app payments/nope on refs/heads/status"), err.toString());
        assertEquals(1, rollback("--status-branch", "elsewhere"));
        assertTrue(err.toString().contains("no status branch 'elsewhere'"), err.toString());
    }

    /** In a file of several resources only the app's document goes back; the others stay as they are now. */
    @Test
    void onlyTheAppsDocumentOfAFileOfSeveralGoesBack() throws Exception {
        String refunds = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: refunds\n"
                + "  namespace: payments\nspec:\n  job:\n    jarURI: local:///opt/flink/usrlib/job.jar\n    args: [\"r2\"]\n";
        String c4 = specs.write(FILE, spec("v4", "") + "---\n" + refunds).commitAndPush("v4, and refunds in the same file");
        writeStatus(AppStatus.empty("payments/orders", FILE).withSpec(FILE, c4, "h4").withPhase(Phase.RUNNING, "ok")
                .withJob(new JobRecord("j4", "default", "RUNNING", 4, "file:/sp/3", "2026-11-21T12:00:02Z"))
                .withSavepoint(new SavepointRecord("file:/sp/3", "t3", "upgrade", "j3", c3, "2026-11-21T12:00:01Z")));

        assertEquals(0, rollback(), err.toString());

        assertEquals(spec("v3", "") .replace("  job:\n", "  job:\n    initialSavepointPath: file:/sp/3\n    savepointRedeployNonce: 1\n")
                + "---\n" + refunds, fileOn("rollback/payments-orders-" + c3.substring(0, 10)));
    }

    @Test
    void onTheCurrentBranchWhenAskedThroughTheWorkTree() throws Exception {
        ObjectId before = specs.head();
        assertEquals(0, rollback("--on-current-branch"), err.toString());
        try (Git git = Git.open(specs.dir().toFile())) {
            assertEquals("main", git.getRepository().getBranch());
            assertTrue(git.status().call().isClean(), "work tree and index agree with the new commit");
            assertEquals(before, git.getRepository().resolve("HEAD^"));
            assertNull(git.getRepository().exactRef("refs/heads/rollback/payments-orders-" + c2.substring(0, 10)));
        }
        assertTrue(Files.readString(specs.dir().resolve(FILE)).contains("initialSavepointPath: " + SP2), "the work tree has it");
    }
}
