package dev.flinkgitops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.ErrorRecord;
import dev.flinkgitops.status.JobRecord;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.OperationStep;
import dev.flinkgitops.status.OperationType;
import dev.flinkgitops.status.Phase;
import dev.flinkgitops.status.SavepointRecord;
import dev.flinkgitops.status.StatusCodec;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code flink-gitops status} against a real local git repository whose status branch is written with JGit. */
class StatusCommandTest {

    private static final String ORDERS_JOB = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    static AppStatus orders() {
        SavepointRecord older = new SavepointRecord("file:/sp/orders/savepoint-1", "t1", "upgrade", "j1", "c1c1c1c1c1c1",
                "2026-11-21T10:00:01Z");
        SavepointRecord newer = new SavepointRecord("file:/sp/orders/savepoint-2", "t2", "upgrade", "j2", "c2c2c2c2c2c2",
                "2026-11-21T11:00:01Z");
        return AppStatus.empty("payments/orders-counter", "apps/payments/orders-counter.yaml")
                .withSpec("apps/payments/orders-counter.yaml", "c3c3c3c3c3c3c3c3c3c3c3c3", "h3")
                .withSavepoint(older)
                .withSavepoint(newer)
                .withDisposed(older, "2026-11-22T00:00:00Z")
                .withJob(new JobRecord(ORDERS_JOB, "default", "RUNNING", 3, "file:/sp/orders/savepoint-2",
                        "2026-11-21T11:00:02Z"))
                .withOperation(new OperationRecord(OperationType.UPGRADE, OperationStep.STOPPING, "c4c4c4c4c4c4c4c4",
                        "h4", dev.flinkgitops.appspec.UpgradeMode.SAVEPOINT, "t3", ORDERS_JOB, null, "2026-11-22T09:00:00Z"))
                .withError(new ErrorRecord("savepoint failed: disk full", "c4c4c4c4c4c4c4c4", "h4", 2,
                        "2026-11-22T09:00:05Z", "2026-11-22T09:01:05Z"))
                .withPhase(Phase.UPGRADING, "savepoint in flight");
    }

    static AppStatus clicks() {
        return AppStatus.empty("analytics/clicks-counter", "apps/analytics/clicks-counter.yaml")
                .withSpec("apps/analytics/clicks-counter.yaml", "d1d1d1d1d1d1d1d1", "h1")
                .withPhase(Phase.SUSPENDED, "suspended with a savepoint");
    }

    /** A repository with a main branch and a status branch holding the given files, at {@code ref}. */
    private Path repository(String ref, Map<String, byte[]> files) throws Exception {
        Path work = dir.resolve("repo");
        try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
            Repository repo = git.getRepository();
            try (ObjectInserter inserter = repo.newObjectInserter()) {
                DirCache index = DirCache.newInCore();
                DirCacheEditor editor = index.editor();
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    ObjectId blob = inserter.insert(Constants.OBJ_BLOB, file.getValue());
                    editor.add(new DirCacheEditor.PathEdit(file.getKey()) {
                        @Override
                        public void apply(DirCacheEntry entry) {
                            entry.setFileMode(FileMode.REGULAR_FILE);
                            entry.setObjectId(blob);
                        }
                    });
                }
                editor.finish();
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(index.writeTree(inserter));
                PersonIdent daemon = new PersonIdent("flink-gitops", "flink-gitops@localhost");
                commit.setAuthor(daemon);
                commit.setCommitter(daemon);
                commit.setMessage("status\n");
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                RefUpdate update = repo.updateRef(ref);
                update.setNewObjectId(id);
                assertEquals(RefUpdate.Result.NEW, update.update());
            }
        }
        return work;
    }

    private Map<String, byte[]> statusFiles() {
        StatusCodec codec = new StatusCodec();
        Map<String, byte[]> files = new TreeMap<>();
        files.put("payments/orders-counter.yaml", codec.write(orders()));
        files.put("analytics/clicks-counter.yaml", codec.write(clicks()));
        files.put("README.md", "the status branch\n".getBytes(StandardCharsets.UTF_8));
        files.put("payments/copied.yaml", codec.write(clicks()));
        return files;
    }

    private int run(String... args) {
        return new CommandLine(new StatusCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void everyAppIsATableRowSortedByIdentity() throws Exception {
        Path repo = repository("refs/heads/status", statusFiles());

        assertEquals(0, run("--repo", repo.toString()), err.toString());

        List<String> lines = out.toString().lines().toList();
        assertTrue(lines.get(0).startsWith("status branch refs/heads/status at "), out.toString());
        assertEquals("APP                       PHASE      JOB ID                            JOB STATE  SPEC COMMIT  LAST SAVEPOINT",
                lines.get(2));
        assertEquals("analytics/clicks-counter  SUSPENDED  -                                 -          d1d1d1d1d1   -",
                lines.get(3));
        assertEquals("payments/orders-counter   UPGRADING  " + ORDERS_JOB + "  RUNNING    c3c3c3c3c3   "
                + "file:/sp/orders/savepoint-2", lines.get(4));
        assertEquals(5, lines.size(), out.toString());
        assertTrue(err.toString().contains("skipped payments/copied.yaml: its app field is analytics/clicks-counter"),
                err.toString());
    }

    @Test
    void oneAppShowsItsHistoryOperationAndLastError() throws Exception {
        Path repo = repository("refs/remotes/origin/status", statusFiles());

        assertEquals(0, run("--repo", repo.resolve("apps-that-do-not-exist").getParent().toString(),
                "payments/orders-counter"), err.toString());

        String text = out.toString();
        assertTrue(text.startsWith("status branch refs/remotes/origin/status at "), text);
        assertTrue(text.contains("\nspec file:     apps/payments/orders-counter.yaml\n"), text);
        assertTrue(text.contains("\njob:           " + ORDERS_JOB + " on default, RUNNING, generation 3, started "
                + "2026-11-21T11:00:02Z, restored from file:/sp/orders/savepoint-2\n"), text);
        assertTrue(text.contains("\noperation:     UPGRADE at step STOPPING, target commit c4c4c4c4c4, mode savepoint,"
                + " trigger t3, from job " + ORDERS_JOB + ", savepoint -, started 2026-11-22T09:00:00Z\n"), text);
        assertTrue(text.contains("\nlast error:    savepoint failed: disk full (spec commit c4c4c4c4c4, attempt 2, at "
                + "2026-11-22T09:00:05Z, retry after 2026-11-22T09:01:05Z)\n"), text);
        assertTrue(text.contains("\nsavepoints (newest first):\n  2026-11-21T11:00:01Z  file:/sp/orders/savepoint-2  "
                + "(upgrade, job j2, spec commit c2c2c2c2c2)\n\n"), text);
        assertTrue(text.endsWith("\ndisposed savepoints (newest first):\n  2026-11-22T00:00:00Z  "
                + "file:/sp/orders/savepoint-1  (upgrade, job j1, spec commit c1c1c1c1c1)\n"), text);
    }

    @Test
    void aRollbackIsShownInTheSavepointHistory() throws Exception {
        SavepointRecord chosen = new SavepointRecord("file:/sp/orders/savepoint-1", null, SavepointRecord.CHOSEN, null,
                "c5c5c5c5c5c5", "2026-11-22T10:00:00Z", "c1c1c1c1c1c1");
        Path repo = repository("refs/heads/status", Map.of("payments/orders-counter.yaml",
                new StatusCodec().write(orders().withSavepoint(chosen))));

        assertEquals(0, run("--repo", repo.toString(), "payments/orders-counter"), err.toString());

        assertTrue(out.toString().contains("\n  2026-11-22T10:00:00Z  file:/sp/orders/savepoint-1  (chosen by savepointRedeployNonce,"
                + " job -, spec commit c5c5c5c5c5, rolled back to c1c1c1c1c1)\n"), out.toString());
    }

    @Test
    void jsonIsTheStatusObjectsAsOnTheBranch() throws Exception {
        Path repo = repository("refs/heads/status", statusFiles());

        assertEquals(0, run("--repo", repo.toString(), "--output", "json"), err.toString());

        ObjectMapper json = JsonMapper.builder().build();
        List<AppStatus> read = List.of(json.readValue(out.toString(), AppStatus[].class));
        assertEquals(List.of(clicks(), orders()), read);

        out.getBuffer().setLength(0);
        assertEquals(0, run("--repo", repo.toString(), "--output", "json", "analytics/clicks-counter"));
        assertEquals(List.of(clicks()), List.of(json.readValue(out.toString(), AppStatus[].class)));
        assertTrue(out.toString().contains("\"phase\" : \"SUSPENDED\""), out.toString());
    }

    @Test
    void secretsInABranchWrittenBeforeRedactionAreNotShown() throws Exception {
        String old = """
                app: payments/orders-counter
                specFile: apps/payments/orders-counter.yaml
                phase: BLOCKED
                message: "submit failed: jarURI https://deployer:CANARY-1@repo.example/x.jar: download answered HTTP 404"
                lastError:
                  message: "submit failed: main() rejected --password CANARY-2 and password=\\"CANARY-3\\""
                  attempts: 1
                """;
        Path repo = repository("refs/heads/status", Map.of("payments/orders-counter.yaml", old.getBytes(StandardCharsets.UTF_8)));

        for (String[] args : List.of(new String[] {"--repo", repo.toString()},
                new String[] {"--repo", repo.toString(), "payments/orders-counter"},
                new String[] {"--repo", repo.toString(), "--output", "json"},
                new String[] {"--repo", repo.toString(), "--output", "json", "payments/orders-counter"})) {
            assertEquals(0, run(args), err.toString());
        }
        assertTrue(out.toString().contains("jarURI https://repo.example/x.jar"), out.toString());
        assertFalse(out.toString().contains("CANARY"), out.toString());
    }

    @Test
    void aMissingAppOrBranchIsExitOneWithAMessage() throws Exception {
        Path repo = repository("refs/heads/status", statusFiles());

        assertEquals(1, run("--repo", repo.toString(), "payments/nope"));
        assertTrue(err.toString().contains("no app 'payments/nope' on refs/heads/status (2 apps recorded)"), err.toString());
        assertEquals("", out.toString());

        assertEquals(1, run("--repo", repo.toString(), "--status-branch", "elsewhere"));
        assertTrue(err.toString().contains("no status branch 'elsewhere'"), err.toString());
    }
}
