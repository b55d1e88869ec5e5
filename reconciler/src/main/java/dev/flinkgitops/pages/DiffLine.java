package dev.flinkgitops.pages;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * One line of a line diff.
 *
 * @param op {@code ' '} kept, {@code '-'} only in the old text, {@code '+'} only in the new one
 */
public record DiffLine(char op, String text) {

    /** The lines of {@code after} against {@code before}, in order: JGit's histogram diff, as {@code git diff} makes. */
    public static List<DiffLine> of(List<String> before, List<String> after) {
        List<Edit> edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, text(before), text(after));
        List<DiffLine> out = new ArrayList<>();
        int i = 0;
        for (Edit edit : edits) {
            for (; i < edit.getBeginA(); i++) {
                out.add(new DiffLine(' ', before.get(i)));
            }
            before.subList(edit.getBeginA(), edit.getEndA()).forEach(line -> out.add(new DiffLine('-', line)));
            after.subList(edit.getBeginB(), edit.getEndB()).forEach(line -> out.add(new DiffLine('+', line)));
            i = edit.getEndA();
        }
        before.subList(i, before.size()).forEach(line -> out.add(new DiffLine(' ', line)));
        return out;
    }

    private static RawText text(List<String> lines) {
        return new RawText(lines.stream().map(line -> line + "\n").collect(java.util.stream.Collectors.joining()).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether any line differs. */
    public static boolean changed(List<DiffLine> diff) {
        return diff.stream().anyMatch(line -> line.op() != ' ');
    }
}
