package org.kmemlab.kernel.view;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.kernel.Kernel;
import org.kmemlab.kernel.Machine;
import org.kmemlab.kernel.trace.RecordingKernel;
import org.junit.jupiter.api.Test;

class FrameClassifierTest {
    private static FrameKind kindAt(FrameClassifier fc, long pfn) {
        int[] one = new int[1];
        fc.classify(pfn, pfn + 1, one, 0);
        return FrameClassifier.kind(one[0]);
    }

    @Test
    void kindsAtExactPfns() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20));
        FrameClassifier fc = new FrameClassifier(k);
        assertEquals(FrameKind.RESERVED, kindAt(fc, 0));
        long ord3 = k.alloc_pages(Gfp.GFP_KERNEL, 3);
        long comp = k.alloc_pages(Gfp.GFP_KERNEL | Gfp.__GFP_COMP, 2);
        long obj = k.kmalloc(100, Gfp.GFP_KERNEL);
        long slab = k.virt_to_page(obj);
        long va = k.vmalloc(3 * 4096);
        long vpfn = k.vmalloc_to_pfn(va);
        int[] all = fc.classifyAll();
        for (long p = ord3; p < ord3 + 8; p++) {
            assertEquals(FrameKind.ALLOCATED, FrameClassifier.kind(all[(int) p]), "order-3 frame " + p);
        }
        assertEquals(FrameKind.COMPOUND_HEAD, FrameClassifier.kind(all[(int) comp]));
        for (long p = comp + 1; p < comp + 4; p++) {
            assertEquals(FrameKind.COMPOUND_TAIL, FrameClassifier.kind(all[(int) p]));
        }
        assertEquals(FrameKind.SLAB, FrameClassifier.kind(all[(int) slab]));
        assertEquals("kmalloc-128", fc.cacheNames().get(FrameClassifier.detail(all[(int) slab])));
        assertEquals(FrameKind.VMALLOC, FrameClassifier.kind(all[(int) vpfn]));
        long cr3pfn = k.read_cr3() >> 12;
        assertEquals(FrameKind.PAGE_TABLE, FrameClassifier.kind(all[(int) cr3pfn]));

        k.__free_pages(ord3, 3);
        all = fc.classifyAll();
        FrameKind freed = FrameClassifier.kind(all[(int) ord3]);
        assertEquals(FrameKind.FREE, freed);
        assertTrue(FrameClassifier.detail(all[(int) ord3]) >= 3, "merged into a block of order >= 3");
        for (long p = ord3; p < ord3 + 8; p++) {
            assertEquals(FrameKind.FREE, FrameClassifier.kind(all[(int) p]), "freed frame " + p);
        }
        // free + allocated + ... cover every frame of the zone spans; NR_FREE_PAGES matches the FREE count
        long free = Arrays.stream(all).filter(c -> FrameClassifier.kind(c) == FrameKind.FREE).count();
        long nrFree = k.physmem().zones().stream().mapToLong(z -> z.nrFreePages()).sum();
        assertEquals(nrFree, free);
    }

    @Test
    void pcpPagesAreMarked() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withPcp(true).withDebug(false));
        long p = k.alloc_pages(Gfp.GFP_KERNEL, 0);
        k.__free_pages(p, 0);
        FrameClassifier fc = new FrameClassifier(k);
        assertEquals(FrameKind.PCP, kindAt(fc, p));
    }

    @Test
    void rangesAgreeWithClassifyAll() {
        Kernel k = Machine.boot(MachineConfig.defaults().withRam(64L << 20).withDebug(false));
        Random r = new Random(7);
        long[] held = new long[200];
        int[] orders = new int[held.length];
        for (int i = 0; i < held.length; i++) {
            orders[i] = r.nextInt(5);
            int gfp = Gfp.GFP_KERNEL | (r.nextBoolean() ? Gfp.__GFP_COMP : 0);
            held[i] = k.alloc_pages(gfp, orders[i]);
        }
        for (int i = 0; i < held.length; i += 2) {
            k.__free_pages(held[i], orders[i]);
        }
        for (int i = 0; i < 50; i++) {
            k.kmalloc(1 + r.nextInt(8000), Gfp.GFP_KERNEL);
        }
        FrameClassifier fc = new FrameClassifier(k);
        int[] all = fc.classifyAll();
        long n = all.length;
        for (int t = 0; t < 2000; t++) {
            long from = t < 4 ? new long[] {0, n - 1, n - 1024, 4096}[t] : (long) r.nextInt((int) n);
            long to = Math.min(n, from + 1 + r.nextInt(t % 3 == 0 ? 2048 : 40));
            int[] part = new int[(int) (to - from) + 3];
            fc.classify(from, to, part, 3);
            assertArrayEquals(Arrays.copyOfRange(all, (int) from, (int) to), Arrays.copyOfRange(part, 3, part.length),
                "range [" + from + ", " + to + ")");
        }
    }

    @Test
    void worksThroughARecordingProxyAndIsFast() {
        Kernel k = RecordingKernel.wrap(Machine.boot(MachineConfig.defaults()), () -> null, rec -> { });
        k.vmalloc(8 * 4096);
        FrameClassifier fc = new FrameClassifier(k);
        fc.classifyAll();
        long t0 = System.nanoTime();
        int[] all = fc.classifyAll();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(262_144, all.length);
        assertTrue(ms < 500, "classifyAll of 1 GiB took " + ms + " ms");
        assertTrue(Arrays.stream(all).anyMatch(c -> FrameClassifier.kind(c) == FrameKind.VMALLOC));
    }
}
