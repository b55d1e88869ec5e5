package dev.flinkgitops.web;

import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.pages.ApiJson;
import dev.flinkgitops.pages.AppPage;
import dev.flinkgitops.pages.Filter;
import dev.flinkgitops.pages.FleetPage;
import dev.flinkgitops.server.Pages;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The daemon's pages on its HTTP port: {@code /} (the fleet), {@code /apps/<namespace>/<name>} (one app),
 * and the same as JSON under {@code /api/v1/apps}. An unknown app is 404, a filter naming no phase 400.
 */
public final class WebPages implements Pages {

    private static final String APPS = "/apps/";
    private static final String API = "/api/v1/apps";

    private final PageData data;

    public WebPages(PageData data) {
        this.data = data;
    }

    @Override
    public boolean serves(String path) {
        return path.equals("/") || path.equals(API) || app(path) != null;
    }

    /** The app a page path names ({@code /apps/<ns>/<name>}, {@code /api/v1/apps/<ns>/<name>}), or null. */
    private static AppId app(String path) {
        boolean api = path.startsWith(API + "/");
        if (!api && !path.startsWith(APPS)) {
            return null;
        }
        String[] parts = path.substring(api ? API.length() + 1 : APPS.length()).split("/", -1);
        return parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty() ? null : new AppId(parts[0], parts[1]);
    }

    @Override
    public Optional<Answer> get(String path, Map<String, List<String>> query) {
        if (path.equals("/") || path.equals(API)) {
            Filter filter;
            try {
                filter = Filter.of(query);
            } catch (IllegalArgumentException e) {
                return Optional.of(new Answer(400, Answer.TEXT, e.getMessage()));
            }
            return Optional.of(path.equals("/") ? new Answer(200, Answer.HTML, FleetPage.render(data.fleet(), filter))
                    : new Answer(200, Answer.JSON, ApiJson.fleet(data.fleet(), filter)));
        }
        AppId id = app(path);
        if (id == null) {
            return Optional.empty();
        }
        boolean api = path.startsWith(API + "/");
        return Optional.of(data.app(id)
                .map(detail -> api ? new Answer(200, Answer.JSON, ApiJson.app(detail)) : new Answer(200, Answer.HTML, AppPage.render(detail)))
                .orElseGet(() -> api ? new Answer(404, Answer.JSON, "{\"error\": \"no app " + json(id.toString()) + "\"}\n")
                        : new Answer(404, Answer.TEXT, "no app " + id + " on the status branch")));
    }

    private static String json(String text) {
        return new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text));
    }
}
