package dev.flinkgitops.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flinkgitops.appspec.AppId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Folders own namespaces; an app stays with the file it runs from; an impostor is an error on itself only. */
class TenancyTest {

    private static final Tenancy TEAMS = Tenancy.parse(List.of("apps/payments=payments,payments-*", "apps/analytics/**=analytics",
            "apps/payments/shared=shared"));
    private static final SpecValidator PLAIN = new SpecValidator(ValidationSettings.defaults());
    private static final SpecValidator TENANTS = new SpecValidator(ValidationSettings.defaults().withTenancy(TEAMS));
    private static final AppId ORDERS = new AppId("payments", "orders");

    private static byte[] app(String name, String namespace) {
        return SpecValidatorTest.sessionJob("  name: " + name + "\n  namespace: " + namespace + "\n", "    upgradeMode: savepoint\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> errors(FileResult result) {
        return result.errors().stream().map(Finding::format).toList();
    }

    private static Map<String, FileResult> byFile(List<FileResult> results) {
        Map<String, FileResult> map = new TreeMap<>();
        results.forEach(result -> map.put(result.file(), result));
        return map;
    }

    @Test
    void aFolderMayUseItsNamespacesAndNoOther() {
        assertTrue(TENANTS.validateFile("apps/payments/orders.yaml", app("orders", "payments")).valid());
        assertTrue(TENANTS.validateFile("./apps/payments/x/refunds.yaml", app("refunds", "payments-staging")).valid(),
                "a glob, and a file in a sub-folder");
        assertTrue(TENANTS.validateFile("apps/analytics/clicks.yaml", app("clicks", "analytics")).valid());

        FileResult refused = TENANTS.validateFile("apps/analytics/orders.yaml", app("orders", "payments"));
        assertNull(refused.spec());
        assertEquals(List.of("apps/analytics/orders.yaml:5:14: /metadata/namespace: namespace 'payments' is not allowed "
                + "for files in apps/analytics/ (allowed: analytics)"), errors(refused));
    }

    @Test
    void theLongestMappedFolderDecides() {
        assertTrue(TENANTS.validateFile("apps/payments/shared/fx.yaml", app("fx", "shared")).valid());
        assertEquals(List.of("apps/payments/shared/fx.yaml:5:14: /metadata/namespace: namespace 'payments' is not allowed "
                + "for files in apps/payments/shared/ (allowed: shared)"),
                errors(TENANTS.validateFile("apps/payments/shared/fx.yaml", app("fx", "payments"))));
        assertTrue(TENANTS.validateFile("apps/payments-old/x.yaml", app("x", "payments")).errors().size() == 1,
                "apps/payments-old is not inside apps/payments");
    }

    @Test
    void withAMappingAFileInAnUnmappedFolderIsAnError() {
        assertEquals(List.of("apps/other/orders.yaml:5:14: /metadata/namespace: the folder of this file is not mapped to any "
                + "namespace (tenants: apps/analytics, apps/payments, apps/payments/shared)"),
                errors(TENANTS.validateFile("apps/other/orders.yaml", app("orders", "payments"))));
        assertTrue(PLAIN.validateFile("apps/other/orders.yaml", app("orders", "payments")).valid(), "no mapping: any folder");
    }

    @Test
    void badMappingsAreRefusedWithTheReason() {
        assertEquals("'apps/x' is not FOLDER=NAMESPACE[,NAMESPACE...]",
                assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("apps/x"))).getMessage());
        assertEquals("folder apps/x has no namespace",
                assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("apps/x= ,"))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("../x=a"))).getMessage()
                .contains("is not a folder of the repository"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("apps=Payments"))).getMessage()
                .contains("'Payments' is not a namespace"));
        assertEquals(TEAMS, Tenancy.parse(List.of("apps/payments/=payments,payments-*;./apps/analytics=analytics",
                "apps/payments/shared/**=shared")), "one entry per flag or ';'-separated; folder spellings agree");
    }

    @Test
    void theOwnerKeepsItsAppAndOnlyTheImpostorIsAnErrorWithoutAMapping() {
        Map<String, byte[]> files = Map.of("apps/payments/orders.yaml", app("orders", "payments"),
                "apps/analytics/copy.yaml", app("orders", "payments"));

        Map<String, FileResult> results = byFile(PLAIN.validateAll(files, Map.of(ORDERS, "apps/payments/orders.yaml")));

        assertTrue(results.get("apps/payments/orders.yaml").valid(), "the owner is not frozen");
        assertEquals(List.of("apps/analytics/copy.yaml:4:9: /metadata/name: app payments/orders belongs to "
                + "apps/payments/orders.yaml (the file it runs from): another file cannot claim it"),
                errors(results.get("apps/analytics/copy.yaml")));
    }

    @Test
    void withAMappingTheImpostorIsRefusedByItsFolderAndTheOwnerKeepsItsApp() {
        Map<String, byte[]> files = Map.of("apps/payments/orders.yaml", app("orders", "payments"),
                "apps/analytics/copy.yaml", app("orders", "payments"));

        for (Map<AppId, String> owners : List.of(Map.of(ORDERS, "apps/payments/orders.yaml"), Map.<AppId, String>of())) {
            Map<String, FileResult> results = byFile(TENANTS.validateAll(files, owners));
            assertTrue(results.get("apps/payments/orders.yaml").valid(), "owners " + owners);
            assertEquals(List.of("apps/analytics/copy.yaml:5:14: /metadata/namespace: namespace 'payments' is not allowed "
                    + "for files in apps/analytics/ (allowed: analytics)"), errors(results.get("apps/analytics/copy.yaml")));
        }
    }

    @Test
    void twoNewFilesClaimingOneIdentityAreBothErrors() {
        Map<String, byte[]> files = Map.of("apps/payments/a.yaml", app("orders", "payments"),
                "apps/payments/b.yaml", app("orders", "payments"));

        Map<String, FileResult> results = byFile(TENANTS.validateAll(files, Map.of(new AppId("payments", "other"), "apps/payments/a.yaml")));

        assertEquals(List.of("apps/payments/a.yaml:4:9: /metadata/name: duplicate app payments/orders: also defined in "
                + "apps/payments/b.yaml"), errors(results.get("apps/payments/a.yaml")), "nobody owns it yet");
        assertEquals(1, results.get("apps/payments/b.yaml").errors().size());
    }

    @Test
    void anInvalidOwnerStillHoldsItsAppButAMovedAppIsFree() {
        byte[] broken = "metadata: [\n".getBytes(StandardCharsets.UTF_8);
        Map<String, FileResult> brokenOwner = byFile(PLAIN.validateAll(Map.of("apps/payments/orders.yaml", broken,
                "apps/analytics/copy.yaml", app("orders", "payments")), Map.of(ORDERS, "apps/payments/orders.yaml")));
        assertEquals(List.of("apps/analytics/copy.yaml:4:9: /metadata/name: app payments/orders belongs to "
                + "apps/payments/orders.yaml (the file it runs from): another file cannot claim it"),
                errors(brokenOwner.get("apps/analytics/copy.yaml")), "a broken owner file does not hand its app to another file");

        Map<String, FileResult> renamed = byFile(PLAIN.validateAll(Map.of("apps/payments/orders.yaml", app("orders-v2", "payments"),
                "apps/payments/new.yaml", app("orders", "payments")), Map.of(ORDERS, "apps/payments/orders.yaml")));
        assertTrue(renamed.get("apps/payments/new.yaml").valid(), "the owner file now names another app");

        Map<String, FileResult> moved = byFile(PLAIN.validateAll(Map.of("apps/payments/new.yaml", app("orders", "payments")),
                Map.of(ORDERS, "apps/payments/orders.yaml")));
        assertTrue(moved.get("apps/payments/new.yaml").valid(), "the owner file is gone: a move");
    }

    /** A folder's entry may name the session clusters its FlinkSessionJobs run on; without any, every one. */
    @Test
    void aFolderMayNameItsSessionClusters() {
        SpecValidator scoped = new SpecValidator(ValidationSettings.defaults().withTenancy(
                Tenancy.parse(List.of("apps/payments=payments,cluster:session", "apps/analytics=analytics,cluster:shared-*"))));
        assertTrue(scoped.validateFile("apps/payments/orders.yaml", app("orders", "payments")).valid(), "its own cluster");
        FileResult refused = scoped.validateFile("apps/analytics/clicks.yaml", app("clicks", "analytics"));
        assertEquals(List.of("apps/analytics/clicks.yaml:7:19: /spec/deploymentName: session cluster 'session' is not allowed "
                + "for files in apps/analytics/ (allowed: shared-*)"), errors(refused));
        assertTrue(TENANTS.validateFile("apps/analytics/clicks.yaml", app("clicks", "analytics")).valid(),
                "a folder that names no cluster may use every one");
        assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("apps/x=cluster:session")),
                "a folder needs a namespace");
        assertThrows(IllegalArgumentException.class, () -> Tenancy.parse(List.of("apps/x=x,cluster:Bad_Name")));
    }
}
