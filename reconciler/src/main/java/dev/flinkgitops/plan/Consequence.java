package dev.flinkgitops.plan;

/** What a spec change does to a running job, ordered: the largest change of a commit wins. */
public enum Consequence {
    /** Recorded, nothing happens to the job (labels, upgradeMode, fields that do not apply). */
    IGNORE,
    /** Parallelism changed; on a session cluster this is a savepoint upgrade too. */
    SCALE,
    /** The job changes (jar, entry class, args, Flink configuration, Flink version): savepoint upgrade. */
    UPGRADE,
    /** The job moves (another session cluster): savepoint, then start on the new cluster. */
    REDEPLOY;

    public Consequence max(Consequence other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
