package org.kmemlab.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What the bench commands share: the machine to measure on and how many timed runs to take the best of. */
final class BenchRuns {
    @Option(names = "--repeat", paramLabel = "N", defaultValue = "5", description = "timed runs; the best counts (default ${DEFAULT-VALUE})")
    int repeat;

    @Mixin
    MachineOptionsMixin machine = new MachineOptionsMixin();

    /** --repeat, checked: 1 to 1000. */
    int repeat() {
        if (repeat < 1 || repeat > 1000) {
            throw new IllegalArgumentException("--repeat must be from 1 to 1000, got " + repeat);
        }
        return repeat;
    }
}
