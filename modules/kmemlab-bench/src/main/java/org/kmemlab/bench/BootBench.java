package org.kmemlab.bench;

import java.util.concurrent.TimeUnit;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Booting a machine: mem_map, zones, the bootmem hand-over (free_all_bootmem) and the initcalls. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx3g"})
public class BootBench {
    @Param({"1G", "64G"})
    public String ram;

    @Benchmark
    public Kernel boot() {
        return Machine.boot(MachineConfig.defaults().withRam(org.kmemlab.api.Profile.parseSize("ram", ram))
            .withDebug(false));
    }
}
