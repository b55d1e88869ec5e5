package dev.flinkgitops.bench;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A working clone of a spec repository, for tests that commit and push spec changes. */
public final class SpecRepo implements AutoCloseable {

    private final Git git;
    private final Path dir;

    private SpecRepo(Git git, Path dir) {
        this.git = git;
        this.dir = dir;
    }

    /** A new local repository on branch main that pushes to {@code url}. */
    public static SpecRepo create(Path dir, String url) {
        try {
            Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
            git.getRepository().getConfig().setString("remote", "origin", "url", url);
            git.getRepository().getConfig().save();
            return new SpecRepo(git, dir);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SpecRepo write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public SpecRepo delete(String path) {
        try {
            Files.deleteIfExists(dir.resolve(path));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Commits every change and pushes main; returns the commit id. */
    public String commitAndPush(String message) {
        try {
            git.add().addFilepattern(".").call();
            git.add().addFilepattern(".").setUpdate(true).call();
            RevCommit commit = git.commit().setMessage(message).setAuthor("test", "test@example.com")
                    .setCommitter("test", "test@example.com").call();
            git.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).setForce(true).call();
            return commit.name();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public ObjectId head() {
        try {
            return git.getRepository().resolve("HEAD");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        git.close();
    }
}
