package dev.flinkgitops.notify;

import dev.flinkgitops.config.NotifyConfig;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A receiver's URL. It may hold a token (a Slack incoming webhook's path is one), so it is only
 * ever shown as {@code scheme://host[:port]/…} ({@link #toString()}), and an error about it never
 * repeats it.
 */
public final class NotifyUrl {

    private final URI uri;

    private NotifyUrl(URI uri) {
        this.uri = uri;
    }

    /**
     * An http(s):// URL with a host; surrounding whitespace (a file's trailing newline) is dropped.
     *
     * @throws IllegalArgumentException saying what is wrong, without the URL
     */
    public static NotifyUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("the notification URL is empty");
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the notification URL is not a URL (" + e.getReason().replace(text.strip(), "…") + ")");
        }
        if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            throw new IllegalArgumentException("the notification URL is not an http(s):// URL with a host");
        }
        return new NotifyUrl(uri);
    }

    /**
     * Every receiver of the configuration, in order: the URLs as given, then those in the
     * environment variables, then those in the files (one per line; blank lines and # comments
     * skipped). Read once, at start.
     *
     * @throws IllegalArgumentException naming the variable or file (never the URL) when one is unset,
     *     unreadable or not a URL
     */
    public static List<NotifyUrl> all(NotifyConfig config, Map<String, String> env) {
        List<NotifyUrl> urls = new ArrayList<>();
        config.urls().forEach(url -> urls.add(parse(url)));
        for (String name : config.envs()) {
            String value = env.get(name);
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException("notification URL variable " + name + " is not set");
            }
            urls.add(parse(value, "variable " + name));
        }
        for (Path file : config.files()) {
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read notification URL file " + file + ": " + e.getClass().getSimpleName());
            }
            int before = urls.size();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    urls.add(parse(line, file + ":" + (i + 1)));
                }
            }
            if (urls.size() == before) {
                throw new IllegalArgumentException("notification URL file " + file + " holds no URL");
            }
        }
        return urls;
    }

    private static NotifyUrl parse(String text, String source) {
        try {
            return parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    public URI uri() {
        return uri;
    }

    /** The parts that may be secret, for {@code Redact.text(text, known)}: the whole URL, its user info, path and query. */
    Set<String> secretParts() {
        Set<String> parts = new LinkedHashSet<>();
        parts.add(uri.toString());
        for (String part : new String[] {uri.getRawUserInfo(), uri.getRawPath(), uri.getRawQuery(), uri.getRawFragment()}) {
            if (part != null && part.length() > 1) {
                parts.add(part);
            }
        }
        return parts;
    }

    /** {@code https://hooks.slack.com/…}: scheme, host and port only. */
    @Override
    public String toString() {
        String rest = uri.getRawPath() != null && uri.getRawPath().length() > 1 || uri.getRawQuery() != null ? "/…" : "/";
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + rest;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NotifyUrl url && url.uri.equals(uri);
    }

    @Override
    public int hashCode() {
        return uri.hashCode();
    }
}
