package dev.flinkgitops.plan;

/** What a spec change does to a running job, ordered: the largest change of a commit wins. */
public enum Consequence {
    /** Recorded, nothing happens to the job (labels, upgradeMode, fields that do not apply). */
    IGNORE,
    /**
     * Parallelism changed: alone, rescaled in place where the cluster can ({@link Rescale}), else (and with other
     * changes) a savepoint upgrade.
     */
    SCALE,
    /** The job changes (jar, entry class, args, Flink configuration, Flink version): savepoint upgrade. */
    UPGRADE,
    /**
     * The job moves (another session cluster, or a Kubernetes cluster field changed) or crosses Flink's major
     * version (1.x to 2.x): stop with a savepoint (for any Flink version change never a last-state checkpoint),
     * then start from it.
     */
    REDEPLOY;

    public Consequence max(Consequence other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
