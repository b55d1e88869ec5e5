package dev.flinkgitops.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The checks of the daemon's settings, as picocli converters: picocli runs them on flags, and
 * {@link RunSettings} runs the same ones on values from the environment and the config file, so a
 * value is accepted or refused the same way wherever it comes from. Each message says what is
 * wrong with the value; the caller adds the setting's name and source.
 */
final class SettingConverters {

    private SettingConverters() {}

    /** Any text. */
    static final class Text implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return text;
        }
    }

    /** Text that is not blank (a branch, a cluster's name, a Lease). */
    static final class NotBlank implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (text.isBlank()) {
                throw new TypeConversionException("it is empty");
            }
            return text;
        }
    }

    /** A file's path, never its content: the value is not echoed (it could be a key). */
    static final class KeyFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String text) {
            if (text.contains("-----BEGIN") || text.contains("\n")) {
                throw new TypeConversionException("it must be the path of a file, not the key itself");
            }
            if (text.isBlank()) {
                throw new TypeConversionException("it is empty");
            }
            return Path.of(text);
        }
    }

    /** An http(s):// URL with a host: a session cluster's REST endpoint. */
    static final class HttpUrl implements ITypeConverter<URI> {
        @Override
        public URI convert(String text) {
            URI uri;
            try {
                uri = new URI(text.trim());
            } catch (URISyntaxException e) {
                throw new TypeConversionException("'" + text + "' is not a URL: " + e.getReason());
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new TypeConversionException("'" + text + "' is not an http(s):// URL with a host");
            }
            return uri;
        }
    }

    /** A TCP port, 0 (any free one) to 65535. */
    static final class Port implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int port = integer(text);
            if (port < 0 || port > 65535) {
                throw new TypeConversionException("port " + port + " is out of range 0-65535");
            }
            return port;
        }
    }

    /** A whole number of at least 1. */
    static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            int value = integer(text);
            if (value < 1) {
                throw new TypeConversionException("'" + text + "' must be at least 1");
            }
            return value;
        }
    }

    /** A share, from 0 to 1. */
    static final class Share implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double share;
            try {
                share = Double.parseDouble(text.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + text + "' is not a number");
            }
            if (!(share >= 0 && share <= 1)) {
                throw new TypeConversionException("'" + text + "' is not between 0 and 1");
            }
            return share;
        }
    }

    /** true or false, in any case. */
    static final class Bool implements ITypeConverter<Boolean> {
        @Override
        public Boolean convert(String text) {
            return Boolean.valueOf(oneOf(text.toLowerCase(Locale.ROOT), "true", "false"));
        }
    }

    /** How the daemon reaches each cluster's REST Service. */
    static final class RestAccess implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text, "auto", "dns", "port-forward");
        }
    }

    /** How the daemon logs. */
    static final class LogFormatName implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            return oneOf(text, "text", "json");
        }
    }

    /** {@code HOST:PORT}, or {@code off}. */
    static final class Bind implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            if (!"off".equals(text)) {
                int colon = text.lastIndexOf(':');
                if (colon < 0) {
                    throw new TypeConversionException("'" + text + "' is not HOST:PORT or off");
                }
                new Port().convert(text.substring(colon + 1));
            }
            return text;
        }
    }

    static int integer(String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number");
        }
    }

    private static String oneOf(String text, String... allowed) {
        if (!List.of(allowed).contains(text)) {
            throw new TypeConversionException("'" + text + "' is not one of " + String.join(", ", allowed));
        }
        return text;
    }
}
