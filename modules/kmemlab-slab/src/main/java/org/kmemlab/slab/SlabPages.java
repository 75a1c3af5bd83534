package org.kmemlab.slab;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.Zone;

/**
 * What every slab allocator needs from the machine: pages from whatever {@code buddy} module is bound,
 * the direct-map address of a page, object memory, and the NR_SLAB_* zone counters.
 *
 * <p>Object memory (free pointers, poison, red zones, tracking words) is reached through the {@code mmu}
 * slot's page tables when the machine has one, so a slab allocator touching a page the direct map does
 * not map faults as the kernel would; {@link #pa} and {@link #virtToPfn} stay arithmetic, as
 * {@code __pa()} and {@code virt_to_page()} are.
 */
public final class SlabPages {
    public final Profile profile;
    public final MemMap map;
    public final PageAllocator buddy;
    public final PhysMem phys;
    /** sizeof(void *). */
    public final int wordSize;

    private Mmu mmu;
    private KernelLog log;

    public SlabPages(PhysMem phys, PageAllocator buddy) {
        this.profile = phys.profile();
        this.map = phys.memMap();
        this.buddy = buddy;
        this.phys = phys;
        this.wordSize = profile.is64 ? 8 : 4;
    }

    /** page_address() of a lowmem page. */
    public long pageAddress(long pfn) {
        long v = profile.pageOffset + (pfn << profile.pageShift);
        return profile.is64 ? v : v & 0xffffffffL;
    }

    /** __pa() of a direct-map address, or -1 when it is not one. */
    public long pa(long va) {
        long v = profile.is64 ? va : va & 0xffffffffL;
        if (Long.compareUnsigned(v, profile.pageOffset) < 0) {
            return -1;
        }
        long pa = v - profile.pageOffset;
        return Long.compareUnsigned(pa, profile.maxLowPfn << profile.pageShift) < 0 ? pa : -1;
    }

    /** virt_to_page(), or -1 for an address outside the direct map. */
    public long virtToPfn(long va) {
        long pa = pa(va);
        return pa < 0 ? -1 : pa >>> profile.pageShift;
    }

    /** virt_to_head_page(). */
    public long virtToHeadPfn(long va) {
        long pfn = virtToPfn(va);
        return pfn < 0 ? -1 : PageFlags.headOf(map, pfn);
    }

    /** Reach object memory through the mmu slot's page tables from now on (a fault is the kernel's oops). */
    public void useMmu(Mmu mmu, KernelLog log) {
        this.mmu = mmu;
        this.log = log;
    }

    /** The physical address behind object memory at va: a page walk when an mmu is bound, else __pa(). */
    private long phys(long va, boolean write) {
        if (mmu == null) {
            return pa(va);
        }
        long pa = mmu.translate(va);
        if (pa < 0) {
            throw Reports.pageFault(log, profile, va, write, write ? "memset" : "memcmp", "kmem_cache_alloc");
        }
        return pa;
    }

    /** size (1, 2, 4 or 8) bytes of object memory; an object field never crosses a page. */
    public long read(long va, int size) {
        return phys.read(phys(va, false), size);
    }

    public void write(long va, int size, long value) {
        phys.write(phys(va, true), size, value);
    }

    /** A word of object memory (a free pointer). */
    public long readWord(long va) {
        return read(va, wordSize);
    }

    public void writeWord(long va, long value) {
        write(va, wordSize, value);
    }

    public int readByte(long va) {
        return phys.readByte(phys(va, false));
    }

    /** memset() of object memory, one page at a time (each page is walked on its own). */
    public void fill(long va, int b, long n) {
        while (n > 0) {
            long inPage = Math.min(n, profile.pageSize - (va & (profile.pageSize - 1)));
            phys.fill(phys(va, true), b, inPage);
            va += inPage;
            n -= inPage;
        }
    }

    /**
     * memchr_inv(): the offset of the first of n bytes at va that is not {@code value}, or -1. Each page is
     * walked once, and aligned runs are compared a word at a time.
     */
    public long memchrInv(long va, int value, long n) {
        long pattern = (value & 0xffL) * 0x0101010101010101L;
        long off = 0;
        while (off < n) {
            long inPage = Math.min(n - off, profile.pageSize - ((va + off) & (profile.pageSize - 1)));
            long pa = phys(va + off, false);
            long i = 0;
            while (i < inPage) {
                if (((pa + i) & 7) == 0 && inPage - i >= 8 && phys.read(pa + i, 8) == pattern) {
                    i += 8;
                } else if (phys.readByte(pa + i) == (value & 0xff)) {
                    i++;
                } else {
                    return off + i;
                }
            }
            off += inPage;
        }
        return -1;
    }

    /** alloc_pages() for a slab: head pfn or -1. */
    public long allocPages(int gfp, int order) {
        return buddy.allocPages(gfp, order);
    }

    /** __free_pages() of a slab whose struct page fields are already reset: drop the last reference. */
    public void freePages(long pfn, int order) {
        map.setCount(pfn, 0);
        buddy.freePages(pfn, order, false);
    }

    /** mod_zone_page_state(zone, NR_SLAB_RECLAIMABLE or NR_SLAB_UNRECLAIMABLE, delta). */
    public void accountSlab(long pfn, boolean reclaimable, long pages) {
        Zone z = phys.zones().get(map.zoneIdx(pfn));
        z.vmStat[reclaimable ? Zone.NR_SLAB_RECLAIMABLE : Zone.NR_SLAB_UNRECLAIMABLE] += pages;
    }

    /**
     * put_page() of a compound page's head (kfree of a kmalloc_large block): the last reference frees it.
     * With CONFIG_DEBUG_VM ({@code debugLog} non-null) a head whose count is already 0 is put_page_testzero()'s
     * VM_BUG_ON, as a second kfree of the same large block is in the kernel.
     */
    public void putCompound(long head, KernelLog debugLog, String caller) {
        if (debugLog != null && map.count(head) == 0) {
            throw Reports.bug(debugLog, "include/linux/mm.h", 260, "put_page_testzero", "put_page", caller, "scenario_init");
        }
        int c = map.count(head) - 1;
        map.setCount(head, c);
        if (c == 0) {
            buddy.freePages(head, PageFlags.compoundOrder(map, head), false);
        }
    }

    /** get_order(size). */
    public static int getOrder(Profile profile, long size) {
        long pages = (size - 1) >> profile.pageShift;
        int order = 0;
        while (pages > 0) {
            order++;
            pages >>= 1;
        }
        return order;
    }

    /** __GFP_COMP for order > 0. */
    public static int compFor(int order) {
        return order > 0 ? Gfp.__GFP_COMP : 0;
    }
}
