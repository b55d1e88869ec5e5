package dev.flinkgitops.notify;

import java.util.Locale;

/** What a notification says happened to an app; written in the payload by {@link #wire()}. */
public enum EventType {
    /** The app's first job was started (a new app, or one whose spec file came back). */
    DEPLOYED("rocket"),
    /** An upgrade (or a redeploy) ended: the new version's job was started, from the savepoint it restored. */
    UPGRADED("arrows_counterclockwise"),
    /** The job was stopped on purpose ({@code job.state: suspended}), with the savepoint it was stopped with. */
    SUSPENDED("double_vertical_bar"),
    /** A suspended app's job was started again, from its suspend savepoint. */
    RESUMED("arrow_forward"),
    /** The spec file was removed and the job is gone, with its final savepoint. */
    DELETED("wastebasket"),
    /** A step failed and is retried with backoff; the old job keeps running. */
    BLOCKED("warning"),
    /** Needs a person: an invalid spec, a missing restore point, a spec that failed too often. */
    STALLED("octagonal_sign"),
    /** A new version did not become ready: the last stable spec runs again. */
    ROLLED_BACK("leftwards_arrow_with_hook"),
    /** A job started from older state than the newest the daemon knew of. */
    STATE_REGRESSION("rewind"),
    /** A second live job of the app was found and stopped with a savepoint. */
    STRAY_JOB_STOPPED("no_entry");

    private final String emoji;

    EventType(String emoji) {
        this.emoji = emoji;
    }

    /** The name in the payload's {@code event} field and in metric labels: {@code rolled_back}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The Slack emoji code that starts the event's {@code text}. */
    String emoji() {
        return ":" + emoji + ":";
    }

    /** The words the text uses: {@code rolled back}. */
    String words() {
        return wire().replace('_', ' ');
    }
}
