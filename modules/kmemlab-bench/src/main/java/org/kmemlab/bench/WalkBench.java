package org.kmemlab.bench;

import java.util.concurrent.TimeUnit;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Mmu;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Address translation on x86_64 with the 4 KiB direct map of a debug machine: every translation is a
 * full 4-level walk over page tables in simulated RAM, because the addresses are spread over 1 GiB
 * (262,144 pages) and the software TLB holds 1,024 (hit rate below 0.4 %): the cold walk. The hot case
 * repeats one address (TLB hit). walk() is the inspection call that also names levels and flags.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class WalkBench {
    private Mmu mmu;
    private long base;
    private long[] addrs;
    private int i;

    @Setup(Level.Trial)
    public void setUp() {
        Kernel k = Machine.boot(MachineConfig.defaults().withDebug(true));
        mmu = k.mmu();
        base = k.profile().pageOffset;
        // allocated pages only (a free page is unmapped under DEBUG_PAGEALLOC and would end the walk early)
        addrs = new long[1 << 16];
        java.util.Random r = new java.util.Random(1);
        for (int n = 0; n < addrs.length; n++) {
            long pfn = k.alloc_page(org.kmemlab.api.Gfp.GFP_KERNEL);
            addrs[n] = k.page_address(pfn) + r.nextInt(4096);
        }
        // shuffle so consecutive translations hit different tables
        for (int n = addrs.length - 1; n > 0; n--) {
            int m = r.nextInt(n + 1);
            long t = addrs[n];
            addrs[n] = addrs[m];
            addrs[m] = t;
        }
    }

    @Benchmark
    public long translateCold() {
        i = (i + 1) & (addrs.length - 1);
        return mmu.translate(addrs[i]);
    }

    @Benchmark
    public long translateHot() {
        return mmu.translate(addrs[0]);
    }

    @Benchmark
    public Object walkInspect() {
        i = (i + 1) & (addrs.length - 1);
        return mmu.walk(addrs[i]);
    }
}
