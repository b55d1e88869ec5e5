package dev.flinkgitops.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The three renderings of a plan, against golden files under {@code src/test/resources/review-golden/}
 * ({@code -Dgolden.update=true} rewrites them), the splitting of long comments, and escaping.
 */
class ReportFormatTest {

    private static final Path GOLDEN = Path.of("src/test/resources/review-golden");
    private static final int LIMIT = 65_000;

    static AppReview added() {
        return new AppReview("analytics/clicks-counter", "apps/analytics/clicks-counter.yaml", "ADDED", null, "deploy",
                "Submit the job to session cluster analytics/session.", "empty state", List.of(), List.of(), List.of());
    }

    static AppReview upgrade() {
        return new AppReview("payments/orders-counter", "apps/payments/orders-counter.yaml", "CHANGED", "UPGRADE",
                "savepoint upgrade", "Stop job 0000000000000000000000000000000a with a savepoint, then start the new version from it.",
                "a new savepoint",
                List.of(new AppReview.FieldDiff("spec.job.args", "[--tag, v1]", "[--tag, v2]", "UPGRADE"),
                        new AppReview.FieldDiff("spec.job.parallelism", "2", "4", "SCALE"),
                        new AppReview.FieldDiff("metadata.labels.team", null, "payments", "IGNORE")),
                List.of("the last savepoint is 3 days old; the upgrade takes a new one"), List.of());
    }

    static AppReview blocked() {
        return new AppReview("payments/refunds", "apps/payments/refunds.yaml", "CHANGED", null, "blocked",
                "The spec is invalid: the job keeps running on its last valid spec.", null, List.of(), List.of(),
                List.of("apps/payments/refunds.yaml:9:18: /spec/job/parallelism: expected integer, got string",
                        "apps/payments/refunds.yaml:12:5: /spec/job/paralelism: unknown field 'paralelism' (did you mean 'parallelism'?)"));
    }

    static AppReview removed(String name) {
        return new AppReview("legacy/" + name, "apps/legacy/" + name + ".yaml", "REMOVED", null,
                "delete with final savepoint", "Stop the job with a final savepoint, then forget it.", null, List.of(),
                List.of(), List.of());
    }

    static ReviewReport changes() {
        return new ReviewReport("1111111111111111111111111111111111111111", "2222222222222222222222222222222222222222",
                List.of(added(), upgrade(), blocked()), List.of(), "refs/remotes/origin/status");
    }

    static ReviewReport massDeletion() {
        return new ReviewReport("3333333", "4444444", List.of(removed("a"), removed("b"), removed("c")),
                List.of("this change removes 3 of 4 apps (75%): the mass-deletion guard will refuse it unless "
                        + "allowMassDeletion is set"), null);
    }

    static ReviewReport nothing() {
        return new ReviewReport("5555555", "5555555", List.of(), List.of(), "refs/heads/status");
    }

    @Test
    void textMarkdownAndJsonMatchTheGoldenFiles() throws IOException {
        check("changes.txt", ReportFormat.text(changes()));
        check("changes.md", single(ReportFormat.markdown(changes(), LIMIT)));
        check("changes.json", ReportFormat.json(changes()));
        check("mass-deletion.txt", ReportFormat.text(massDeletion()));
        check("mass-deletion.md", single(ReportFormat.markdown(massDeletion(), LIMIT)));
        check("mass-deletion.json", ReportFormat.json(massDeletion()));
        check("no-changes.txt", ReportFormat.text(nothing()));
        check("no-changes.md", single(ReportFormat.markdown(nothing(), LIMIT)));
        check("no-changes.json", ReportFormat.json(nothing()));
    }

    @Test
    void theTextSummaryCountsActionsInTheDocumentedOrder() {
        String text = ReportFormat.text(changes());
        assertTrue(text.endsWith("3 apps: 1 deploy, 1 savepoint upgrade, 1 blocked\n"), text);
        assertTrue(text.contains("\n~ payments/orders-counter  savepoint upgrade  (UPGRADE)\n"), text);
        assertTrue(text.contains("\n    spec.job.args: [--tag, v1] -> [--tag, v2]  (UPGRADE)\n"), text);
        assertTrue(text.contains("\n! payments/refunds  blocked\n"), text);
        assertTrue(ReportFormat.text(nothing()).endsWith("\nNo changes.\n"));
    }

    @Test
    void theJsonShapeHasTheDocumentedFieldsInOrderWithNulls() throws IOException {
        JsonNode root = new ObjectMapper().readTree(ReportFormat.json(changes()));
        assertEquals(List.of("version", "base", "head", "statusSource", "changed", "invalid", "apps", "warnings"),
                names(root));
        assertEquals(1, root.get("version").asInt());
        assertTrue(root.get("changed").asBoolean());
        assertTrue(root.get("invalid").asBoolean());
        JsonNode upgrade = root.get("apps").get(1);
        assertEquals(List.of("app", "file", "change", "consequence", "action", "detail", "restoreFrom", "fields",
                "warnings", "errors", "stateCompatibility"), names(upgrade));
        assertEquals(List.of("path", "before", "after", "consequence"), names(upgrade.get("fields").get(0)));
        assertTrue(upgrade.get("fields").get(2).get("before").isNull());
        assertTrue(root.get("apps").get(0).get("consequence").isNull());
        assertTrue(ReportFormat.json(massDeletion()).contains("\"statusSource\": null,\n"));
    }

    @Test
    void aLongPlanIsSplitIntoPartsUnderTheLimitWithoutSplittingAnAppBlock() {
        List<AppReview> apps = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String n = String.format("%03d", i);
            List<AppReview.FieldDiff> fields = new ArrayList<>();
            for (int f = 0; f < 5; f++) {
                fields.add(new AppReview.FieldDiff("spec.flinkConfiguration.key-" + f, "before-value-" + n + "-" + f,
                        "after-value-" + n + "-" + f, "UPGRADE"));
            }
            apps.add(new AppReview("team/app-" + n, "apps/team/app-" + n + ".yaml", "CHANGED", "UPGRADE",
                    "savepoint upgrade", "Stop with a savepoint, then start the new version. " + "x".repeat(200),
                    "a new savepoint", fields, List.of("warning " + n), List.of()));
        }
        ReviewReport report = new ReviewReport("a", "b", apps, List.of(), "refs/heads/status");

        List<String> parts = ReportFormat.markdown(report, LIMIT);

        assertTrue(parts.size() > 1, "parts: " + parts.size());
        int[] blocks = new int[apps.size()];
        int[] rows = new int[apps.size()];
        for (int p = 0; p < parts.size(); p++) {
            String part = parts.get(p);
            assertTrue(part.length() <= LIMIT, "part " + (p + 1) + " has " + part.length() + " characters");
            assertTrue(part.startsWith("### flink-gitops plan (part " + (p + 1) + " of " + parts.size() + ")\n\n"), part);
            assertEquals(count(part, "<details>"), count(part, "</details>"), "every block in part " + (p + 1) + " is whole");
            Matcher block = Pattern.compile("<details><summary>team/app-(\\d{3}) — savepoint upgrade</summary>\n\n"
                    + "[^<]*?before-value-\\1-4\n\\+ after-value-\\1-4\n```\n\n- ⚠️ warning: warning \\1\n\n</details>")
                    .matcher(part);
            while (block.find()) {
                blocks[Integer.parseInt(block.group(1))]++;
            }
            Matcher row = Pattern.compile("^\\| 🔄 \\| team/app-(\\d{3}) \\| savepoint upgrade \\| UPGRADE \\|$",
                    Pattern.MULTILINE)
                    .matcher(part);
            while (row.find()) {
                rows[Integer.parseInt(row.group(1))]++;
            }
        }
        for (int i = 0; i < apps.size(); i++) {
            assertEquals(1, blocks[i], "whole block of app " + i);
            assertEquals(1, rows[i], "summary row of app " + i);
        }
    }

    @Test
    void anAppBlockLargerThanTheLimitKeepsTheFieldsThatFitAndSaysHowManyWereLeftOut() {
        List<AppReview.FieldDiff> fields = new ArrayList<>();
        for (int f = 0; f < 400; f++) {
            fields.add(new AppReview.FieldDiff("spec.flinkConfiguration.key-" + f, "x".repeat(40), "y".repeat(40), "UPGRADE"));
        }
        AppReview big = new AppReview("team/big", "apps/team/big.yaml", "CHANGED", "UPGRADE", "savepoint upgrade",
                "Stop with a savepoint.", "a new savepoint", fields, List.of(), List.of());
        ReviewReport report = new ReviewReport("a", "b", List.of(big, added()), List.of(), null);

        List<String> parts = ReportFormat.markdown(report, 10_000);

        parts.forEach(part -> assertTrue(part.length() <= 10_000, "part of " + part.length()));
        String all = String.join("", parts);
        Matcher left = Pattern.compile("_(\\d+) more fields were left out to fit the comment size limit").matcher(all);
        assertTrue(left.find(), all);
        int shown = count(all, "@@ spec.flinkConfiguration.key-");
        assertEquals(400, shown + Integer.parseInt(left.group(1)));
        assertEquals(count(all, "```diff"), 1);
        assertTrue(all.contains("<summary>analytics/clicks-counter — deploy</summary>"), all);
        assertThrows(IllegalArgumentException.class, () -> ReportFormat.markdown(report, 10));
    }

    @Test
    void specValuesCannotBreakTheCommentLayout() {
        String nasty = "a|b <script>alert(1)</script> ```` `x` \n### heading";
        AppReview app = new AppReview("team/nasty", "apps/team/nasty.yaml", "CHANGED", "UPGRADE", "savepoint upgrade",
                "detail " + nasty, "restore " + nasty,
                List.of(new AppReview.FieldDiff("spec.job.args", nasty, "after " + nasty, "UPGRADE")),
                List.of("warning " + nasty), List.of("apps/team/nasty.yaml:1:1: /spec: " + nasty));
        ReviewReport report = new ReviewReport("a", "b", List.of(app), List.of("report " + nasty), null);

        String md = single(ReportFormat.markdown(report, LIMIT));

        String outsideFence = md.replaceAll("(?s)\n(`{3,})diff\n.*?\n\\1\n", "\n");
        assertFalse(outsideFence.contains("<script>"), md);
        assertFalse(outsideFence.contains("`"), md);
        assertFalse(outsideFence.contains("a|b"), md);
        assertFalse(outsideFence.contains("\n### heading"), md);
        assertTrue(outsideFence.contains("a&#124;b &lt;script&gt;"), md);
        assertEquals(1, count(md, "<details>"));
        assertEquals(1, count(md, "</details>"));
        assertEquals(3, count(md, "\n|"), "the table has its header, separator and one row:\n" + md);
        Matcher fence = Pattern.compile("\n(`{3,})diff\n(.*?)\n\\1\n", Pattern.DOTALL).matcher(md);
        assertTrue(fence.find(), md);
        assertEquals(5, fence.group(1).length(), "a fence longer than the value's four backticks");
        assertEquals(List.of("@@ spec.job.args (UPGRADE) @@", "- a|b <script>alert(1)</script> ```` `x` \\n### heading",
                "+ after a|b <script>alert(1)</script> ```` `x` \\n### heading"), fence.group(2).lines().toList());
    }

    private static String single(List<String> parts) {
        assertEquals(1, parts.size(), "one part");
        assertTrue(parts.get(0).startsWith("### flink-gitops plan\n\n"), parts.get(0));
        return parts.get(0);
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }

    private static void check(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(file)) {
            fail("no golden file " + file + ": run with -Dgolden.update=true to write it");
        }
        assertEquals(Files.readString(file, StandardCharsets.UTF_8), actual,
                name + " differs from the golden file (-Dgolden.update=true rewrites it)");
    }
}
