package dev.flinkgitops.rollback;

import dev.flinkgitops.appspec.AppId;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rollback's text edit of {@code spec.job}: values replaced where they are written, comments and quoting kept, or refused. */
class SpecEditTest {

    private static final AppId APP = new AppId("payments", "orders");

    private static String head(String job) {
        return "metadata: {name: orders, namespace: payments}\nspec:\n" + job;
    }

    private static String set(String text, String field, Object value) {
        return SpecEdit.setJobField(text, SpecEdit.find(text, APP).orElseThrow(), field, value);
    }

    @Test
    void aQuotedValueIsReplacedAndItsCommentStays() {
        String text = head("  job:\n    initialSavepointPath: 'file:/old path'   # chosen by hand\n    savepointRedeployNonce: 2\n");
        String edited = set(set(text, "initialSavepointPath", "s3://b/savepoint-1"), "savepointRedeployNonce", 3L);
        assertEquals(head("  job:\n    initialSavepointPath: s3://b/savepoint-1   # chosen by hand\n    savepointRedeployNonce: 3\n"),
                edited);
    }

    @Test
    void aPathThatWouldReadAsAnotherTypeOrHasASpaceIsQuoted() {
        String text = head("  job:\n    jarURI: x.jar\n");
        assertTrue(set(text, "initialSavepointPath", "file:/a b").contains("    initialSavepointPath: \"file:/a b\"\n"));
        assertTrue(set(text, "initialSavepointPath", "123").contains("    initialSavepointPath: \"123\"\n"));
    }

    @Test
    void aFlowStyleJobIsEditedInPlaceButNotExtended() {
        String text = head("  job: {jarURI: x.jar, savepointRedeployNonce: 1}\n");
        assertEquals(head("  job: {jarURI: x.jar, savepointRedeployNonce: 2}\n"), set(text, "savepointRedeployNonce", 2L));
        RollbackException refused = assertThrows(RollbackException.class, () -> set(text, "initialSavepointPath", "file:/sp"));
        assertTrue(refused.getMessage().contains("flow-style job mapping"), refused.getMessage());
    }

    @Test
    void aValueOverSeveralLinesIsRefused() {
        String text = head("  job:\n    initialSavepointPath: >\n      file:/sp\n");
        RollbackException refused = assertThrows(RollbackException.class, () -> set(text, "initialSavepointPath", "file:/new"));
        assertTrue(refused.getMessage().contains("spans several lines"), refused.getMessage());
    }

    @Test
    void theAppsDocumentIsFoundByNamespaceAndName() {
        String text = "metadata: {name: orders}\nspec: {}\n---\n" + head("  job:\n    jarURI: x.jar\n");
        SpecEdit.Document found = SpecEdit.find(text, APP).orElseThrow();
        assertEquals(2, found.first(), "the second document from its --- line (0-based)");
        assertTrue(SpecEdit.find(text, new AppId("payments", "refunds")).isEmpty());
    }
}
