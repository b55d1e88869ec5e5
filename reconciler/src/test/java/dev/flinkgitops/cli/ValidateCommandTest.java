package dev.flinkgitops.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(out.toString().contains("3 files, 3 valid, 0 errors, 0 notes"), out.toString());

        assertEquals(1, run("validate", "--kubernetes", "--namespace", "payments", "../example-repo"));
        assertTrue(out.toString().contains("clicks-counter.yaml:9:14: /metadata/namespace: namespace 'analytics' is not allowed"),
                out.toString());
    }

    @Test
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
    void aMissingPathIsAnErrorNamingIt() {
        assertEquals(1, run("validate", dir.resolve("nope").toString()));
        assertTrue(err.toString().contains("no such file or folder"), err.toString());
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
}
