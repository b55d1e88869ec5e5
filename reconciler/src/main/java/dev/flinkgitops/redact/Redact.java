package dev.flinkgitops.redact;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one redaction for everything that leaves the process: logs, status files, commit messages,
 * the plan in every format, {@code status} output and the git mirror's config. Pure and
 * deterministic: a secret becomes {@link #MASK}, so equal input gives equal output and a plan
 * still shows <em>that</em> a secret changed. Redacting twice changes nothing more.
 *
 * <ul>
 *   <li>user info ({@code user:pass@}) is stripped from every {@code scheme://} URI;
 *   <li>a bare {@code user:pass@host} inside a value becomes {@code <redacted>@host};
 *   <li>{@code password=...}, {@code secret: ...}, {@code token=...}, {@code ...-key=...} (quoted or not,
 *       as in JAAS configurations, JDBC URLs and query strings) keep the name and lose the value;
 *   <li>the value after a secret-looking flag ({@code --password}, {@code --secret}, {@code --token},
 *       {@code --*-key}, {@code --*-password}, also {@code --flag=value}) is masked;
 *   <li>a configuration key that looks secret (password, secret, token, credential, key) masks its whole value;
 *   <li>values the caller knows to be secret (see {@link #secretValues}) are masked wherever they appear.
 * </ul>
 */
public final class Redact {

    public static final String MASK = "<redacted>";

    /** Configuration keys (and plan field paths) whose values never leave the process. */
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|credential|key).*");
    /** Flags (without their dashes) whose next argument is a secret. */
    private static final Pattern SECRET_FLAG =
            Pattern.compile("(?i)(?:[\\w.]*[-_.])?(?:password|passwd|secret|token|credentials?)|[\\w.]+[-_.]key");
    private static final Pattern URI_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s?#\"'<>]+@");
    private static final Pattern BARE_USER_INFO =
            Pattern.compile("(?<![\\w.:/-])[\\w.%+-]+:[^\\s/@\"'<>]+@(?=[\\w\\[])");
    private static final String SECRET_WORD =
            "(?:password|passwd|pwd|secret|token|credentials?|(?:access|secret|private|api)[._-]?key)";
    private static final Pattern ASSIGNMENT = Pattern.compile("(?i)(\\b[\\w.-]*" + SECRET_WORD
            + "[\\w.-]*[\"']?\\s*[=:]\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"|'[^']*'|[^\\s;,&\"'}\\]]+)");
    private static final Pattern FLAG_IN_TEXT = Pattern.compile("(?i)(?<![\\w-])(--?(?:[\\w.]*[-_.])?"
            + "(?:password|passwd|secret|token|credentials?)|--?[\\w.]+[-_.]key)(\\s+|=|,\\s*)(?!--)([^\\s,;\"'\\]]+)");
    /** Known values shorter than this are not searched for: "on" or "10" would blank out too much. */
    private static final int MIN_KNOWN_LENGTH = 4;

    private Redact() {}

    /** A URI without its user info ({@code https://user:pass@host/x.jar} is {@code https://host/x.jar}); null stays null. */
    public static String uri(String uri) {
        return uri == null ? null : URI_USER_INFO.matcher(uri).replaceAll("$1");
    }

    /** Job arguments as they may be shown: the value after a secret-looking flag masked, every value {@link #text redacted}. */
    public static List<String> args(List<String> args) {
        if (args == null) {
            return null;
        }
        List<String> shown = new ArrayList<>(args.size());
        boolean secretNext = false;
        for (String arg : args) {
            if (secretNext && arg != null && !arg.startsWith("--")) {
                shown.add(MASK);
                secretNext = false;
                continue;
            }
            String flag = flagName(arg);
            secretNext = flag != null && !arg.contains("=") && SECRET_FLAG.matcher(flag).matches();
            if (flag != null && arg.contains("=") && SECRET_FLAG.matcher(flag).matches()) {
                shown.add(arg.substring(0, arg.indexOf('=') + 1) + MASK);
            } else {
                shown.add(text(arg));
            }
        }
        return shown;
    }

    /** A configuration value as it may be shown: all of it for a secret-looking key, else its secret parts. */
    public static String configValue(String key, String value) {
        if (value == null) {
            return null;
        }
        return key != null && SECRET_KEY.matcher(key).matches() ? MASK : text(value);
    }

    /** Free text (a log line, an error, a status message) with every secret pattern masked. */
    public static String text(String text) {
        return text(text, List.of());
    }

    /**
     * Free text with every secret pattern masked and every {@code known} value (four characters or
     * more) replaced, longest first. For Flink's error texts {@code known} is every argument and
     * configuration value of the request, since Flink may echo any of them.
     */
    public static String text(String text, Collection<String> known) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String value : longestFirst(known)) {
            out = out.replace(value, MASK);
        }
        out = URI_USER_INFO.matcher(out).replaceAll("$1");
        out = BARE_USER_INFO.matcher(out).replaceAll(Matcher.quoteReplacement(MASK + "@"));
        out = replace(ASSIGNMENT, out);
        return FLAG_IN_TEXT.matcher(out).replaceAll(m -> Matcher.quoteReplacement(m.group(1) + m.group(2) + MASK));
    }

    /**
     * The values of a job that are secret: the argument after a secret-looking flag (or after its
     * {@code =}) and the value of every secret-looking configuration key.
     */
    public static Set<String> secretValues(List<String> args, Map<String, String> configuration) {
        Set<String> values = new LinkedHashSet<>();
        List<String> list = args == null ? List.of() : args;
        for (int i = 0; i < list.size(); i++) {
            String flag = flagName(list.get(i));
            if (flag == null || !SECRET_FLAG.matcher(flag).matches()) {
                continue;
            }
            String arg = list.get(i);
            if (arg.contains("=")) {
                values.add(arg.substring(arg.indexOf('=') + 1));
            } else if (i + 1 < list.size()) {
                values.add(list.get(i + 1));
            }
        }
        if (configuration != null) {
            configuration.forEach((key, value) -> {
                if (value != null && SECRET_KEY.matcher(key).matches()) {
                    values.add(value);
                }
            });
        }
        return values;
    }

    /** Every argument and configuration value: what a Flink error text about this job must not carry. */
    public static Set<String> allValues(List<String> args, Map<String, String> configuration) {
        Set<String> values = new LinkedHashSet<>();
        if (args != null) {
            for (String arg : args) {
                if (arg == null) {
                    continue;
                }
                String flag = flagName(arg);
                values.add(flag != null && arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : flag == null ? arg : "");
            }
        }
        if (configuration != null) {
            configuration.values().forEach(values::add);
        }
        values.remove(null);
        return values;
    }

    /**
     * An exception to log: the same stack traces and cause chain, each message {@link #text redacted}
     * (the class names are kept in the message: {@code java.io.IOException: ...}).
     */
    public static Throwable throwable(Throwable error) {
        if (error == null) {
            return null;
        }
        Throwable copy = new RuntimeException(text(error.toString()), throwable(error.getCause() == error ? null : error.getCause()));
        copy.setStackTrace(error.getStackTrace());
        return copy;
    }

    /** The name of a {@code -x}/{@code --name}/{@code --name=value} flag, or null for a value. */
    private static String flagName(String arg) {
        if (arg == null || !arg.startsWith("-") || arg.length() < 2 || Character.isDigit(arg.charAt(1))) {
            return null;
        }
        String name = arg.replaceFirst("^--?", "");
        int equals = name.indexOf('=');
        return equals < 0 ? name : name.substring(0, equals);
    }

    private static List<String> longestFirst(Collection<String> known) {
        return known.stream().filter(v -> v != null && v.length() >= MIN_KNOWN_LENGTH && !v.equals(MASK)).distinct()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    private static String replace(Pattern pattern, String text) {
        return pattern.matcher(text).replaceAll(m -> {
            String value = m.group(2);
            char quote = value.charAt(0);
            String masked = quote == '"' || quote == '\'' ? quote + MASK + quote : MASK;
            return Matcher.quoteReplacement(m.group(1) + masked);
        });
    }
}
