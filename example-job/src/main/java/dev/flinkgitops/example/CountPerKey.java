package dev.flinkgitops.example;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the elements of each key in keyed state and emits {@code <key> <count> <tag>}. With
 * {@code stateBytes > 0} every key also holds that many random bytes, written on its first
 * element and kept from then on, so that a savepoint has about {@code keys × stateBytes} bytes.
 */
final class CountPerKey extends KeyedProcessFunction<String, Long, String> {

    private final String tag;
    private final boolean failOnStart;
    private final int stateBytes;
    private transient ValueState<Long> count;
    private transient ValueState<byte[]> payload;

    CountPerKey(String tag, boolean failOnStart, int stateBytes) {
        this.tag = tag;
        this.failOnStart = failOnStart;
        this.stateBytes = stateBytes;
    }

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
        if (failOnStart) {
            throw new IllegalStateException("--fail-on-start: this version fails on purpose");
        }
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        payload = getRuntimeContext().getState(new ValueStateDescriptor<>("payload",
                org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    }

    @Override
    public void processElement(Long value, Context ctx, Collector<String> out) throws Exception {
        Long previous = count.value();
        long next = previous == null ? 1 : previous + 1;
        count.update(next);
        if (stateBytes > 0 && payload.value() == null) {
            byte[] bytes = new byte[stateBytes];
            java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
            payload.update(bytes);
        }
        out.collect(ctx.getCurrentKey() + " " + next + " " + tag);
    }
}
