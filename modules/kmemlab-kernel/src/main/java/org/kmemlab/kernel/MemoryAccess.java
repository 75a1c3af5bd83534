package org.kmemlab.kernel;

import org.kmemlab.api.KernelBug;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;

/**
 * Kernel virtual address → physical address for scenario memory access (readb ... memchr_inv). With an
 * {@code mmu} module bound, its page tables decide; without one, the kernel direct map (and on x86_64
 * the kernel text mapping) is linear, and under {@code debug} a free frame is unmapped as
 * DEBUG_PAGEALLOC leaves it. Anything else faults with the kernel's oops text.
 */
final class MemoryAccess {
    private final Profile p;
    private final PhysMem phys;
    private final MemMap map;
    private final KernelLog log;
    private final Mmu mmu;

    MemoryAccess(Profile p, PhysMem phys, KernelLog log, Mmu mmu) {
        this.p = p;
        this.phys = phys;
        this.map = phys.memMap();
        this.log = log;
        this.mmu = mmu;
    }

    /** The physical address of vaddr, or a page fault oops (write selects the error code). */
    long translate(long vaddr, boolean write, String fn) {
        long pa = mmu != null ? mmu.translate(vaddr) : linear(vaddr);
        if (pa < 0) {
            throw fault(vaddr, write, fn);
        }
        return pa;
    }

    /**
     * The physical address behind a kernel direct-map (or, on x86_64, kernel-text) address, or -1:
     * the ranges virt_addr_valid() accepts, before pfn_valid().
     */
    static long directMapPhys(Profile p, long vaddr) {
        long v = p.is64 ? vaddr : vaddr & 0xffffffffL;
        if (p.is64 && Long.compareUnsigned(v, p.startKernelMap) >= 0) {
            long pa = v - p.startKernelMap;
            return pa < (512L << 20) ? pa : -1;  // KERNEL_IMAGE_SIZE
        }
        if (Long.compareUnsigned(v, p.pageOffset) < 0) {
            return -1;
        }
        long pa = v - p.pageOffset;
        long limit = p.is64 ? 1L << 46 : p.maxLowPfn << p.pageShift; // phys_addr_valid / high_memory
        return Long.compareUnsigned(pa, limit) < 0 ? pa : -1;
    }

    /** The direct map without page tables: -1 where nothing is mapped (or DEBUG_PAGEALLOC unmapped it). */
    private long linear(long vaddr) {
        long pa = directMapPhys(p, vaddr);
        if (pa < 0) {
            return -1;
        }
        long pfn = pa >>> p.pageShift;
        if (!map.pfnValid(pfn) || map.unmapped(pfn)) {
            return -1;
        }
        return pa;
    }

    /** show_fault_oops() + the die banner; the access does not happen. */
    KernelBug fault(long vaddr, boolean write, String fn) {
        return Reports.pageFault(log, p, vaddr, write, fn, "scenario_init");
    }

    int readByte(long vaddr, String fn) {
        return phys.readByte(translate(vaddr, false, fn));
    }

    long read(long vaddr, int size, String fn) {
        long[] pa = new long[size];
        for (int i = 0; i < size; i++) {
            pa[i] = translate(vaddr + i, false, fn); // the lowest faulting byte is the one reported
        }
        long v = 0;
        for (int i = size - 1; i >= 0; i--) {
            v = (v << 8) | phys.readByte(pa[i]);
        }
        return v;
    }

    void write(long vaddr, int size, long value, String fn) {
        for (int i = 0; i < size; i++) {
            translate(vaddr + i, true, fn); // fault before any byte changes
        }
        for (int i = 0; i < size; i++) {
            phys.writeByte(translate(vaddr + i, true, fn), (int) (value >>> (8 * i)) & 0xff);
        }
    }

    /** Translates [vaddr, vaddr+n) page by page, faulting at the first unmapped byte. */
    void forEachChunk(long vaddr, long n, boolean write, String fn, ChunkAction action) {
        long done = 0;
        while (done < n) {
            long va = vaddr + done;
            long pa = translate(va, write, fn);
            long inPage = p.pageSize - (va & (p.pageSize - 1));
            long len = Math.min(inPage, n - done);
            action.apply(pa, done, len);
            done += len;
        }
    }

    interface ChunkAction {
        void apply(long pa, long offset, long len);
    }
}
