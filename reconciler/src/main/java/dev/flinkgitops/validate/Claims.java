package dev.flinkgitops.validate;

import dev.flinkgitops.appspec.AppId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which known app each invalid document stands for, so that the app keeps its last valid spec
 * (stalled, not deleted) while its document is broken. A document that names a known app
 * ({@link FileResult#claimed}) stands for it, if it is in the app's file or that file is gone
 * (moved while broken); one that names none, or an unknown app, stands for
 * every known app of its file that no document holds (a file whose YAML cannot be read at all
 * thus holds every app it held). An app is therefore deleted only when every document of its
 * file is read and none names it. Pure.
 *
 * @param held each app an invalid document holds, with that document's result
 * @param unclaimed invalid documents that hold no known app (a new file or document that does not validate)
 */
public record Claims(Map<AppId, FileResult> held, List<FileResult> unclaimed) {

    /**
     * @param results the validated documents, cross-file checks included
     * @param owners the known apps, each with the file it runs from
     */
    public static Claims of(List<FileResult> results, Map<AppId, String> owners) {
        Set<AppId> valid = results.stream().filter(FileResult::valid).map(r -> r.spec().id()).collect(Collectors.toSet());
        Set<String> files = results.stream().map(FileResult::file).collect(Collectors.toSet());
        Map<AppId, FileResult> held = new LinkedHashMap<>();
        List<FileResult> unidentified = new ArrayList<>();
        for (FileResult result : results) {
            if (result.valid() || result.skipped()) {
                continue; // a skipped document (an operator canary) stands for no app
            }
            AppId named = result.claimed();
            // another file's document names the app only when the app's own file is gone (moved while broken)
            boolean names = named != null && owners.containsKey(named) && !valid.contains(named)
                    && (owners.get(named).equals(result.file()) || !files.contains(owners.get(named)));
            if (names) {
                held.putIfAbsent(named, result);
            } else {
                unidentified.add(result);
            }
        }
        List<FileResult> unclaimed = new ArrayList<>();
        Set<String> holding = new java.util.HashSet<>(); // files whose unidentified documents hold apps
        for (FileResult result : unidentified) {
            for (Map.Entry<AppId, String> owner : owners.entrySet()) {
                if (owner.getValue().equals(result.file()) && !valid.contains(owner.getKey()) && !held.containsKey(owner.getKey())) {
                    held.put(owner.getKey(), result);
                    holding.add(result.file());
                }
            }
            if (!holding.contains(result.file())) {
                unclaimed.add(result);
            }
        }
        return new Claims(held, unclaimed);
    }
}
