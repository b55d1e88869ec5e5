package dev.flinkgitops.git;

import dev.flinkgitops.testing.SpecRepo;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file's versions and a commit's details from a mirror, as the pages read them (file:// git). */
class FileHistoryTest {

    @TempDir
    Path dir;

    @Test
    void aFilesVersionsAreNewestFirstBoundedByCountAndByTheCommitsWalked() throws Exception {
        Path origin = dir.resolve("origin.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(origin.toFile()).call().close();
        String first;
        try (SpecRepo specs = SpecRepo.create(dir.resolve("work"), origin.toUri().toString())) {
            first = specs.write("a/x.yaml", "v: 1\n").commitAndPush("x: one");
            specs.write("a/x.yaml", "v: 2\n").commitAndPush("x: two");
            specs.write("a/y.yaml", "other\n").commitAndPush("y");
            specs.write("a/x.yaml", "v: 3\n").commitAndPush("x: three");
            for (int i = 0; i < 3; i++) {
                specs.write("a/y.yaml", "other " + i + "\n").commitAndPush("y " + i);
            }
        }
        try (GitRepository mirror = GitRepository.open(dir.resolve("mirror.git"), origin.toUri().toString(), null, 10)) {
            mirror.fetch();
            FileHistory history = new FileHistory(mirror);

            List<FileHistory.FileVersion> all = history.versions("main", "a/x.yaml", 100, 1000);
            assertEquals(List.of("v: 3\n", "v: 2\n", "v: 1\n"), all.stream().map(v -> text(v.content())).toList());
            assertEquals(List.of("x: three", "x: two", "x: one"), all.stream().map(v -> v.commit().subject()).toList());
            assertEquals(List.of("v: 3\n"), history.versions("main", "a/x.yaml", 1, 1000).stream().map(v -> text(v.content())).toList());
            assertEquals(2, history.versions("main", "a/x.yaml", 100, 6).size(), "six commits walked reach back to 'x: two'");
            assertTrue(history.versions("missing", "a/x.yaml", 100, 1000).isEmpty());

            assertEquals("test", history.commit(first).orElseThrow().author());
            assertEquals("x: one", history.commit(first.substring(0, 10)).orElseThrow().subject());
            assertTrue(history.commit("0000000000000000000000000000000000000000").isEmpty());
            assertEquals(2, history.yamlFiles(history.tip("main").orElseThrow()).size());
            assertEquals("other 2\n", text(history.blob(history.yamlFiles(history.tip("main").orElseThrow()).get("a/y.yaml"))));
        }
    }

    private static String text(byte[] content) {
        return new String(content, StandardCharsets.UTF_8);
    }
}
