package dev.flinkgitops.port;

/**
 * Whether this daemon still holds the leader's lease, asked right before each action on Flink or
 * Kubernetes: a lease lost in the middle of a tick (a long GC pause, a partition from the API server)
 * must not let two daemons stop, cancel, dispose or replace the same job.
 */
@FunctionalInterface
public interface LeaderCheck {

    /** The only daemon there is (no Kubernetes): always the leader. */
    LeaderCheck ALWAYS = () -> true;

    boolean isLeader();
}
