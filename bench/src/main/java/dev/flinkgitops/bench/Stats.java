package dev.flinkgitops.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, min and max of a sample. */
record Stats(List<Double> sorted) {
    static Stats of(List<Double> values) {
        List<Double> copy = new ArrayList<>(values);
        Collections.sort(copy);
        return new Stats(copy);
    }

    double median() {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    double min() {
        return sorted.get(0);
    }

    double max() {
        return sorted.get(sorted.size() - 1);
    }

    String ms() {
        return String.format(java.util.Locale.ROOT, "%s ms (%s–%s, n=%d)", fmt(median()), fmt(min()), fmt(max()), sorted.size());
    }

    String counts() {
        return String.format(java.util.Locale.ROOT, "%s (%s–%s, n=%d)", fmt(median()), fmt(min()), fmt(max()), sorted.size());
    }

    String ratio() {
        return String.format(java.util.Locale.ROOT, "%.2f× (%.2f–%.2f, n=%d)", median(), min(), max(), sorted.size());
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        return v >= 100 ? String.format(java.util.Locale.ROOT, "%.0f", v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }
}
