package org.kmemlab.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.bench.TraceGen;
import org.kmemlab.kernel.bench.TraceReplay;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code kmemlab bench ...}: measurements, not tests. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (measurements, not tests).",
    footer = {"", "Examples:", "  kmemlab bench gen-trace /tmp/t.bin --ops 10000000",
        "  kmemlab bench replay /tmp/t.bin --no-debug", "  kmemlab bench observe examples/bench/calls-10000.js"},
    subcommands = {BenchCommand.Replay.class, BenchCommand.GenTrace.class, BenchObserve.class})
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a benchmark is required: replay, gen-trace or observe");
    }

    /** {@code kmemlab bench replay TRACE}. */
    @Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay a binary allocation trace on the buddy allocator through alloc_pages/__free_pages.",
            "Format: little-endian int32 per operation; v >= 0 allocates order v (handle = number of earlier",
            "allocations); v < 0 frees handle -v-1. Prints operations, failed allocations, a checksum of the",
            "returned pfns and ns per operation (best of --repeat runs, each on a fresh machine)."},
        footer = {"", "Examples:", "  kmemlab bench gen-trace /tmp/t.bin --ops 10000000",
            "  kmemlab bench replay /tmp/t.bin --no-debug"})
    static final class Replay implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "TRACE")
        Path trace;

        @Mixin
        BenchRuns runs = new BenchRuns();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            if (!Files.isRegularFile(trace)) {
                throw new IllegalArgumentException(trace + ": no such file");
            }
            int repeat = runs.repeat(); // the first run warms the JIT and is counted like the others
            int[] ops = TraceReplay.read(trace);
            TraceReplay.validate(ops);
            var out = spec.commandLine().getOut();
            TraceReplay.Result best = null;
            for (int i = 0; i < repeat; i++) {
                Kernel k = Machine.boot(runs.machine.config());
                TraceReplay.Result r = TraceReplay.replay(k, ops);
                out.printf("run %d: %.1f ns/op%n", i + 1, r.nsPerOp());
                if (best != null && best.checksum() != r.checksum()) {
                    throw new IllegalStateException("replay is not deterministic: checksums differ");
                }
                if (best == null || r.nanos() < best.nanos()) {
                    best = r;
                }
            }
            out.printf("operations:         %d%n", best.operations());
            out.printf("allocations:        %d%n", best.allocations());
            out.printf("failed allocations: %d%n", best.failedAllocations());
            out.printf("frees:              %d%n", best.frees());
            out.printf("checksum:           %016x%n", best.checksum());
            out.printf("ns per operation:   %.1f (best of %d)%n", best.nsPerOp(), repeat);
            out.flush();
            return Main.OK;
        }
    }

    /** {@code kmemlab bench gen-trace OUT}. */
    @Command(name = "gen-trace", mixinStandardHelpOptions = true,
        description = "Write a random trace: orders uniform in [--min-order, --max-order], a live set that grows to --live blocks.",
        footer = {"", "Examples:", "  kmemlab bench gen-trace /tmp/t.bin --ops 10000000 --max-order 3 --seed 1"})
    static final class GenTrace implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "OUT")
        Path out;

        @Option(names = "--ops", defaultValue = "10000000")
        long ops;

        @Option(names = "--min-order", defaultValue = "0")
        int minOrder;

        @Option(names = "--max-order", defaultValue = "3")
        int maxOrder;

        @Option(names = "--live", defaultValue = "20000", description = "live blocks to hold (default ${DEFAULT-VALUE})")
        int live;

        @Option(names = "--seed", defaultValue = "1")
        long seed;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            if (ops < 1 || minOrder < 0 || maxOrder < minOrder || maxOrder > 10 || live < 1) {
                throw new IllegalArgumentException("need --ops >= 1, 0 <= --min-order <= --max-order <= 10, --live >= 1");
            }
            int[] t = TraceGen.generate(ops, minOrder, maxOrder, live, seed);
            try {
                TraceGen.write(out, t);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            spec.commandLine().getOut().printf("wrote %d operations to %s%n", t.length, out);
            return Main.OK;
        }
    }
}
