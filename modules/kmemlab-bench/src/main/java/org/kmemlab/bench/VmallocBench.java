package org.kmemlab.bench;

import java.util.concurrent.TimeUnit;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One vmalloc + vfree pair of 1 or 4 pages on x86_64: vm_struct and vmap_area kmalloc'ed, the area found,
 * the pages taken one by one and mapped, then unmapped lazily (a purge every 8192 lazy pages is included).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class VmallocBench {
    @Param({"1", "4"})
    public int pages;

    @Param({"false", "true"})
    public boolean debug;

    private Kernel k;

    @Setup(Level.Trial)
    public void setUp() {
        k = Machine.boot(MachineConfig.defaults().withDebug(debug));
    }

    @Benchmark
    public long vmallocVfree() {
        long a = k.vmalloc((long) pages * 4096);
        k.vfree(a);
        return a;
    }
}
