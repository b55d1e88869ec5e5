package dev.flinkgitops.port;

/** One line of {@code /jobs/overview}. */
public record JobSummary(String id, String name, JobState state, long startTimeMillis) {}
