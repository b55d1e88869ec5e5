package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Files of several documents: each document a resource, checked and reported on its own; identities unique across all. */
class MultiDocumentValidationTest {

    private static final SpecValidator VALIDATOR = new SpecValidator(ValidationSettings.defaults());

    /** Nine lines: metadata.name on line 4 of the document. */
    static String job(String name, String mode) {
        return "apiVersion: flink.apache.org/v1beta1\nkind: FlinkSessionJob\nmetadata:\n  name: " + name + "\n"
                + "spec:\n  deploymentName: session\n  job:\n    jarURI: local:///opt/flink/usrlib/job.jar\n"
                + "    upgradeMode: " + mode + "\n";
    }

    private static List<FileResult> documents(String file, String text) {
        return VALIDATOR.validateDocuments(file, () -> text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> formatted(FileResult result) {
        return result.findings().stream().map(Finding::format).toList();
    }

    @Test
    void eachBadDocumentIsReportedOnItsOwnWithItsLineInTheFile() {
        List<FileResult> results = documents("apps/three.yaml", "---\n" + job("orders", "savepoint") + "---\n"
                + job("clicks", "sometimes") + "---\n" + job("views", "savepoint").replace("kind:", "kimd:") + "---\n");

        assertEquals(3, results.size());
        assertEquals(List.of(1, 2, 3), results.stream().map(FileResult::document).toList());
        assertTrue(results.get(0).valid());
        assertEquals(new AppId("default", "orders"), results.get(0).spec().id());
        assertEquals(List.of("apps/three.yaml:20:18: /spec/job/upgradeMode: \"sometimes\" does not have a value in the enumeration"),
                formatted(results.get(1)).stream().map(f -> f.replaceAll(" \\[.*", "")).toList());
        assertEquals(new AppId("default", "clicks"), results.get(1).claimed(), "an invalid document still names its app");
        assertNull(results.get(1).spec());
        assertFalse(results.get(2).valid());
        assertTrue(formatted(results.get(2)).stream().allMatch(f -> f.startsWith("apps/three.yaml:2")), formatted(results.get(2)).toString());
        assertTrue(formatted(results.get(2)).stream().anyMatch(f -> f.startsWith("apps/three.yaml:23:1: ")), formatted(results.get(2)).toString());
    }

    @Test
    void aSyntaxErrorInOneDocumentLeavesTheOthersValid() {
        List<FileResult> results = documents("a.yaml", job("orders", "savepoint") + "---\nmetadata: {name: [x\n---\n" + job("views", "savepoint"));

        assertEquals(3, results.size());
        assertTrue(results.get(0).valid());
        assertTrue(formatted(results.get(1)).get(0).startsWith("a.yaml:12:1: /: YAML syntax error"), formatted(results.get(1)).toString());
        assertNull(results.get(1).claimed(), "nothing could be read");
        assertTrue(results.get(2).valid());
        assertEquals(new AppId("default", "views"), results.get(2).spec().id());
    }

    @Test
    void aFileOverItsBoundsIsOneResultForTheWholeFile() {
        List<FileResult> results = documents("big.yaml", job("orders", "savepoint") + "---\na: [" + "1, ".repeat(10_000) + "1]\n");

        assertEquals(1, results.size());
        assertEquals(0, results.get(0).document());
        assertTrue(formatted(results.get(0)).get(0).contains("more than 10000 YAML nodes in the file"), formatted(results.get(0)).toString());
    }

    @Test
    void identitiesAreUniqueAcrossTheDocumentsOfOneFileAndAcrossFiles() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("apps/a.yaml", (job("orders", "savepoint") + "---\n" + job("orders", "stateless") + "---\n" + job("views", "savepoint"))
                .getBytes(StandardCharsets.UTF_8));
        files.put("apps/b.yaml", (job("clicks", "savepoint") + "---\n" + job("views", "savepoint")).getBytes(StandardCharsets.UTF_8));

        List<FileResult> results = VALIDATOR.validateAll(files);

        assertEquals(5, results.size());
        assertEquals(List.of("apps/a.yaml:4:9: /metadata/name: duplicate app default/orders: also defined in apps/a.yaml:14"),
                formatted(results.get(0)));
        assertEquals(List.of("apps/a.yaml:14:9: /metadata/name: duplicate app default/orders: also defined in apps/a.yaml:4"),
                formatted(results.get(1)));
        assertEquals(List.of("apps/a.yaml:24:9: /metadata/name: duplicate app default/views: also defined in apps/b.yaml:14"),
                formatted(results.get(2)));
        assertTrue(results.get(3).valid(), "clicks is defined once");
        assertEquals(List.of("apps/b.yaml:14:9: /metadata/name: duplicate app default/views: also defined in apps/a.yaml:24"),
                formatted(results.get(4)));
    }

    @Test
    void anAppStaysWithTheFileItRunsFromWhenAnotherFilesDocumentClaimsIt() {
        Map<String, byte[]> files = new TreeMap<>();
        files.put("apps/a.yaml", (job("orders", "savepoint") + "---\n" + job("views", "savepoint")).getBytes(StandardCharsets.UTF_8));
        files.put("apps/b.yaml", (job("clicks", "savepoint") + "---\n" + job("orders", "savepoint")).getBytes(StandardCharsets.UTF_8));

        List<FileResult> results = VALIDATOR.validateAll(files, Map.of(new AppId("default", "orders"), "apps/a.yaml"));

        assertTrue(results.get(0).valid() && results.get(1).valid() && results.get(2).valid());
        assertEquals(List.of("apps/b.yaml:14:9: /metadata/name: app default/orders belongs to apps/a.yaml (the file it runs from):"
                + " another file cannot claim it"), formatted(results.get(3)));
    }

    @Test
    void anInvalidDocumentHoldsTheAppItNamesOrElseTheAppsItsFileIsMissing() {
        AppId orders = new AppId("default", "orders");
        AppId clicks = new AppId("default", "clicks");
        AppId views = new AppId("default", "views");
        Map<AppId, String> owners = Map.of(orders, "apps/a.yaml", clicks, "apps/a.yaml", views, "apps/a.yaml");

        // orders valid, clicks named but invalid, views' document gone: views is removed
        List<FileResult> named = documents("apps/a.yaml", job("orders", "savepoint") + "---\n" + job("clicks", "sometimes"));
        Claims claims = Claims.of(named, owners);
        assertEquals(List.of(clicks), List.copyOf(claims.held().keySet()));
        assertEquals(List.of(), claims.unclaimed());

        // a document that names nothing readable: it may be views or clicks, so both are held, none removed
        List<FileResult> unreadable = documents("apps/a.yaml", job("orders", "savepoint") + "---\nmetadata: [\n");
        assertEquals(java.util.Set.of(clicks, views), Claims.of(unreadable, owners).held().keySet());

        // another file's copy of an app whose own file is broken: the app shows its own file's errors
        List<FileResult> both = new java.util.ArrayList<>(documents("apps/b.yaml", job("clicks", "savepoint")));
        both.addAll(documents("apps/a.yaml", job("orders", "savepoint") + "---\n" + job("clicks", "sometimes") + "---\n" + job("views", "savepoint")));
        assertEquals("apps/a.yaml", Claims.of(VALIDATOR.checkAcrossFiles(both, owners), owners).held().get(clicks).file());

        // moved to another file while broken: still held, not deleted
        List<FileResult> moved = documents("apps/c.yaml", job("clicks", "sometimes"));
        assertEquals(java.util.Set.of(clicks), Claims.of(moved, Map.of(clicks, "apps/a.yaml")).held().keySet());

        // a new file's invalid document holds nothing
        List<FileResult> fresh = documents("apps/new.yaml", job("fresh", "sometimes"));
        Claims none = Claims.of(fresh, owners);
        assertEquals(Map.of(), none.held());
        assertEquals(1, none.unclaimed().size());
    }
}
