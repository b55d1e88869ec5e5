package dev.flinkgitops.example;

/**
 * The example job's command line: {@code --tag}, {@code --keys}, {@code --rate}, {@code --output},
 * {@code --state-bytes N} (N more bytes of keyed state per key, to give savepoints a size), and
 * {@code --fail-on-start true} (a broken version: its tasks fail when they open, so it never
 * becomes ready; for trying rollbacks).
 */
record JobArgs(String tag, int keys, double rate, String output, boolean failOnStart, int stateBytes) {

    static JobArgs parse(String[] args) {
        String tag = "v1";
        int keys = 4;
        double rate = 20;
        String output = null;
        boolean failOnStart = false;
        int stateBytes = 0;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--tag" -> tag = value;
                case "--keys" -> keys = Integer.parseInt(value);
                case "--rate" -> rate = Double.parseDouble(value);
                case "--output" -> output = value;
                case "--fail-on-start" -> failOnStart = Boolean.parseBoolean(value);
                case "--state-bytes" -> stateBytes = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown argument " + name);
            }
        }
        if (keys < 1) {
            throw new IllegalArgumentException("--keys must be at least 1");
        }
        if (stateBytes < 0) {
            throw new IllegalArgumentException("--state-bytes must not be negative");
        }
        return new JobArgs(tag, keys, rate, output, failOnStart, stateBytes);
    }
}
