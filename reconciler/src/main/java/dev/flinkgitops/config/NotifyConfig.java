package dev.flinkgitops.config;

import java.nio.file.Path;
import java.util.List;

/**
 * Where notifications go: receivers' URLs given as they are, or (for a URL that holds a token, as
 * a Slack incoming webhook's does) read from an environment variable or a file at start, like the
 * other secrets.
 *
 * @param urls URLs given as they are
 * @param envs environment variables each holding a URL
 * @param files files each holding one URL per line (blank lines and lines starting with # ignored)
 */
public record NotifyConfig(List<String> urls, List<String> envs, List<Path> files) {

    /** No notifications. */
    public static final NotifyConfig NONE = new NotifyConfig(List.of(), List.of(), List.of());

    public NotifyConfig {
        urls = List.copyOf(urls);
        envs = List.copyOf(envs);
        files = List.copyOf(files);
    }
}
