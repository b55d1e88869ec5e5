package dev.flinkgitops.pages;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a line diff.
 *
 * @param op {@code ' '} kept, {@code '-'} only in the old text, {@code '+'} only in the new one
 */
public record DiffLine(char op, String text) {

    /** Above this many lines on either side the diff is every old line removed and every new one added. */
    static final int MAX_LINES = 2000;

    /** The lines of {@code after} against {@code before}, in order (a longest common subsequence). */
    public static List<DiffLine> of(List<String> before, List<String> after) {
        int n = before.size();
        int m = after.size();
        List<DiffLine> out = new ArrayList<>();
        if (n > MAX_LINES || m > MAX_LINES) {
            before.forEach(line -> out.add(new DiffLine('-', line)));
            after.forEach(line -> out.add(new DiffLine('+', line)));
            return out;
        }
        int[][] common = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                common[i][j] = before.get(i).equals(after.get(j)) ? common[i + 1][j + 1] + 1
                        : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && before.get(i).equals(after.get(j))) {
                out.add(new DiffLine(' ', before.get(i++)));
                j++;
            } else if (j < m && (i == n || common[i][j + 1] >= common[i + 1][j])) {
                out.add(new DiffLine('+', after.get(j++)));
            } else {
                out.add(new DiffLine('-', before.get(i++)));
            }
        }
        return out;
    }

    /** Whether any line differs. */
    public static boolean changed(List<DiffLine> diff) {
        return diff.stream().anyMatch(line -> line.op() != ' ');
    }
}
