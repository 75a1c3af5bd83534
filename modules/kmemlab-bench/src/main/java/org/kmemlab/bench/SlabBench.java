package org.kmemlab.bench;

import java.util.concurrent.TimeUnit;

import org.kmemlab.api.Gfp;
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

/** One kmalloc + kfree pair through the kernel API, per slab module, with debug off and on. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SlabBench {
    @Param({"slub", "slab", "slob"})
    public String slab;

    @Param({"false", "true"})
    public boolean debug;

    @Param({"64"})
    public int size;

    private Kernel k;

    @Setup(Level.Trial)
    public void setUp() {
        k = Machine.boot(MachineConfig.defaults().withDebug(debug).withModule("slab", slab));
    }

    @Benchmark
    public long kmallocKfree() {
        long p = k.kmalloc(size, Gfp.GFP_KERNEL);
        k.kfree(p);
        return p;
    }
}
