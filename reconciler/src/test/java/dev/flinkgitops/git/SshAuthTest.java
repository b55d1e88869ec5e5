package dev.flinkgitops.git;

import dev.flinkgitops.cli.Main;
import dev.flinkgitops.testing.LogCapture;
import dev.flinkgitops.testing.GitSshServer;
import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.SshSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
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
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An {@code ssh://} remote (in-process SSH server on 127.0.0.1): the daemon's key and known_hosts
 * file read the spec branch and push the status branch; a wrong key or an unknown host key is a
 * {@link GitException} naming the URL; missing files stop the start naming the setting; and no
 * line of the private key ever appears in an exception or a log line.
 */
class SshAuthTest {

    private static final PersonIdent DAEMON = new PersonIdent("flink-gitops", "flink-gitops@localhost");
    private static final List<String> CAPTURED = List.of("dev.flinkgitops", "org.eclipse.jgit", "org.apache.sshd");

    @TempDir
    static Path dir;

    private static GitSshServer server;
    private static String url;
    private static String specCommit;
    private static Path key;
    private static Path wrongKey;
    private static Path knownHosts;
    /** The lines of both private keys' bodies: none may ever be shown. */
    private static List<String> secretLines;

    private final List<String> seen = new ArrayList<>();
    private LogCapture logs;

    @BeforeAll
    static void startServer() throws Exception {
        KeyPair client = GitSshServer.newClientKey();
        key = GitSshServer.writePrivateKey(client, dir.resolve("secrets/id_ecdsa"));
        wrongKey = GitSshServer.writePrivateKey(GitSshServer.newClientKey(), dir.resolve("secrets/wrong_ecdsa"));
        secretLines = new ArrayList<>();
        for (Path file : List.of(key, wrongKey)) {
            Files.readAllLines(file).stream().filter(line -> !line.startsWith("-----") && line.length() > 20)
                    .forEach(secretLines::add);
        }
        assertFalse(secretLines.isEmpty());
        server = GitSshServer.start(dir.resolve("server"), "git", client.getPublic());
        url = server.createRepository("specs.git");
        knownHosts = Files.writeString(dir.resolve("secrets/known_hosts"), server.knownHostsLine());
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
    void noKeyInAnyLogLine() {
        logs.close();
        List<String> lines = logs.lines();
        seen.addAll(lines);
        assertEquals(List.of(), seen.stream().filter(SshAuthTest::leaks).toList());
    }

    private static boolean leaks(String text) {
        return text.contains("PRIVATE KEY") || secretLines.stream().anyMatch(text::contains);
    }

    private String printed(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out, true));
        seen.add("exception: " + out);
        return out.toString();
    }

    private static String serverTip(String branch) throws Exception {
        try (Git remote = Git.open(server.path("specs.git").toFile())) {
            ObjectId tip = remote.getRepository().resolve("refs/heads/" + branch);
            return tip == null ? null : tip.name();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theKeyAndKnownHostsFetchSpecsAndPushStatus() throws Exception {
        SshSessionFactory global = SshSessionFactory.getInstance();
        int before = server.commands().size();
        try (SshdSessionFactory ssh = GitSsh.sessionFactory(key, knownHosts, dir.resolve("home-ok"));
                GitRepository repo = GitRepository.open(dir.resolve("mirror-ok"), url, null, ssh, 10)) {
            assertNotSame(ssh, SshSessionFactory.getInstance(), "the global factory is left alone");
            repo.fetch();
            ObjectId main = repo.tip("main").orElseThrow();
            assertEquals(specCommit, main.name(), "the spec branch was read over SSH");
            StatusBranch.WriteResult written = new StatusBranch(repo, "status", DAEMON, 3)
                    .write(Map.of("team/a.yaml", bytes("phase: RUNNING\n")), "team/a: deployed\n\nSpec-Commit: " + main.name() + "\n");
            assertEquals(StatusBranch.WriteResult.Outcome.PUSHED, written.outcome(), String.valueOf(written.reason()));
            assertEquals(written.commit(), serverTip("status"), "the pushed commit is the server's status tip");
            assertEquals(specCommit, serverTip("main"), "main is untouched");
            try (Git remote = Git.open(server.path("specs.git").toFile()); RevWalk walk = new RevWalk(remote.getRepository())) {
                RevCommit pushed = walk.parseCommit(ObjectId.fromString(written.commit()));
                assertTrue(pushed.getFullMessage().endsWith("Spec-Commit: " + specCommit + "\n"));
            }
        }
        assertEquals(global, SshSessionFactory.getInstance(), "the global factory is unchanged");
        List<GitSshServer.Command> commands = server.commands().subList(before, server.commands().size());
        assertTrue(commands.stream().anyMatch(c -> c.command().startsWith("git-upload-pack") && c.exit() == 0
                && "git".equals(c.user())), "a fetch over SSH: " + commands);
        assertTrue(commands.stream().anyMatch(c -> c.command().startsWith("git-receive-pack") && c.exit() == 0),
                "a push over SSH: " + commands);
        assertTrue(Files.readString(dir.resolve("home-ok/.ssh/config")).contains("StrictHostKeyChecking yes"));
    }

    @Test
    void aWrongKeyIsAGitExceptionNamingTheUrl() {
        int before = server.commands().size();
        try (SshdSessionFactory ssh = GitSsh.sessionFactory(wrongKey, knownHosts, dir.resolve("home-wrong"));
                GitRepository repo = GitRepository.open(dir.resolve("mirror-wrong"), url, null, ssh, 10)) {
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            String redacted = url.replace("git@", "");
            assertTrue(fetch.getMessage().contains(redacted), fetch.getMessage());
            assertFalse(leaks(printed(fetch)));

            GitException push = assertThrows(GitException.class, () -> new StatusBranch(repo, "status", DAEMON, 3)
                    .write(Map.of("team/wrong.yaml", bytes("x: 1\n")), "never pushed"));
            assertTrue(push.getMessage().contains(redacted), push.getMessage());
            assertFalse(leaks(printed(push)));
        }
        assertEquals(before, server.commands().size(), "no command ran: " + server.commands());
    }

    @Test
    void aHostMissingFromKnownHostsIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("secrets/empty_known_hosts"), "");
        int before = server.commands().size();
        try (SshdSessionFactory ssh = GitSsh.sessionFactory(key, empty, dir.resolve("home-unknown"));
                GitRepository repo = GitRepository.open(dir.resolve("mirror-unknown"), url, null, ssh, 10)) {
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            String text = printed(fetch);
            assertTrue(text.contains("127.0.0.1") && (text.contains("did not validate") || text.contains("host key")
                    || text.contains("authenticity")), text);
            assertFalse(leaks(text));
        }
        assertEquals("", Files.readString(empty), "the unknown host key was not added");
        assertEquals(before, server.commands().size(), "no command ran: " + server.commands());
    }

    @Test
    void aHostWithAnotherKeyIsRefused() throws Exception {
        String other = server.knownHostsLine().replaceFirst(" \\S+ \\S+\\n$", " ")
                + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(GitSshServer.newClientKey().getPublic()) + "\n";
        Path changed = Files.writeString(dir.resolve("secrets/changed_known_hosts"), other);
        try (SshdSessionFactory ssh = GitSsh.sessionFactory(key, changed, dir.resolve("home-changed"));
                GitRepository repo = GitRepository.open(dir.resolve("mirror-changed"), url, null, ssh, 10)) {
            GitException fetch = assertThrows(GitException.class, repo::fetch);
            assertFalse(leaks(printed(fetch)));
        }
    }

    @Test
    void missingFilesNameTheSetting() {
        Path missing = dir.resolve("secrets/nope");
        IllegalArgumentException noKey = assertThrows(IllegalArgumentException.class,
                () -> GitSsh.sessionFactory(missing, knownHosts, dir.resolve("home-missing")));
        assertTrue(noKey.getMessage().startsWith("git-ssh-key: ") && noKey.getMessage().contains("does not exist"),
                noKey.getMessage());
        IllegalArgumentException noHosts = assertThrows(IllegalArgumentException.class,
                () -> GitSsh.sessionFactory(key, missing, dir.resolve("home-missing")));
        assertTrue(noHosts.getMessage().startsWith("git-known-hosts: "), noHosts.getMessage());
        IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                () -> GitSsh.sessionFactory(key, null, dir.resolve("home-missing")));
        assertTrue(alone.getMessage().contains("missing: git-known-hosts"), alone.getMessage());
        seen.add(noKey.getMessage() + noHosts.getMessage() + alone.getMessage());
    }

    @Test
    void runStopsAtStartWhenTheKeyFileIsMissing() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("FLINK_GITOPS_GIT_KNOWN_HOSTS", knownHosts.toString()), "run", "--once", "--http", "off",
                "--repo", url, "--work-dir", dir.resolve("work-missing").toString(),
                "--git-ssh-key", dir.resolve("secrets/absent").toString());
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("git-ssh-key: the private key file " + dir.resolve("secrets/absent")), err.toString());
        assertFalse(Files.exists(dir.resolve("work-missing/flink")), "nothing started");
        seen.add(out + err.toString());
    }

    @Test
    void theKeyItselfInASettingIsRefusedWithoutEchoingIt() throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String content = Files.readString(key);
        int code = Main.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                Map.of("FLINK_GITOPS_GIT_SSH_KEY", content), "run", "--repo", url, "--print-config");
        assertEquals(Main.USAGE, code, err.toString());
        assertTrue(err.toString().contains("FLINK_GITOPS_GIT_SSH_KEY: invalid value for setting 'git-ssh-key': "
                + "it must be the path of a file, not the key itself"), err.toString());
        seen.add(out + err.toString());
    }
}
