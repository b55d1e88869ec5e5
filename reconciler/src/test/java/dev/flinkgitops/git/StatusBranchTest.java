package dev.flinkgitops.git;

import dev.flinkgitops.testing.GitServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The status branch against a real git daemon on 127.0.0.1. */
class StatusBranchTest {

    private static final PersonIdent DAEMON = new PersonIdent("flink-gitops", "flink-gitops@localhost");

    @TempDir
    static Path dir;

    private static GitServer server;

    @BeforeAll
    static void startServer() {
        server = GitServer.start(dir.resolve("server"));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static String repoWithSpecs(String name) {
        String url = server.createRepository(name);
        try (SpecRepo specs = SpecRepo.create(dir.resolve(name + "-work"), url)) {
            specs.write("apps/team/a.yaml", "a: 1\n").write("README.md", "x\n").commitAndPush("specs");
        }
        return url;
    }

    private static GitRepository mirror(String url, String name) {
        GitRepository repo = GitRepository.open(dir.resolve(name), url, null, 10);
        repo.fetch();
        return repo;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void firstWriteCreatesAnOrphanBranchAndUnchangedContentWritesNothing() throws Exception {
        String url = repoWithSpecs("orphan.git");
        try (GitRepository repo = mirror(url, "orphan-mirror")) {
            StatusBranch status = new StatusBranch(repo, "status", DAEMON, 3);
            ObjectId main = repo.tip("main").orElseThrow();

            StatusBranch.WriteResult first = status.write(Map.of("team/a.yaml", bytes("phase: RUNNING\n")),
                    "team/a: deployed\n\nSpec-Commit: " + main.name() + "\n");
            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED, first.outcome());

            try (Git remote = Git.open(server.path("orphan.git").toFile()); RevWalk walk = new RevWalk(remote.getRepository())) {
                RevCommit tip = walk.parseCommit(remote.getRepository().resolve("refs/heads/status"));
                assertEquals(0, tip.getParentCount(), "the status branch starts as an orphan");
                assertTrue(tip.getFullMessage().endsWith("Spec-Commit: " + main.name() + "\n"));
                assertEquals(main, remote.getRepository().resolve("refs/heads/main"), "main is untouched");
            }

            StatusBranch.WriteResult again = status.write(Map.of("team/a.yaml", bytes("phase: RUNNING\n")), "same");
            assertEquals(StatusBranch.WriteResult.Outcome.UNCHANGED, again.outcome());
            assertEquals(first.commit(), repo.tip("status").orElseThrow().name());
        }
    }

    @Test
    void aConcurrentWriterLosesNothing() {
        String url = repoWithSpecs("race.git");
        try (GitRepository daemon = mirror(url, "race-daemon"); GitRepository other = mirror(url, "race-other")) {
            StatusBranch ours = new StatusBranch(daemon, "status", DAEMON, 3);
            StatusBranch theirs = new StatusBranch(other, "status", new PersonIdent("other", "o@x"), 3);
            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED,
                    ours.write(Map.of("team/a.yaml", bytes("v: 1\n")), "ours 1").outcome());
            other.fetch();
            // The other writer moves the branch after our last fetch: our next push is non-fast-forward.
            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED,
                    theirs.write(Map.of("team/b.yaml", bytes("v: other\n")), "theirs").outcome());

            StatusBranch.WriteResult result = ours.write(Map.of("team/a.yaml", bytes("v: 2\n")), "ours 2");

            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED, result.outcome());
            assertEquals(2, result.attempts(), "rejected once, then re-applied on the fresh tip");
            GitRepository check = mirror(url, "race-check");
            Map<String, byte[]> files = new StatusBranch(check, "status", DAEMON, 1).readAll();
            assertArrayEquals(bytes("v: 2\n"), files.get("team/a.yaml"));
            assertArrayEquals(bytes("v: other\n"), files.get("team/b.yaml"));
            check.close();
        }
    }

    @Test
    void aLockLeftByAKilledDaemonIsRemovedWhenTheMirrorOpensAndAStaleTipIsNeverUsed() throws Exception {
        String url = repoWithSpecs("locks.git");
        Path mirrorDir = dir.resolve("locks-mirror");
        try (GitRepository repo = mirror(url, "locks-mirror")) {
            new StatusBranch(repo, "status", DAEMON, 3).write(Map.of("team/a.yaml", bytes("v: 1\n")), "first");
        }
        try (GitRepository other = mirror(url, "locks-other")) {
            new StatusBranch(other, "status", DAEMON, 3).write(Map.of("team/b.yaml", bytes("v: other\n")), "other");
        }
        Path lock = mirrorDir.resolve("refs/remotes/origin/status.lock");
        java.nio.file.Files.writeString(lock, "");

        try (GitRepository reopened = GitRepository.open(mirrorDir, url, null, 10)) {
            assertTrue(!java.nio.file.Files.exists(lock), "the stale lock is gone");
            reopened.fetch();
            StatusBranch.WriteResult result = new StatusBranch(reopened, "status", DAEMON, 3)
                    .write(Map.of("team/a.yaml", bytes("v: 2\n")), "second");
            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED, result.outcome());

            try (GitRepository other = mirror(url, "locks-other-2")) {
                new StatusBranch(other, "status", DAEMON, 3).write(Map.of("team/c.yaml", bytes("v: 3\n")), "third");
            }
            java.nio.file.Files.writeString(lock, "");
            assertThrows(GitException.class, reopened::fetch, "a tip that cannot be updated is an error, not a stale read");
        }
    }

    @Test
    void listsOnlySpecFilesUnderTheConfiguredPaths() {
        String url = repoWithSpecs("files.git");
        try (GitRepository repo = mirror(url, "files-mirror")) {
            ObjectId main = repo.tip("main").orElseThrow();
            Map<String, ObjectId> files = repo.files(main, List.of("apps"), List.of(".yaml", ".yml"));
            assertEquals(List.of("apps/team/a.yaml"), List.copyOf(files.keySet()));
            assertArrayEquals(bytes("a: 1\n"), repo.read(files.get("apps/team/a.yaml")));
            assertNotEquals(ObjectId.zeroId(), files.get("apps/team/a.yaml"));
        }
    }
}
