package dev.flinkgitops.cli;

import dev.flinkgitops.config.TimingConfig;
import picocli.CommandLine.Option;

import java.time.Duration;

/** The loop's intervals as options; the defaults (and the planner's patience, which has no flag) are {@link TimingConfig#DEFAULTS}. */
final class TimingOptions {

    private static final TimingConfig DEFAULTS = TimingConfig.DEFAULTS;

    @Option(names = "--interval", converter = DurationConverter.class,
            description = "Poll interval when nothing is in flight, e.g. 10s, 1m (default: ${DEFAULT-VALUE}).")
    Duration interval = DEFAULTS.pollInterval();

    @Option(names = "--fast-interval", converter = DurationConverter.class,
            description = "Tick interval while an operation is in flight (default: ${DEFAULT-VALUE}).")
    Duration fastInterval = DEFAULTS.fastInterval();

    TimingConfig toConfig() {
        return DEFAULTS.withIntervals(interval, fastInterval);
    }
}
