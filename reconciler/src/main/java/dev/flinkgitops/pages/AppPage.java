package dev.flinkgitops.pages;

import dev.flinkgitops.status.AppStatus;
import dev.flinkgitops.status.SavepointRecord;

import static dev.flinkgitops.pages.Html.text;

/**
 * An app's page ({@code /apps/<namespace>/<name>}): where it stands, its lineage newest first, a link to
 * the Flink web UI, and the spec it runs with its diff to the last stable one. Pure.
 */
public final class AppPage {

    private AppPage() {}

    public static String render(AppDetail detail) {
        AppRow row = detail.row();
        AppStatus status = row.status();
        StringBuilder body = new StringBuilder(8192);
        body.append("<nav><a href=\"/\">&larr; fleet</a><a href=\"/api/v1/apps/").append(text(row.namespace())).append('/')
                .append(text(row.name())).append("\">JSON</a>");
        if (row.flinkUi() != null) {
            body.append("<a id=\"flink-ui\" href=\"").append(text(row.flinkUi())).append("\">Flink web UI (")
                    .append(text(status.job() == null ? null : status.job().cluster())).append(")</a>");
        }
        body.append("</nav>\n<h1>").append(text(row.id())).append(' ').append(Html.phase(status.phase())).append("</h1>\n");
        body.append("<p id=\"message\">").append(text(status.message())).append("</p>\n<table class=\"facts\">");
        fact(body, "spec file", text(status.specFile()));
        StringBuilder commit = new StringBuilder();
        FleetPage.commit(commit, status.specCommit(), row.commit());
        fact(body, "spec commit", commit.toString());
        fact(body, "stable commit", "<code>" + text(Html.shortSha(status.stableCommit())) + "</code>");
        fact(body, "Flink version", text(row.flinkVersion()));
        fact(body, "job", status.job() == null ? Html.NONE : "<code>" + text(status.job().id()) + "</code> "
                + text(status.job().state()) + " on " + text(status.job().cluster()));
        fact(body, "in flight", status.operation() == null ? Html.NONE : status.operation().type().lower() + " at step "
                + (status.operation().step() == null ? "?" : status.operation().step().lower()) + ", waiting "
                + Html.age(status.operation().startedAt(), detail.now()));
        fact(body, "last error", status.lastError() == null ? Html.NONE
                : "<span class=\"err\">" + text(status.lastError().message()) + "</span>");
        body.append("</table>\n");
        lineage(body, detail);
        spec(body, detail);
        return Html.page("flink-gitops: " + row.id(), body);
    }

    private static void fact(StringBuilder out, String label, String html) {
        out.append("<tr><th>").append(label).append("</th><td>").append(html).append("</td></tr>");
    }

    private static void lineage(StringBuilder out, AppDetail detail) {
        out.append("<h2>Lineage (newest first)</h2>\n<p class=\"muted\">From the last ").append(detail.historyLimit())
                .append(" commits of this app's file on the status branch.</p>\n<ol id=\"lineage\">\n");
        for (Lineage.Version version : detail.lineage()) {
            out.append("<li class=\"version\"><p><b>job <code>").append(text(version.jobId())).append("</code></b> ")
                    .append(text(version.state())).append(" on ").append(text(version.cluster())).append(", started ")
                    .append(text(version.startedAt())).append("<br>spec ");
            FleetPage.commit(out, version.specCommit(), version.commit());
            if (version.commit() != null) {
                out.append(", ").append(version.commit().time());
            }
            out.append("<br>restored from: <code class=\"restored\">")
                    .append(version.restoredFrom() == null ? "empty state" : text(version.restoredFrom())).append("</code></p>\n");
            if (!version.savepoints().isEmpty()) {
                out.append("<table class=\"savepoints\"><tr><th>savepoint taken</th><th>reason</th><th>when</th></tr>");
                for (SavepointRecord savepoint : version.savepoints()) {
                    out.append("<tr><td><code>").append(text(savepoint.path())).append("</code></td><td>")
                            .append(text(savepoint.reason())).append("</td><td>").append(text(savepoint.time())).append("</td></tr>");
                }
                out.append("</table>\n");
            }
            out.append("<ul class=\"events\">");
            for (Lineage.Event event : version.events()) {
                out.append("<li><span class=\"muted\">").append(event.time()).append("</span> <b")
                        .append(event.kind().equals("phase") || event.kind().equals("ready") ? "" : " class=\"err\"").append('>')
                        .append(event.kind()).append("</b> ").append(event.phase() == null ? "" : event.phase().name())
                        .append(": ").append(text(event.text())).append("</li>");
            }
            out.append("</ul></li>\n");
        }
        out.append("</ol>\n");
    }

    private static void spec(StringBuilder out, AppDetail detail) {
        out.append("<h2>Spec</h2>\n");
        if (!detail.diff().isEmpty()) {
            out.append("<p>Against the last stable spec (<code>").append(text(Html.shortSha(detail.stableCommit())))
                    .append("</code>)").append(DiffLine.changed(detail.diff()) ? ":" : ": no difference.").append("</p>\n");
        }
        if (DiffLine.changed(detail.diff())) {
            out.append("<pre id=\"diff\">");
            for (DiffLine line : detail.diff()) {
                String css = line.op() == '+' ? "add" : line.op() == '-' ? "del" : null;
                out.append(css == null ? "<span>" : "<span class=\"" + css + "\">").append(line.op()).append(' ')
                        .append(text(line.text())).append("</span>\n");
            }
            out.append("</pre>\n");
        } else if (!detail.spec().isEmpty()) {
            out.append("<pre id=\"spec\">");
            detail.spec().forEach(line -> out.append(text(line)).append('\n'));
            out.append("</pre>\n");
        } else {
            out.append("<p class=\"muted\">The spec at this commit is not in the daemon's mirror.</p>\n");
        }
    }
}
