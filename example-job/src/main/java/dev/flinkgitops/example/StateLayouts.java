package dev.flinkgitops.example;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Versions of {@link CounterJob} whose state layout differs from it, for the state-compatibility
 * check's tests (each is a main class of this jar, chosen by {@code entryClass}; {@code CounterJob}
 * itself is unchanged):
 * <ul>
 *   <li>{@link RenamedUid}: the counter's uid is {@code counter} instead of {@code count-per-key};</li>
 *   <li>{@link CounterRemoved}: no counter (numbers go straight to the sink);</li>
 *   <li>{@link ExtraState}: the counter plus a new stateful operator {@code max-per-key};</li>
 *   <li>{@link NoUids}: the same operators without any explicit uid.</li>
 * </ul>
 */
final class StateLayouts {

    private StateLayouts() {}

    static SingleOutputStreamOperator<Long> numbers(StreamExecutionEnvironment env, JobArgs args) {
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(index -> index, Long.MAX_VALUE,
                RateLimiterStrategy.perSecond(args.rate()), Types.LONG);
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "numbers");
    }

    static SingleOutputStreamOperator<String> counter(DataStream<Long> numbers, JobArgs args) {
        int keys = args.keys();
        return numbers.keyBy(n -> "key-" + (n % keys))
                .process(new CountPerKey(args.tag(), args.failOnStart(), args.stateBytes())).name("count-per-key");
    }

    static void run(StreamExecutionEnvironment env, DataStream<String> lines, JobArgs args, boolean uid) throws Exception {
        var sink = lines.sinkTo(new LineFileSink(args.output())).name("counts-sink");
        if (uid) {
            sink.uid("counts-sink");
        }
        env.execute("flink-gitops example counter (" + args.tag() + ")");
    }

    /** The counter's uid renamed: its state is not found under the new id. */
    public static final class RenamedUid {
        private RenamedUid() {}

        public static void main(String[] argv) throws Exception {
            JobArgs args = JobArgs.parse(argv);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            run(env, counter(numbers(env, args).uid("numbers"), args).uid("counter"), args, true);
        }
    }

    /** The counter removed: its state has no operator to go to. */
    public static final class CounterRemoved {
        private CounterRemoved() {}

        public static void main(String[] argv) throws Exception {
            JobArgs args = JobArgs.parse(argv);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            String tag = args.tag();
            DataStream<String> lines = numbers(env, args).uid("numbers").map(n -> n + " " + tag).uid("format")
                    .name("format");
            run(env, lines, args, true);
        }
    }

    /** A new stateful operator after the counter: the largest count seen per key, which starts empty. */
    public static final class ExtraState {
        private ExtraState() {}

        public static void main(String[] argv) throws Exception {
            JobArgs args = JobArgs.parse(argv);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            DataStream<String> counts = counter(numbers(env, args).uid("numbers"), args).uid("count-per-key");
            DataStream<String> largest = counts.keyBy(line -> line.substring(0, line.indexOf(' ')))
                    .reduce((a, b) -> b).uid("max-per-key").name("max-per-key");
            run(env, largest, args, true);
        }
    }

    /** No explicit uids: every id is derived from the topology, so none matches the savepoint's. */
    public static final class NoUids {
        private NoUids() {}

        public static void main(String[] argv) throws Exception {
            JobArgs args = JobArgs.parse(argv);
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            run(env, counter(numbers(env, args), args), args, false);
        }
    }
}
