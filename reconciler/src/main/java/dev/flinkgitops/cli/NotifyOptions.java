package dev.flinkgitops.cli;

import dev.flinkgitops.config.NotifyConfig;
import dev.flinkgitops.notify.NotifyUrl;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Where notifications go, as options (each repeatable, also a list in the config file): a URL as
 * it is, or, for one that holds a token, the environment variable or file that holds it, as for the
 * other secrets. A URL is never echoed: errors and {@code --print-config} show it as
 * {@code scheme://host/…}.
 */
final class NotifyOptions {

    @Option(names = "--notify", paramLabel = "URL", split = ",", converter = Url.class,
            description = "POST a JSON event per outcome to this URL (repeatable; a Slack incoming webhook works as is). "
                    + "A URL that holds a token belongs in --notify-env or --notify-file.")
    List<String> urls = new ArrayList<>();

    @Option(names = "--notify-env", paramLabel = "VAR", split = ",",
            description = "Environment variable holding a notification URL (repeatable).")
    List<String> envs = new ArrayList<>();

    @Option(names = "--notify-file", paramLabel = "FILE", split = ",", converter = SettingConverters.KeyFile.class,
            description = "File holding notification URLs, one per line (repeatable).")
    List<Path> files = new ArrayList<>();

    NotifyConfig toConfig() {
        return new NotifyConfig(urls, envs, files.stream().map(Path::toAbsolutePath).toList());
    }

    /** The URLs as {@code --print-config} shows them: scheme, host and port only. */
    static List<String> shown(Object urls) {
        List<String> shown = new ArrayList<>();
        if (urls instanceof Collection<?> items) {
            items.forEach(url -> shown.add(NotifyUrl.parse(String.valueOf(url)).toString()));
        }
        return shown;
    }

    /** An http(s):// URL with a host; the message never repeats the URL (it may hold a token). */
    static final class Url implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            try {
                NotifyUrl.parse(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
            return text.strip();
        }
    }
}
