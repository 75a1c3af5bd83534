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

/**
 * alloc_pages + __free_pages through the kernel API on a fragmented 1 GiB machine: a steady state
 * with 20,000 live blocks of order 0–3, one random block replaced per operation pair.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class BuddyBench {
    @Param({"false", "true"})
    public boolean debug;

    @Param({"false", "true"})
    public boolean pcp;

    private Kernel k;
    private long[] live;
    private int[] orders;
    private long rnd = 0x2634;

    @Setup(Level.Trial)
    public void setUp() {
        k = Machine.boot(MachineConfig.defaults().withDebug(debug).withPcp(pcp));
        live = new long[20_000];
        orders = new int[live.length];
        for (int i = 0; i < live.length; i++) {
            orders[i] = i & 3;
            live[i] = k.alloc_pages(Gfp.GFP_KERNEL, orders[i]);
        }
    }

    private int next(int bound) {
        rnd ^= rnd << 13;
        rnd ^= rnd >>> 7;
        rnd ^= rnd << 17;
        return (int) Long.remainderUnsigned(rnd, bound);
    }

    /** One free of a random live block and one allocation of a random order: two kernel calls. */
    @Benchmark
    public long freeThenAlloc() {
        int i = next(live.length);
        k.__free_pages(live[i], orders[i]);
        int o = next(4);
        orders[i] = o;
        live[i] = k.alloc_pages(Gfp.GFP_KERNEL, o);
        return live[i];
    }
}
