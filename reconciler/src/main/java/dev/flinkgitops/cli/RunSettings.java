package dev.flinkgitops.cli;

import dev.flinkgitops.validate.Tenancy;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of {@code run} from outside the command line: environment variables
 * {@code FLINK_GITOPS_<FLAG_IN_UPPER_SNAKE>} and the YAML file of {@code --config} (or
 * {@code FLINK_GITOPS_CONFIG}), keyed by the flag's name. As picocli's default provider it is
 * only asked for options not given as flags, so the precedence is flags, then the environment,
 * then the file, then the built-in default. Every value from the environment or the file is
 * checked when loaded, and an error names the setting and where it came from (file:line, or the
 * variable's name). Secrets are never read from the file.
 */
final class RunSettings implements CommandLine.IDefaultValueProvider {

    static final String ENV_PREFIX = "FLINK_GITOPS_";

    /** Options of {@code run} that are modes or meta-options, not settings. */
    private static final Set<String> NOT_SETTINGS = Set.of("help", "version", "once", "config", "print-config");

    /** A value and where it came from. */
    record Value(String text, String source) {}

    private final Map<String, String> env;
    private CommandSpec command;
    private Map<String, Value> fromEnv;
    private Map<String, Value> fromFile;

    RunSettings(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The setting keys of a command: the long names of its options without the dashes. */
    static List<String> keys(CommandSpec command) {
        List<String> keys = new ArrayList<>();
        for (OptionSpec option : command.options()) {
            String key = option.longestName().replaceFirst("^--", "");
            if (!NOT_SETTINGS.contains(key)) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec option)) {
            return null;
        }
        load(arg.command());
        Value value = find(option.longestName().replaceFirst("^--", ""));
        return value == null ? null : value.text();
    }

    /** The value from the environment or the file for a key, or null. */
    Value find(String key) {
        if (fromEnv == null) {
            return null;
        }
        Value value = fromEnv.get(key);
        return value != null ? value : fromFile.get(key);
    }

    /** Reads and checks the environment and the file once; throws a ParameterException (exit 64) on any mistake. */
    void load(CommandSpec spec) {
        if (fromEnv != null) {
            return;
        }
        command = spec;
        List<String> keys = keys(spec);
        Map<String, Value> environment = new LinkedHashMap<>();
        for (String key : keys) {
            String name = envName(key);
            String text = env.get(name);
            if (text != null) {
                check(key, text, name);
                environment.put(key, new Value(text, name));
            }
        }
        Map<String, Value> file = readFile(keys);
        fromFile = file;
        fromEnv = environment;
    }

    private Path configPath() {
        OptionSpec config = command.findOption("--config");
        Object value = config == null ? null : config.getValue();
        if (value != null) {
            return (Path) value;
        }
        String fromEnv = env.get(ENV_PREFIX + "CONFIG");
        return fromEnv == null || fromEnv.isBlank() ? null : Path.of(fromEnv);
    }

    private Map<String, Value> readFile(List<String> keys) {
        Path path = configPath();
        return path == null ? new LinkedHashMap<>() : SettingsFile.read(path, keys, this::shape, this::check);
    }

    private SettingsFile.Shape shape(String key) {
        OptionSpec option = command.findOption("--" + key);
        if (Map.class.isAssignableFrom(option.type())) {
            return SettingsFile.Shape.MAP;
        }
        return option.isMultiValue() ? SettingsFile.Shape.LIST : SettingsFile.Shape.SCALAR;
    }

    /**
     * Checks a setting's value (as a flag would carry it) with the converters picocli runs on the
     * flag, piece by piece for a list or a map; throws naming the setting and its source.
     */
    void check(String key, String text, String source) {
        OptionSpec option = command.findOption("--" + key);
        try {
            if (TenantOption.NAME.equals(option.longestName())) {
                // One entry names a folder and its namespaces: only the whole entry can be checked.
                Tenancy.parse(List.of(text));
            } else if (shape(key) == SettingsFile.Shape.MAP) {
                for (String entry : text.split(option.splitRegex())) {
                    int equals = entry.indexOf('=');
                    if (equals <= 0) {
                        throw new IllegalArgumentException("'" + entry + "' is not " + option.paramLabel());
                    }
                    convert(option, 1, entry.substring(equals + 1));
                }
            } else if (option.isMultiValue()) {
                for (String item : text.split(option.splitRegex())) {
                    convert(option, 0, item);
                }
            } else {
                convert(option, 0, text);
            }
        } catch (RuntimeException e) {
            throw error(source + ": invalid value for setting '" + key + "': " + e.getMessage());
        }
    }

    /** The option's own converter, or for a value without one, its type's. */
    private static void convert(OptionSpec option, int index, String text) {
        CommandLine.ITypeConverter<?>[] converters = option.converters();
        if (converters.length > index) {
            try {
                converters[index].convert(text);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
        } else if (option.type() == Path.class || option.auxiliaryTypes()[0] == Path.class) {
            Path.of(text);
        }
    }

    static CommandLine.ParameterException error(String message) {
        return new SettingsException(message);
    }

    /**
     * A flag of {@code run} that its converter refused, as a mistake in the settings: the message
     * names the flag as one from the environment or the file names its source. Null for any other
     * mistake.
     */
    static SettingsException fromFlag(CommandLine.ParameterException error) {
        if (!(error.getCause() instanceof CommandLine.TypeConversionException refused)
                || !(error.getArgSpec() instanceof OptionSpec option)
                || !"run".equals(error.getCommandLine().getCommandName())) {
            return null;
        }
        String key = option.longestName().replaceFirst("^--", "");
        return new SettingsException(option.longestName() + ": invalid value for setting '" + key + "': " + refused.getMessage());
    }

    /** A mistake in the settings; Main turns it into exit code 64. */
    static final class SettingsException extends CommandLine.ParameterException {
        private static final long serialVersionUID = 1L;

        SettingsException(String message) {
            super(new CommandLine(CommandSpec.create()), message);
        }
    }
}
