package dev.flinkgitops.daemon;

import dev.flinkgitops.git.GitRepository;
import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.testing.SpecRepo;
import dev.flinkgitops.validate.SpecValidator;
import dev.flinkgitops.validate.ValidationSettings;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheEditor;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The validate step: parse once per content, claim invalid files for their app, see removals. */
class SpecCatalogTest {

    @TempDir
    Path dir;

    static String spec(String name, String tag) {
        return """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: %s
                spec:
                  deploymentName: session
                  job:
                    jarURI: file:///jobs/counter.jar
                    args: ["--tag", "%s"]
                    upgradeMode: savepoint
                """.formatted(name, tag);
    }

    @Test
    void parsesEachFileOnceAndOnlyTheChangedOneAfterACommit() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), bare.toString());
                GitRepository repo = GitRepository.open(dir.resolve("mirror"), bare.toString(), null, 10)) {
            specs.write("apps/a.yaml", spec("a", "v1")).write("apps/b.yaml", spec("b", "v1"))
                    .write("apps/c.yaml", spec("c", "v1")).write("docs/not-a-spec.yaml", "x: 1\n").commitAndPush("three");
            SpecCatalog catalog = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"));
            repo.fetch();
            ObjectId first = repo.tip("main").orElseThrow();

            Catalog read = catalog.read(first, Map.of());
            assertEquals(3, read.desired().size());
            assertEquals(3, catalog.parses());

            catalog.read(first, Map.of());
            assertEquals(3, catalog.parses(), "an unchanged tip parses nothing");

            specs.write("apps/b.yaml", spec("b", "v2")).commitAndPush("b v2");
            repo.fetch();
            Catalog second = catalog.read(repo.tip("main").orElseThrow(), Map.of());
            assertEquals(4, catalog.parses(), "only the changed file is parsed again");
            assertEquals(List.of("--tag", "v2"), second.desired().get(new AppId("default", "b")).spec().job().args());
        }
    }

    @Test
    void cachesHoldWhatIsStillUsedNotTheHistory() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), bare.toString());
                GitRepository repo = GitRepository.open(dir.resolve("mirror"), bare.toString(), null, 10)) {
            String stable = specs.write("apps/a.yaml", spec("a", "v0")).write("apps/b.yaml", spec("b", "v0")).commitAndPush("v0");
            SpecCatalog catalog = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"));
            for (int i = 1; i <= 20; i++) {
                specs.write("apps/a.yaml", spec("a", "v" + i)).commitAndPush("a v" + i);
                repo.fetch();
                catalog.read(repo.tip("main").orElseThrow(), Map.of());
                // A tick asks for the spec at an app's recorded commit and at its stable commit.
                assertEquals(List.of("--tag", "v0"), catalog.specAt(stable, "apps/b.yaml", new AppId("default", "b")).job().args());
                catalog.specAt(repo.tip("main").orElseThrow().name(), "apps/a.yaml", new AppId("default", "a"));
            }
            assertEquals(21, catalog.parses(), "v0 of a and b, then each new content of a once");
            assertTrue(catalog.cached() <= 5, "after 20 commits: " + catalog.cached() + " cached entries");
            long parses = catalog.parses();
            catalog.read(repo.tip("main").orElseThrow(), Map.of());
            catalog.specAt(stable, "apps/b.yaml", new AppId("default", "b"));
            assertEquals(parses, catalog.parses(), "what the last tick used is still cached");
        }
    }

    @Test
    void anInvalidFileIsClaimedByItsRecordedAppAndARemovedFileIsSeen() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), bare.toString());
                GitRepository repo = GitRepository.open(dir.resolve("mirror"), bare.toString(), null, 10)) {
            specs.write("apps/a.yaml", spec("a", "v1").replace("upgradeMode", "upgradeMod"))
                    .write("apps/new.yaml", "kind: [").commitAndPush("broken");
            repo.fetch();
            AppId a = new AppId("default", "a");
            AppId gone = new AppId("default", "gone");
            Map<AppId, AppStatus> recorded = Map.of(
                    a, AppStatus.empty(a.toString(), "apps/a.yaml"),
                    gone, AppStatus.empty(gone.toString(), "apps/gone.yaml"));

            Catalog read = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"))
                    .read(repo.tip("main").orElseThrow(), recorded);

            Desired invalid = read.desired().get(a);
            assertNull(invalid.spec());
            assertTrue(invalid.errors().get(0).format().startsWith("apps/a.yaml:"), invalid.errors().toString());
            assertTrue(read.desired().get(gone).isRemoved());
            assertEquals(1, read.unclaimedInvalid().size());
            assertEquals("apps/new.yaml", read.unclaimedInvalid().get(0).file());
        }
    }

    @Test
    void aFileThatCannotBeReadIsAFindingOnItAndTheOtherFilesAreRead() throws Exception {
        Path bare = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), bare.toString());
                GitRepository repo = GitRepository.open(dir.resolve("mirror"), bare.toString(), null, 10);
                Git work = Git.open(dir.resolve("work").toFile())) {
            String first = specs.write("apps/a.yaml", spec("a", "v1")).commitAndPush("a");
            // A submodule named like a spec: its tree entry is a commit id, not a blob the daemon can read.
            DirCache index = work.getRepository().lockDirCache();
            DirCacheEditor editor = index.editor();
            editor.add(new DirCacheEditor.PathEdit("apps/module.yaml") {
                @Override
                public void apply(DirCacheEntry entry) {
                    entry.setFileMode(FileMode.GITLINK);
                    entry.setObjectId(ObjectId.fromString(first));
                }
            });
            editor.commit();
            work.commit().setMessage("submodule").setAuthor("t", "t@x").setCommitter("t", "t@x").call();
            work.push().setRemote("origin").setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
            repo.fetch();

            Catalog read = new SpecCatalog(repo, new SpecValidator(ValidationSettings.defaults()), List.of("apps"))
                    .read(repo.tip("main").orElseThrow(), Map.of());

            assertEquals(List.of("--tag", "v1"), read.desired().get(new AppId("default", "a")).spec().job().args());
            assertEquals(1, read.unclaimedInvalid().size());
            String finding = read.unclaimedInvalid().get(0).errors().get(0).format();
            assertTrue(finding.startsWith("apps/module.yaml: internal error: java.io.UncheckedIOException: cannot read blob "),
                    finding);
        }
    }
}
