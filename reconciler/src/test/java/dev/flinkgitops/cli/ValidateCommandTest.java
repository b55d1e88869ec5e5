package dev.flinkgitops.cli;

import dev.flinkgitops.testing.TeamSpecs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code flink-gitops validate}: output format and exit codes. */
class ValidateCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void theExampleRepositoryIsValid() {
        assertEquals(0, run("validate", "../example-repo"), out.toString());
        assertTrue(out.toString().contains("3 files, 3 valid, 0 errors"), out.toString());
    }

    @Test
    void everyViolationIsPrintedWithFileLineColumnAndPointerAndExitsOne() throws Exception {
        Path spec = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: orders
                spec:
                  deploymentName: session
                  job:
                    jarURI: file:///jobs/counter.jar
                    parallelism: zero
                    state: paused
                """);
        Path semantic = Files.writeString(dir.resolve("semantic.yaml"), """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkSessionJob
                metadata:
                  name: clicks
                spec:
                  deploymentName: session
                  job:
                    jarURI: ftp://jobs/counter.jar
                """);

        assertEquals(1, run("validate", dir.toString()));

        String printed = out.toString();
        assertTrue(printed.contains(spec + ":9:18: /spec/job/parallelism: "), printed);
        assertTrue(printed.contains(spec + ":10:12: /spec/job/state: "), printed);
        assertTrue(printed.contains(semantic + ":8:13: /spec/job/jarURI: "), printed);
        assertTrue(printed.contains(semantic + ":7:3: /spec/job: note: upgradeMode not set"), printed);
        assertTrue(printed.contains("2 files, 0 valid, 3 errors, 1 notes"), printed);
    }

    @Test
    void forKubernetesTheExamplesAreValidAndANamespaceOutsideTheAllowlistIsNot() {
        assertEquals(0, run("validate", "--kubernetes", "--namespace", "payments,analytics", "../example-repo"), out.toString());
        assertTrue(out.toString().contains("3 files, 3 valid, 0 errors, 2 notes"), out.toString());

        assertEquals(1, run("validate", "--kubernetes", "--namespace", "payments", "../example-repo"));
        assertTrue(out.toString().contains("clicks-counter.yaml:9:14: /metadata/namespace: namespace 'analytics' is not allowed"),
                out.toString());
    }

    /** An Ingress the app's NetworkPolicy would keep the controller from: warned at spec.ingress, unless --ingress-namespace admits it. */
    @Test
    void anIngressWithoutTheDaemonsIngressNamespaceIsAWarningAtItsLine() throws Exception {
        Path spec = Files.writeString(dir.resolve("orders.yaml"), """
                apiVersion: flink.apache.org/v1beta1
                kind: FlinkDeployment
                metadata: {name: orders, namespace: payments}
                spec:
                  image: flink:2.3-java17
                  ingress:
                    template: "{{name}}.{{namespace}}.flink.example.com"
                  job:
                    jarURI: local:///opt/flink/usrlib/job.jar
                    upgradeMode: stateless
                """);

        assertEquals(0, run("validate", "--kubernetes", spec.toString()), out.toString());
        assertTrue(out.toString().contains(spec + ":6:3: /spec/ingress: warning: spec.ingress: the app's NetworkPolicy admits"
                + " its REST port only from the daemon's pods, and the daemon has no --ingress-namespace"), out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("validate", "--kubernetes", "--ingress-namespace", "ingress-nginx", spec.toString()), out.toString());
        assertTrue(!out.toString().contains("--ingress-namespace"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, run("validate", spec.toString()), out.toString());
        assertTrue(!out.toString().contains("--ingress-namespace"), "no NetworkPolicy without the Kubernetes target: " + out);
    }

    @Test
    void aMissingPathIsAUsageErrorNamingIt() {
        assertEquals(Main.USAGE, run("validate", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("no such file or folder: " + dir.resolve("nope")), err.toString());
    }

    @Test
    void aSpecialFloatIsAFindingOnItsFileAndEveryOtherFileIsStillChecked() throws Exception {
        Path inf = Files.writeString(dir.resolve("inf.yaml"), """
                apiVersion: flink.apache.org/v1beta1
                kind: .inf
                metadata:
                  name: orders
                """);
        Path bad = Files.writeString(dir.resolve("nan.yaml"), TeamSpecs.spec("clicks", "v1", "", "    state: .nan\n"));
        Files.copy(Path.of("../example-repo/apps/payments/orders-counter.yaml"), dir.resolve("good.yaml"));

        assertEquals(1, run("validate", dir.toString()), out.toString());

        String printed = out.toString();
        assertTrue(printed.contains(inf + ":2:7: /kind: .inf does not have a value in the enumeration"), printed);
        assertTrue(printed.contains(bad + ":16:12: /spec/job/state: .nan does not have a value in the enumeration"), printed);
        assertTrue(printed.contains("3 files, 1 valid, 3 errors, 1 warnings, 1 notes\n"), printed);
    }

    @Test
    void aFileThatCannotBeReadIsAnInternalErrorOnItExitingSeventy() throws Exception {
        Path unreadable = Path.of("/proc/self/mem"); // a regular file whose first page cannot be read
        assumeTrue(Files.isRegularFile(unreadable), "Linux only");
        Path good = Files.copy(Path.of("../example-repo/apps/payments/orders-counter.yaml"), dir.resolve("good.yaml"));

        assertEquals(70, run("validate", unreadable.toString(), good.toString()), out.toString());

        String printed = out.toString();
        assertTrue(printed.contains(unreadable + ": internal error: java.io.IOException: "), printed);
        assertTrue(printed.contains("2 files, 1 valid, 1 errors, 1 warnings, 1 notes (1 internal"), printed);
    }

    @Test
    void underAFolderASymbolicLinkIsCheckedAsGitStoresItAndNothingHangs() throws Exception {
        Path specs = Files.createDirectories(dir.resolve("specs"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.copy(Path.of("../example-repo/apps/payments/orders-counter.yaml"), specs.resolve("good.yaml"));
        Files.copy(Path.of("../example-repo/apps/analytics/clicks-counter.yaml"), outside.resolve("clicks.yaml"));
        Files.createSymbolicLink(specs.resolve("clicks.yaml"), Path.of("../outside/clicks.yaml"));
        Files.createSymbolicLink(specs.resolve("folder.yaml"), outside);
        Files.createSymbolicLink(specs.resolve("dangling.yaml"), Path.of("nowhere.yaml"));
        Files.createSymbolicLink(specs.resolve("loop.yaml"), Path.of("loop.yaml"));
        Files.createSymbolicLink(specs.resolve("zero.yaml"), Path.of("/dev/zero"));
        boolean fifo = new ProcessBuilder("mkfifo", specs.resolve("fifo.yaml").toString()).start().waitFor() == 0;

        int exit = assertTimeoutPreemptively(java.time.Duration.ofSeconds(60), () -> run("validate", specs.toString()));

        String printed = out.toString();
        assertEquals(1, exit, printed);
        for (String link : new String[] {"clicks", "folder", "dangling", "loop", "zero"}) {
            assertTrue(printed.contains(specs.resolve(link + ".yaml") + ":1:1: /: the top level must be a mapping, not a scalar"),
                    printed);
        }
        assertTrue(printed.contains("6 files, 1 valid, 5 errors"), "the pipe is skipped (" + fifo + "): " + printed);
    }

    @Test
    void tagsOnMappingsAreRefusedWithFileAndLine() throws Exception {
        Path tagged = Files.writeString(dir.resolve("tagged.yaml"),
                TeamSpecs.spec("orders", "v1").replace("  job:\n", "  job: !!java/object:java.lang.ProcessBuilder\n"));

        assertEquals(1, run("validate", tagged.toString()));
        assertTrue(out.toString().contains(tagged + ":11:8: /spec/job: tag !!java/object:java.lang.ProcessBuilder is not allowed"
                + " on a mapping (allowed: !!map)"), out.toString());
    }

    void withTenantsAFileMayOnlyUseItsFoldersNamespacesAndCopiesOfAnAppAreBothReported() throws Exception {
        // Tenant folders are matched against the paths as given: relative ones, as when run from the repository root.
        Path root = Files.createTempDirectory(Path.of("target"), "tenants");
        Files.createDirectories(root.resolve("apps/payments"));
        Files.createDirectories(root.resolve("apps/analytics"));
        Files.copy(Path.of("../example-repo/apps/payments/orders-counter.yaml"), root.resolve("apps/payments/orders.yaml"));
        Files.copy(Path.of("../example-repo/apps/payments/orders-counter.yaml"), root.resolve("apps/analytics/orders.yaml"));
        String payments = "--tenant=" + root + "/apps/payments=payments";
        String analytics = "--tenant=" + root + "/apps/analytics=analytics";

        assertEquals(1, run("validate", payments, analytics, root.toString()));
        String printed = out.toString();
        assertTrue(printed.contains(root + "/apps/analytics/orders.yaml:9:14: /metadata/namespace: namespace 'payments' is not "
                + "allowed for files in " + root + "/apps/analytics/ (allowed: analytics)"), printed);
        assertTrue(printed.contains("2 files, 1 valid, 1 errors"), printed);

        assertEquals(1, run("validate", root.toString()), "without tenants and without a status branch: both are duplicates");
        assertTrue(out.toString().contains(root + "/apps/payments/orders.yaml:8:9: /metadata/name: duplicate app "
                + "payments/orders-counter: also defined in " + root + "/apps/analytics/orders.yaml"), out.toString());

        assertEquals(Main.USAGE, run("validate", "--tenant", "/abs=payments", root.toString()));
        assertTrue(err.toString().contains("--tenant: '/abs' is not a folder of the repository"), err.toString());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"run", "validate", "demo"}) {
            StringWriter help = new StringWriter();
            assertEquals(0, Main.execute(new PrintWriter(help, true), new PrintWriter(err, true), command, "--help"));
            assertTrue(help.toString().contains("Usage: flink-gitops " + command), help.toString());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(Main.USAGE, run());
        assertEquals(Main.USAGE, run("plan", "--no-such-option"));
    }

    @Test
    void eachDocumentOfAFileIsCheckedAndCountedOnItsOwn() throws Exception {
        Files.writeString(dir.resolve("pair.yaml"), "# two apps\n---\n" + TeamSpecs.spec("orders", "v1") + "---\n"
                + TeamSpecs.spec("clicks", "v1").replace("parallelism: 2", "parallelism: zero") + "---\n");
        Files.writeString(dir.resolve("single.yaml"), TeamSpecs.spec("views", "v1"));

        assertEquals(1, run("validate", "--quiet", dir.toString()), out + "\n" + err);
        String pair = dir.resolve("pair.yaml").toString();
        assertTrue(out.toString().contains(pair + ":34:18: /spec/job/parallelism: string found, integer expected\n"), out.toString());
        assertEquals(1, out.toString().lines().filter(line -> line.startsWith(pair + ":") && !line.contains(": warning: ")).count(),
                "only the broken document's error is reported (--quiet keeps warnings): " + out);
        assertTrue(out.toString().contains("2 files, 3 resources, 2 valid, 1 errors, 2 warnings, 2 notes"), out.toString());
    }
}
