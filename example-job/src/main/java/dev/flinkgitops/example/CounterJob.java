package dev.flinkgitops.example;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A small stateful job: numbers from a rate-limited generator are keyed into {@code keys}
 * buckets and a per-key counter (keyed {@code ValueState}) counts them. Every output line is
 * {@code <key> <count> <tag>}, so a restore is visible: after an upgrade from a savepoint the
 * first count of each key under the new tag is the last count under the old tag plus one.
 *
 * <p>Arguments: {@code --tag NAME} (a version label, default {@code v1}), {@code --keys N}
 * (default 4), {@code --rate PER_SECOND} (default 20), {@code --output DIR} (append lines to
 * files in DIR; without it the lines go to the task's standard output), {@code --state-bytes N}
 * (N bytes of extra keyed state per key, written once: savepoints of a chosen size), {@code --fail-on-start true}
 * (a version that never becomes ready, to try rollbacks).
 *
 * <p>Every operator has an explicit uid so that state maps across versions of the job.
 */
public final class CounterJob {

    private CounterJob() {}

    public static void main(String[] args) throws Exception {
        JobArgs jobArgs = JobArgs.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();

        DataGeneratorSource<Long> numbers =
                new DataGeneratorSource<>(
                        index -> index,
                        Long.MAX_VALUE,
                        RateLimiterStrategy.perSecond(jobArgs.rate()),
                        Types.LONG);

        int keys = jobArgs.keys();
        DataStream<String> counts =
                env.fromSource(numbers, WatermarkStrategy.noWatermarks(), "numbers")
                        .uid("numbers")
                        .keyBy(n -> "key-" + (n % keys))
                        .process(new CountPerKey(jobArgs.tag(), jobArgs.failOnStart(), jobArgs.stateBytes()))
                        .uid("count-per-key")
                        .name("count-per-key");

        counts.sinkTo(new LineFileSink(jobArgs.output())).uid("counts-sink").name("counts-sink");
        env.execute("flink-gitops example counter (" + jobArgs.tag() + ")");
    }
}
