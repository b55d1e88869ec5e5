package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.appspec.AppSpec;
import dev.flinkgitops.appspec.DesiredState;
import dev.flinkgitops.appspec.UpgradeMode;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());

    static String sessionJob(String metadata, String job) {
        return "apiVersion: flink.apache.org/v1beta1\n"
                + "kind: FlinkSessionJob\n"
                + "metadata:\n" + metadata
                + "spec:\n"
                + "  deploymentName: session\n"
                + "  flinkConfiguration:\n"
                + "    pipeline.max-parallelism: 128\n"
                + "    table.exec.source.idle-timeout: yes\n"
                + "  job:\n"
                + "    jarURI: local:///opt/flink/usrlib/job.jar\n" + job;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void missingUpgradeModeIsANoteAndDefaultsToSavepoint() {
        FileResult result = VALIDATOR.validateFile("apps/a.yaml", bytes(sessionJob("  name: orders\n", "")));

        assertTrue(result.valid());
        assertEquals(List.of("apps/a.yaml:10:3: /spec/job: note: upgradeMode not set: flink-gitops uses savepoint"
                + " (the Flink operator's default is stateless)"),
                result.findings().stream().map(Finding::format).toList());
        AppSpec spec = result.spec();
        assertEquals(UpgradeMode.SAVEPOINT, spec.job().upgradeMode());
        assertTrue(spec.job().upgradeModeDefaulted());
    }

    @Test
    void modelHasDefaultsAppliedAndConfigurationAsStrings() {
        AppSpec spec = VALIDATOR.validateFile("a.yaml",
                bytes(sessionJob("  name: orders\n", "    upgradeMode: last-state\n"))).spec();

        assertEquals(new AppId("default", "orders"), spec.id());
        assertEquals(DesiredState.RUNNING, spec.job().state());
        assertEquals(UpgradeMode.LAST_STATE, spec.job().upgradeMode());
        assertFalse(spec.job().upgradeModeDefaulted());
        assertFalse(spec.job().allowNonRestoredState());
        assertEquals(List.of(), spec.job().args());
        assertNull(spec.job().parallelism());
        assertEquals("128", spec.flinkConfiguration().get("pipeline.max-parallelism"));
        assertEquals("yes", spec.flinkConfiguration().get("table.exec.source.idle-timeout"), "YAML 1.2: yes is a string");
        assertEquals(64, spec.hash().length());
    }

    @Test
    void fileOverTheByteCapIsRejectedBeforeParsing() {
        String spec = sessionJob("  name: orders\n", "    upgradeMode: savepoint\n");
        String padding = "#".repeat(ValidationSettings.DEFAULT_MAX_BYTES - spec.length()) + "\n";
        String justOver = spec + padding;
        String atLimit = spec + padding.substring(1);

        FileResult over = VALIDATOR.validateFile("big.yaml", bytes(justOver));
        FileResult under = VALIDATOR.validateFile("big.yaml", bytes(atLimit));

        assertEquals(ValidationSettings.DEFAULT_MAX_BYTES + 1, bytes(justOver).length);
        assertEquals(List.of("big.yaml:1:1: /: file is 262145 bytes, more than the limit of 262144 bytes"),
                over.findings().stream().map(Finding::format).toList());
        assertTrue(under.valid(), () -> under.findings().toString());
    }

    @Test
    void duplicateIdentityMakesEveryCopyInvalidAndNamesTheOthers() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("apps/b/orders.yaml", bytes(sessionJob("  name: orders\n  namespace: default\n", "    upgradeMode: savepoint\n")));
        files.put("apps/a/orders.yaml", bytes(sessionJob("  name: orders\n", "    upgradeMode: savepoint\n")));
        files.put("apps/c/orders.yaml", bytes(sessionJob("  name: orders\n  namespace: payments\n", "    upgradeMode: savepoint\n")));

        List<FileResult> results = VALIDATOR.validateAll(files);

        assertEquals(List.of("apps/a/orders.yaml", "apps/b/orders.yaml", "apps/c/orders.yaml"),
                results.stream().map(FileResult::file).toList());
        assertEquals(List.of("apps/a/orders.yaml:4:9: /metadata/name: duplicate app default/orders: also defined in apps/b/orders.yaml"),
                results.get(0).errors().stream().map(Finding::format).toList());
        assertEquals(List.of("apps/b/orders.yaml:4:9: /metadata/name: duplicate app default/orders: also defined in apps/a/orders.yaml"),
                results.get(1).errors().stream().map(Finding::format).toList());
        assertNull(results.get(0).spec());
        assertNull(results.get(1).spec());
        assertTrue(results.get(2).valid());
        assertEquals(new AppId("payments", "orders"), results.get(2).spec().id());
    }

    @Test
    void checkAcrossFilesLeavesDistinctAppsAlone() {
        List<FileResult> results = List.of(
                VALIDATOR.validateFile("x.yaml", bytes(sessionJob("  name: x\n", "    upgradeMode: savepoint\n"))),
                VALIDATOR.validateFile("y.yaml", bytes(sessionJob("  name: y\n", "    upgradeMode: savepoint\n"))));

        assertEquals(results, VALIDATOR.checkAcrossFiles(results));
    }

    @Test
    void deploymentOnTheSessionTargetNotesWhatDoesNotApply() {
        String withCluster = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: orders\n"
                + "spec:\n  image: flink:2.2\n  taskManager:\n    resource:\n      memory: 2g\n"
                + "  job:\n    jarURI: local:///job.jar\n    upgradeMode: savepoint\n";
        String jobOnly = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: orders\n"
                + "spec:\n  job:\n    jarURI: local:///job.jar\n    upgradeMode: savepoint\n";
        String sessionCluster = "apiVersion: flink.apache.org/v1beta1\nkind: FlinkDeployment\nmetadata:\n  name: session\n"
                + "spec:\n  image: flink:2.2\n";

        assertEquals(List.of("d.yaml:5:1: /spec: note: the job runs on the default session cluster (no Kubernetes target)",
                "d.yaml:6:10: /spec/image: warning: spec.image, spec.taskManager are not applied on the session target:"
                        + " the job runs on the session cluster as that cluster is configured (they apply on the Kubernetes target)"),
                formatted(VALIDATOR.validateFile("d.yaml", bytes(withCluster))));
        assertEquals(List.of("d.yaml:5:1: /spec: note: the job runs on the default session cluster (no Kubernetes target)"),
                formatted(VALIDATOR.validateFile("d.yaml", bytes(jobOnly))));
        FileResult session = VALIDATOR.validateFile("d.yaml", bytes(sessionCluster));
        assertTrue(session.valid());
        assertNull(session.spec().job());
        assertEquals(List.of("d.yaml:5:1: /spec: note: FlinkDeployment without a job is a session cluster definition:"
                + " it is not deployed without the Kubernetes target"), formatted(session));

        SpecValidator kubernetes = new SpecValidator(ValidationSettings.defaults().withKubernetesTarget(true));
        assertEquals(List.of("d.yaml:5:1: /spec: note: mode not set: flink-gitops runs the cluster in standalone mode"
                + " (the operator's default is native)"), formatted(kubernetes.validateFile("d.yaml", bytes(withCluster))));
    }

    @Test
    void jarSchemesComeFromTheSettings() {
        byte[] s3 = bytes(sessionJob("  name: orders\n", "    upgradeMode: savepoint\n").replace("local://", "s3://bucket"));
        SpecValidator allowsS3 = new SpecValidator(ValidationSettings.defaults().withJarSchemes(java.util.Set.of("s3")));

        assertFalse(VALIDATOR.validateFile("a.yaml", s3).valid());
        assertTrue(allowsS3.validateFile("a.yaml", s3).valid());
    }

    @Test
    void statelessJobNeedsNoSavepointDirectory() {
        SpecValidator noDefault = new SpecValidator(ValidationSettings.defaults().withDefaultSavepointDirConfigured(false));

        assertTrue(noDefault.validateFile("a.yaml", bytes(sessionJob("  name: o\n", "    upgradeMode: stateless\n"))).valid());
        assertFalse(noDefault.validateFile("a.yaml", bytes(sessionJob("  name: o\n", ""))).valid(), "missing mode means savepoint");
        String withDir = sessionJob("  name: o\n", "").replace("  job:\n", "    state.savepoints.dir: file:///sp\n  job:\n");
        assertTrue(noDefault.validateFile("a.yaml", bytes(withDir)).valid());
    }

    @Test
    void findingFormatsErrorsNotesAndTheWholeDocument() {
        assertEquals("f.yaml:1:1: /: boom", new Finding(Finding.Severity.ERROR, "f.yaml", 1, 1, "", "boom").format());
        assertEquals("f.yaml:3:5: /spec/job: note: hi", new Finding(Finding.Severity.NOTE, "f.yaml", 3, 5, "/spec/job", "hi").format());
    }

    @Test
    void oneValidatorServesManyThreadsWithTheSameAnswers() {
        byte[] good = bytes(sessionJob("  name: orders\n", "    upgradeMode: savepoint\n"));
        byte[] bad = bytes(sessionJob("  name: orders\n", "    upgradeMode: sometimes\n"));
        FileResult goodAlone = VALIDATOR.validateFile("g.yaml", good);
        FileResult badAlone = VALIDATOR.validateFile("b.yaml", bad);

        List<Boolean> same = IntStream.range(0, 200).parallel()
                .mapToObj(i -> i % 2 == 0
                        ? VALIDATOR.validateFile("g.yaml", good).equals(goodAlone)
                        : VALIDATOR.validateFile("b.yaml", bad).equals(badAlone))
                .toList();

        assertFalse(same.contains(false));
        assertNotNull(goodAlone.spec());
        assertEquals(1, badAlone.errors().size());
    }

    private static List<String> formatted(FileResult result) {
        return result.findings().stream().map(Finding::format).toList();
    }
}
