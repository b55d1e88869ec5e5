package dev.flinkgitops.example;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Counts the elements of each key in keyed state and emits {@code <key> <count> <tag>}. */
final class CountPerKey extends KeyedProcessFunction<String, Long, String> {

    private final String tag;
    private final boolean failOnStart;
    private transient ValueState<Long> count;

    CountPerKey(String tag, boolean failOnStart) {
        this.tag = tag;
        this.failOnStart = failOnStart;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        if (failOnStart) {
            throw new IllegalStateException("--fail-on-start: this version fails on purpose");
        }
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        out.collect(ctx.getCurrentKey() + " " + next + " " + tag);
    }
}
