package dev.flinkgitops.pages;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.OperationRecord;
import dev.flinkgitops.status.Phase;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeSet;

import static dev.flinkgitops.pages.Html.text;

/** The fleet page ({@code /}): the daemon's health, counts by phase, the filters and one row per app. Pure. */
public final class FleetPage {

    /** Up to this many clusters are named one by one in the health line. */
    static final int NAMED_CLUSTERS = 8;

    private FleetPage() {}

    public static String render(Fleet fleet, Filter filter) {
        StringBuilder body = new StringBuilder(4096 + fleet.apps().size() * 1200);
        body.append("<h1>flink-gitops: the fleet</h1>\n");
        health(body, fleet.health(), fleet.now());
        counts(body, fleet, filter);
        filters(body, fleet, filter);
        body.append("<table id=\"apps\"><thead><tr><th>App</th><th>Phase</th><th>Job</th><th>Flink</th><th>Spec commit</th>"
                + "<th>Last savepoint</th><th>In flight</th><th>Last error</th></tr></thead><tbody>\n");
        int shown = 0;
        for (AppRow row : fleet.apps()) {
            if (filter.accepts(row)) {
                row(body, row, fleet.now());
                shown++;
            }
        }
        body.append("</tbody></table>\n<p class=\"muted\">").append(shown).append(" of ").append(fleet.apps().size())
                .append(" apps shown. JSON: <a href=\"/api/v1/apps\">/api/v1/apps</a>. Refreshes every ")
                .append(Html.REFRESH_SECONDS).append(" s.</p>");
        return Html.page("flink-gitops: fleet", body);
    }

    static void health(StringBuilder out, Health health, Instant now) {
        out.append("<p class=\"health\" id=\"health\"><span>daemon: <b>").append(health.leader() ? "leader" : "follower")
                .append("</b></span><span>last tick: ");
        if (health.lastTick() == null) {
            out.append("none yet");
        } else {
            out.append(Html.duration(java.time.Duration.between(health.lastTick(), now))).append(" ago");
            if (health.lastTickDuration() != null) {
                out.append(", took ").append(health.lastTickDuration().toMillis()).append(" ms");
            }
        }
        if (health.lastTickError() != null) {
            out.append(", <span class=\"err\">failed: ").append(text(health.lastTickError())).append("</span>");
        }
        out.append("</span><span>git: ").append(health.gitReachable() == null ? "not fetched yet"
                : health.gitReachable() ? "reachable" : "<b class=\"err\">unreachable</b>").append("</span>");
        clusters(out, health.clusters());
        out.append("<span>ready: ").append(health.notReadyReason() == null ? "yes"
                : "<b class=\"err\">no, " + text(health.notReadyReason()) + "</b>").append("</span></p>\n");
    }

    /** Each cluster by name, or (on Kubernetes, a cluster per app) a count and the ones that did not answer. */
    private static void clusters(StringBuilder out, Map<String, String> clusters) {
        if (clusters.size() <= NAMED_CLUSTERS) {
            clusters.forEach((name, problem) -> out.append("<span>Flink ").append(text(name)).append(": ")
                    .append(problem == null ? "reachable" : "<b class=\"err\">" + text(problem) + "</b>").append("</span>"));
            return;
        }
        long down = clusters.values().stream().filter(java.util.Objects::nonNull).count();
        out.append("<span>Flink clusters: ").append(clusters.size() - down).append(" of ").append(clusters.size())
                .append(" reachable</span>");
        clusters.values().stream().filter(java.util.Objects::nonNull).limit(NAMED_CLUSTERS)
                .forEach(problem -> out.append("<span class=\"err\">").append(text(problem)).append("</span>"));
    }

    private static void counts(StringBuilder out, Fleet fleet, Filter filter) {
        Map<Phase, Integer> counts = new EnumMap<>(Phase.class);
        int fresh = 0;
        for (AppRow row : fleet.apps()) {
            if (filter.namespace() == null || filter.namespace().equals(row.namespace())) {
                if (row.status().phase() == null) {
                    fresh++;
                } else {
                    counts.merge(row.status().phase(), 1, Integer::sum);
                }
            }
        }
        out.append("<p class=\"counts\" id=\"counts\">");
        counts.forEach((phase, count) -> out.append("<a href=\"/?phase=").append(phase.name())
                .append(filter.namespace() == null ? "" : "&amp;namespace=" + Html.query(filter.namespace())).append("\">")
                .append(Html.phase(phase)).append(' ').append(count).append("</a>"));
        if (fresh > 0) {
            out.append(Html.phase(null)).append(' ').append(fresh);
        }
        out.append("</p>\n");
    }

    /** A plain GET form: works without JavaScript. */
    private static void filters(StringBuilder out, Fleet fleet, Filter filter) {
        TreeSet<String> namespaces = new TreeSet<>();
        fleet.apps().forEach(row -> namespaces.add(row.namespace()));
        out.append("<form method=\"get\" action=\"/\">namespace <select name=\"namespace\"><option value=\"\">all</option>");
        for (String namespace : namespaces) {
            out.append("<option").append(namespace.equals(filter.namespace()) ? " selected" : "").append(" value=\"")
                    .append(text(namespace)).append("\">").append(text(namespace)).append("</option>");
        }
        out.append("</select> phase <select name=\"phase\"><option value=\"\">all</option>");
        for (Phase phase : Phase.values()) {
            out.append("<option").append(phase == filter.phase() ? " selected" : "").append('>').append(phase.name())
                    .append("</option>");
        }
        out.append("</select> <button type=\"submit\">filter</button> <a href=\"/\">clear</a></form>\n");
    }

    private static void row(StringBuilder out, AppRow row, Instant now) {
        AppStatus status = row.status();
        out.append("<tr class=\"app\" data-app=\"").append(text(row.id())).append("\"><td><a href=\"")
                .append(text(row.path())).append("\">").append(text(row.id())).append("</a></td><td>")
                .append(Html.phase(status.phase())).append("</td><td>");
        if (status.job() == null) {
            out.append(Html.NONE);
        } else {
            out.append(text(status.job().state())).append("<br><code>").append(text(status.job().id())).append("</code>");
        }
        out.append("</td><td>").append(text(row.flinkVersion())).append("</td><td>");
        commit(out, status.specCommit(), row.commit());
        out.append("</td><td>").append(status.lastSavepoint() == null ? Html.NONE
                : Html.age(status.lastSavepoint().time(), now) + " ago (" + text(status.lastSavepoint().reason()) + ")")
                .append("</td><td>");
        OperationRecord operation = status.operation();
        if (operation == null) {
            out.append(Html.NONE);
        } else {
            out.append(operation.type().lower()).append(", ").append(operation.step() == null ? "?" : operation.step().lower())
                    .append(", waiting ").append(Html.age(operation.startedAt(), now));
        }
        out.append("</td><td class=\"err\">").append(status.lastError() == null ? "" : text(status.lastError().message()))
                .append("</td></tr>\n");
    }

    /** A spec commit: short sha, subject and author when the mirror knows it. */
    static void commit(StringBuilder out, String sha, Commit commit) {
        out.append("<code>").append(text(Html.shortSha(sha))).append("</code>");
        if (commit != null) {
            out.append(' ').append(text(commit.subject())).append(" <span class=\"muted\">(").append(text(commit.author()))
                    .append(")</span>");
        }
    }
}
