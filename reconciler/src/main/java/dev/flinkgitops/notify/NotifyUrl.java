package dev.flinkgitops.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
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
