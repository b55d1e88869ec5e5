package dev.flinkgitops.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The demo's scratch repositories: a bare "remote" the daemon watches and a working clone the
 * user commits in. The example's output paths are pointed into the scratch directory.
 */
final class DemoRepository {

    static final String EXAMPLE_OUTPUT = "/tmp/flink-gitops-example/";

    private final Path remote;
    private final Path work;
    private final Path output;

    private DemoRepository(Path remote, Path work, Path output) {
        this.remote = remote;
        this.work = work;
        this.output = output;
    }

    static DemoRepository create(Path example, Path scratch) throws Exception {
        if (!Files.isDirectory(example.resolve("apps"))) {
            throw new IllegalArgumentException("no example repository at " + example.toAbsolutePath()
                    + " (run from the project checkout, or pass --from PATH)");
        }
        Path remote = scratch.resolve("origin.git");
        Path work = scratch.resolve("specs");
        Path output = scratch.resolve("output");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(remote.toFile()).call().close();
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            copy(example, work, output);
            git.getRepository().getConfig().setString("remote", "origin", "url", remote.toString());
            git.getRepository().getConfig().setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
            git.getRepository().getConfig().save();
            git.add().addFilepattern(".").call();
            git.commit().setMessage("Example specs").setAuthor(author()).setCommitter(author()).call();
            push(git);
        }
        return new DemoRepository(remote, work, output);
    }

    private static void copy(Path from, Path to, Path output) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Files.writeString(target, text.replace(EXAMPLE_OUTPUT, output + "/"), StandardCharsets.UTF_8);
            }
        }
    }

    /** Rewrites one file, commits and pushes; returns the new commit id. */
    String commit(String path, UnaryOperator<String> change, String message) throws Exception {
        Path file = work.resolve(path);
        Files.writeString(file, change.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        try (Git git = Git.open(work.toFile())) {
            git.add().addFilepattern(path).call();
            RevCommit commit = git.commit().setMessage(message).setAuthor(author()).setCommitter(author()).call();
            push(git);
            return commit.name();
        }
    }

    /** The status branch's history, newest first: {@code <short id> <subject>}. */
    List<String> statusLog() throws Exception {
        List<String> lines = new ArrayList<>();
        try (Repository repository = Git.open(remote.toFile()).getRepository(); RevWalk walk = new RevWalk(repository)) {
            var tip = repository.resolve("refs/heads/status");
            if (tip == null) {
                return lines;
            }
            walk.markStart(walk.parseCommit(tip));
            for (RevCommit commit : walk) {
                lines.add(commit.abbreviate(8).name() + " " + commit.getShortMessage());
            }
        }
        return lines;
    }

    private static void push(Git git) throws Exception {
        git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
    }

    private static org.eclipse.jgit.lib.PersonIdent author() {
        return new org.eclipse.jgit.lib.PersonIdent("demo user", "demo@flink-gitops.local");
    }

    String remoteUrl() {
        return remote.toString();
    }

    Path work() {
        return work;
    }

    Path output(String app) {
        return output.resolve(app);
    }
}
