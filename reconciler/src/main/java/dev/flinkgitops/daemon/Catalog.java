package dev.flinkgitops.daemon;

import dev.flinkgitops.plan.Desired;
import dev.flinkgitops.appspec.AppId;
import dev.flinkgitops.validate.FileResult;

import java.util.List;
import java.util.Map;

/**
 * The repository's head, validated: what each app should be, and the invalid files that name
 * no known app (a new file that does not parse has no identity yet).
 */
public record Catalog(String commit, Map<AppId, Desired> desired, List<FileResult> unclaimedInvalid) {}
