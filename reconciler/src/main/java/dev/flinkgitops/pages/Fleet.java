package dev.flinkgitops.pages;

import java.time.Instant;
import java.util.List;

/**
 * Everything the fleet page shows: every app (sorted by identity), the daemon's health, and the time the
 * ages are counted to.
 */
public record Fleet(List<AppRow> apps, Health health, Instant now) {

    public Fleet {
        apps = List.copyOf(apps);
    }
}
