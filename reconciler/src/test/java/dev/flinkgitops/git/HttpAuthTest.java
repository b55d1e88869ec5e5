package dev.flinkgitops.git;

import dev.flinkgitops.testing.LogCapture;
import dev.flinkgitops.testing.GitHttpServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An HTTPS-style remote (smart HTTP with basic authentication, on 127.0.0.1): the token from a
 * file or an environment variable reads the spec branch and pushes the status branch; a wrong or
 * missing token is a {@link GitException} naming the URL, and no token ever appears in an
 * exception or a log line.
 */
class HttpAuthTest {

    private static final String USER = "git";
    private static final String TOKEN = "tok-" + UUID.randomUUID();
    private static final String WRONG = "wrong-" + UUID.randomUUID();
    private static final PersonIdent DAEMON = new PersonIdent("flink-gitops", "flink-gitops@localhost");

    @TempDir
    static Path dir;

    private static GitHttpServer server;
    private static String url;
    private static String specCommit;

    private final List<String> seen = new ArrayList<>();
    private LogCapture logs;
    private static final List<String> CAPTURED = List.of("dev.flinkgitops", "org.eclipse.jgit");

    @BeforeAll
    static void startServer() {
        server = GitHttpServer.start(dir.resolve("server"), USER, TOKEN);
        url = server.createRepository("specs.git");
        // Seeded through the file system: the test's own writer needs no credentials.
        try (SpecRepo specs = SpecRepo.create(dir.resolve("specs-work"), server.path("specs.git").toString())) {
            specCommit = specs.write("apps/team/a.yaml", "a: 1\n").commitAndPush("specs");
        }
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start(CAPTURED.toArray(String[]::new));
    }

    @AfterEach
    void noTokenInAnyLogLine() {
        logs.close();
        List<String> lines = logs.lines();
        assertFalse(lines.isEmpty(), "log lines were captured");
        seen.addAll(lines);
        assertEquals(List.of(), seen.stream().filter(HttpAuthTest::leaks).toList());
    }

    private static boolean leaks(String text) {
        return text.contains(TOKEN) || text.contains(WRONG);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The exception's full printed form (every cause's message and stack), remembered for the leak check. */
    private String printed(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out, true));
        seen.add("exception: " + out);
        return out.toString();
    }

    private static RevCommit serverTip(String branch) throws Exception {
        try (Git remote = Git.open(server.path("specs.git").toFile()); RevWalk walk = new RevWalk(remote.getRepository())) {
            Repository repository = remote.getRepository();
            ObjectId tip = repository.resolve("refs/heads/" + branch);
            return tip == null ? null : walk.parseCommit(tip);
        }
    }

    /** Fetches the spec branch over HTTP, pushes a status commit, and checks the server holds it. */
    private void readSpecsAndWriteStatus(CredentialsProvider credentials, String mirror, String file) throws Exception {
        readSpecsAndWriteStatus(url, credentials, mirror, file);
    }

    private void readSpecsAndWriteStatus(String remote, CredentialsProvider credentials, String mirror, String file)
            throws Exception {
        int before = server.requests().size();
        try (GitRepository repo = GitRepository.open(dir.resolve(mirror), remote, credentials, 10)) {
            repo.fetch();
            ObjectId main = repo.tip("main").orElseThrow();
            assertEquals(specCommit, main.name(), "the spec branch was read over HTTP");
            Map<String, ObjectId> specs = repo.files(main, List.of("apps"), List.of(".yaml"));
            assertArrayEquals(bytes("a: 1\n"), repo.read(specs.get("apps/team/a.yaml")));

            StatusBranch status = new StatusBranch(repo, "status", DAEMON, 3);
            StatusBranch.WriteResult written = status.write(Map.of(file, bytes("phase: RUNNING\n")),
                    "team/a: deployed\n\nSpec-Commit: " + main.name() + "\n");

            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED, written.outcome(), String.valueOf(written.reason()));
            RevCommit pushed = serverTip("status");
            assertEquals(written.commit(), pushed.name(), "the pushed commit is the server's status tip");
            assertTrue(pushed.getFullMessage().endsWith("Spec-Commit: " + specCommit + "\n"));
            assertEquals(specCommit, serverTip("main").name(), "main is untouched");
        }
        List<GitHttpServer.Request> requests = server.requests().subList(before, server.requests().size());
        assertTrue(requests.stream().anyMatch(r -> r.path().endsWith("/git-upload-pack") && r.status() == 200
                && USER.equals(r.user())), "an authenticated fetch: " + requests);
        assertTrue(requests.stream().anyMatch(r -> "gzip".equals(r.encoding()) && r.status() == 200),
                "a gzip request body reached git http-backend: " + requests);
        assertTrue(requests.stream().anyMatch(r -> r.path().endsWith("/git-receive-pack") && r.status() == 200
                && USER.equals(r.user())), "an authenticated push: " + requests);
    }

    @Test
    void aTokenFromAFileReadsSpecsAndPushesStatus() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        readSpecsAndWriteStatus(GitCredentials.from(USER, null, tokenFile, Map.of()), "mirror-file", "team/file.yaml");
    }

    @Test
    void aTokenFromAnEnvironmentVariableReadsSpecsAndPushesStatus() throws Exception {
        CredentialsProvider credentials = GitCredentials.from(USER, "GIT_TOKEN", null, Map.of("GIT_TOKEN", TOKEN));
        readSpecsAndWriteStatus(credentials, "mirror-env", "team/env.yaml");
    }

    @Test
    void aWrongTokenIsAGitExceptionNamingTheUrlButNotTheToken() {
        CredentialsProvider wrong = GitCredentials.from(USER, "GIT_TOKEN", null, Map.of("GIT_TOKEN", WRONG));
        int before = server.requests().size();
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror-wrong"), url, wrong, 10)) {
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            assertTrue(fetch.getMessage().contains(url), fetch.getMessage());
            assertFalse(leaks(printed(fetch)));

            GitException push = assertThrows(GitException.class, () -> new StatusBranch(repo, "status", DAEMON, 3)
                    .write(Map.of("team/wrong.yaml", bytes("x: 1\n")), "never pushed"));
            assertTrue(push.getMessage().contains(url), push.getMessage());
            assertFalse(leaks(printed(push)));
        }
        List<GitHttpServer.Request> requests = server.requests().subList(before, server.requests().size());
        assertTrue(requests.stream().allMatch(r -> r.status() == 401 && r.user() == null), "all refused: " + requests);
        assertTrue(requests.stream().noneMatch(r -> r.path().endsWith("/git-receive-pack")), "nothing reached receive-pack");
    }

    @Test
    void noCredentialsIsAGitException() {
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror-none"), url, null, 10)) {
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            assertTrue(fetch.getMessage().contains(url), fetch.getMessage());
            printed(fetch);
        }
    }

    @Test
    void aTokenInTheUrlIsUsedButNeverWrittenToTheMirrorsConfig() throws Exception {
        String withToken = url.replace("http://", "http://" + USER + ":" + TOKEN + "@");
        readSpecsAndWriteStatus(withToken, null, "mirror-in-url", "team/in-url.yaml");
        String config = Files.readString(dir.resolve("mirror-in-url").resolve("config"));
        seen.add("mirror config: " + config);
        assertTrue(config.contains("url = " + url + "\n"), config);
        assertFalse(config.contains("@"), config);
    }

    @Test
    void aTokenInTheUrlIsNeverShown() {
        String withToken = url.replace("http://", "http://" + USER + ":" + WRONG + "@");
        try (GitRepository repo = GitRepository.open(dir.resolve("mirror-url"), withToken, null, 10)) {
            assertEquals(url, repo.redactedUrl());
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            assertFalse(leaks(printed(fetch)), fetch.getMessage());
        }
    }
}
