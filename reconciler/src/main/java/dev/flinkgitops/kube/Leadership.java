package dev.flinkgitops.kube;

import java.time.Duration;

/**
 * Whether this daemon may act. Only the leader writes to git, Flink and Kubernetes; the others
 * keep observing. {@link #always()} is for a daemon that does not run on Kubernetes.
 */
public interface Leadership extends AutoCloseable, dev.flinkgitops.port.LeaderCheck {

    /** Told when this instance starts or stops leading; called on the election thread. */
    interface Listener {
        void onStartLeading();

        void onStopLeading();

        Listener NONE = new Listener() {
            @Override
            public void onStartLeading() {}

            @Override
            public void onStopLeading() {}
        };
    }

    /** Lease timings; the Kubernetes defaults are 15 s, 10 s and 2 s. */
    record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

        public static final Timing DEFAULT =
                new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

        public Timing {
            if (renewDeadline.compareTo(leaseDuration) >= 0 || retryPeriod.compareTo(renewDeadline) >= 0) {
                throw new IllegalArgumentException(
                        "need retryPeriod < renewDeadline < leaseDuration, got " + retryPeriod
                                + " / " + renewDeadline + " / " + leaseDuration);
            }
        }
    }

    /** Starts taking part in the election in the background; returns at once. */
    void start();

    @Override
    boolean isLeader();

    /** Stops taking part and gives the lease up, so that another instance takes over at once. */
    @Override
    void close();

    /** The only instance there is: always the leader. */
    static Leadership always() {
        return new Leadership() {
            @Override
            public void start() {}

            @Override
            public boolean isLeader() {
                return true;
            }

            @Override
            public void close() {}
        };
    }
}
