package dev.flinkgitops.compat.flink;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * The example counter job written once for every Flink version from 1.16 to 2.3 (compiled at test
 * time with {@code javac --release 11} against each version's jars): numbers from
 * {@code fromSequence} (FLIP-27, in flink-core since 1.12, so nothing to shade), throttled in the
 * source's own task to {@code --rate} per second, keyed into {@code --keys} buckets, counted in
 * keyed {@code ValueState}, and written as {@code <key> <count> <tag>} lines, one file per subtask
 * instance ({@code DIR/counts-<uuid>.txt}, the format of the reconciler tests' CounterOutput).
 *
 * <p>It avoids what changed between those versions: no {@code open(...)} override (the state handle
 * is taken on first use), no sink (the counting function writes and flushes each line itself, so a
 * stop-with-savepoint barrier finds every counted line written), no connector.
 */
public final class CompatCounterJob {

    private CompatCounterJob() {}

    public static void main(String[] args) throws Exception {
        String tag = "v1";
        int keys = 4;
        int rate = 20;
        String output = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tag": tag = args[i + 1]; break;
                case "--keys": keys = Integer.parseInt(args[i + 1]); break;
                case "--rate": rate = Integer.parseInt(args[i + 1]); break;
                case "--output": output = args[i + 1]; break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (output == null) {
            throw new IllegalArgumentException("--output DIR is required");
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE).uid("numbers").name("numbers")
                .map(new Throttle(1000 / Math.max(1, rate))).uid("throttle").name("throttle")
                .keyBy(new Bucket(keys))
                .process(new CountAndWrite(tag, output)).uid("count-per-key").name("count-per-key");
        env.execute("flink-gitops compat counter (" + tag + ")");
    }

    /** Sleeps before passing each number on: chained to the source, it paces it without buffering. */
    static final class Throttle implements MapFunction<Long, Long> {
        private final long millis;

        Throttle(long millis) {
            this.millis = millis;
        }

        @Override
        public Long map(Long value) throws InterruptedException {
            Thread.sleep(millis);
            return value;
        }
    }

    static final class Bucket implements KeySelector<Long, String> {
        private final int keys;

        Bucket(int keys) {
            this.keys = keys;
        }

        @Override
        public String getKey(Long value) {
            return "key-" + (value % keys);
        }
    }

    static final class CountAndWrite extends KeyedProcessFunction<String, Long, String> {
        private final String tag;
        private final String output;
        private transient ValueState<Long> count;
        private transient BufferedWriter out;

        CountAndWrite(String tag, String output) {
            this.tag = tag;
            this.output = output;
        }

        @Override
        public void processElement(Long value, Context ctx, Collector<String> ignored) throws Exception {
            if (count == null) {
                count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
            }
            Long previous = count.value();
            long next = previous == null ? 1 : previous + 1;
            count.update(next);
            writer().write(ctx.getCurrentKey() + " " + next + " " + tag);
            out.newLine();
            out.flush();
        }

        private BufferedWriter writer() throws IOException {
            if (out == null) {
                Path dir = Files.createDirectories(Path.of(output));
                out = Files.newBufferedWriter(dir.resolve("counts-" + UUID.randomUUID() + ".txt"),
                        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            }
            return out;
        }

        @Override
        public void close() throws Exception {
            if (out != null) {
                out.close();
            }
            super.close();
        }
    }
}
