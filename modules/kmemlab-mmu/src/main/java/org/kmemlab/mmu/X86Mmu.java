package org.kmemlab.mmu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.Provider;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;

/**
 * x86 kernel page tables in simulated RAM (init_mm / swapper_pg_dir): translation and walks as the
 * hardware does them, the kernel's set_pte/pte_clear paths, page-table pages from the buddy slot after
 * boot, and a TLB flushed wherever the kernel flushes. The paging mode supplies the geometry; boot
 * layout is {@link BootPageTables}, highmem mappings {@link Highmem}.
 */
public abstract class X86Mmu implements Mmu {
    /** PGALLOC_GFP (arch/x86/mm/pgtable.c): pte_alloc_one_kernel. */
    static final int PGALLOC_GFP = Gfp.GFP_KERNEL | Gfp.__GFP_NOTRACK | Gfp.__GFP_REPEAT | Gfp.__GFP_ZERO;
    /** pud_alloc_one / pmd_alloc_one: get_zeroed_page(GFP_KERNEL|__GFP_REPEAT). */
    static final int PXD_GFP = Gfp.GFP_KERNEL | Gfp.__GFP_REPEAT | Gfp.__GFP_ZERO;

    final PagingMode mode;
    final Profile p;
    final PhysMem phys;
    final KernelLog log;
    final boolean debug;
    private final Provider<PageAllocator> buddy;
    private final Tlb tlb = new Tlb();
    private final int es;
    /** Page-table pages by the level of the entries they hold. */
    final long[] tablePages;
    /** The frames of those pages, in the order they were taken (page tables are never freed here). */
    private long[] tablePfns = new long[16];
    private int nrTablePfns;
    long pgdPa = -1;
    /** Boot tables come from here (reserve_early "PGTABLE"), runtime ones from the buddy slot. */
    long earlyNext;
    long earlyEnd;
    /** direct_pages_count[PG_LEVEL_4K] and [PG_LEVEL_2M] (2M or 4M pages). */
    long direct4k;
    long directLarge;
    final Highmem highmem;
    /** Set when paging_init is over: page-table pages then come from the buddy slot. */
    boolean bootDone;

    protected X86Mmu(PagingMode mode, PhysMem phys, MachineConfig config, KernelLog log, Provider<PageAllocator> buddy) {
        this.mode = mode;
        this.p = phys.profile();
        this.phys = phys;
        this.log = log;
        this.debug = config.debug();
        this.buddy = buddy;
        this.es = mode.entrySize;
        this.tablePages = new long[mode.depth()];
        if (p.is64 != mode.is64()) {
            throw new IllegalArgumentException("mmu=" + mode.name + " does not fit profile " + p.name);
        }
        this.highmem = p.zoneHighmem() >= 0 ? new Highmem(this) : null;
    }

    @Override
    public long cr3() {
        return pgdPa;
    }

    @Override
    public String mode() {
        return mode.name;
    }

    @Override
    public void pagingInit() {
        new BootPageTables(this).build(); // the pkmap and fixmap tables included
    }

    // ------------------------------------------------------------------ entries

    /** The address as the CPU sees it: 32 bits on i386. */
    long canon(long vaddr) {
        return p.is64 ? vaddr : vaddr & 0xffffffffL;
    }

    long readEntry(long entryPa) {
        return phys.read(entryPa, es);
    }

    /** set_pte/set_pmd/...: write one entry (the TLB is the caller's to flush). */
    void writeEntry(long entryPa, long e) {
        phys.write(entryPa, es, es == 4 ? e & 0xffffffffL : e);
    }

    long entryPa(long tablePa, int level, long v) {
        return tablePa + (long) mode.index(level, v) * es;
    }

    /** What pgd/pud/pmd_populate write above a new table: _PAGE_TABLE, or only _PAGE_PRESENT in a PAE pgd. */
    long tableEntryFlags(int level) {
        return mode == PagingMode.I386_PAE && level == 0 ? X86Bits.PRESENT : X86Bits.PAGE_TABLE;
    }

    /** pmd_large()/pud_large(): a PSE entry above the pte level (1 GiB at the pud only exists on x86_64). */
    boolean isLarge(int level, long e) {
        if ((e & X86Bits.PSE) == 0 || level >= mode.last()) {
            return false;
        }
        return level == mode.largeLevel || mode.is64() && level == 1;
    }

    /**
     * The physical address of the entry for v at level {@code target}, creating missing tables above it
     * when {@code create} (from the early region at boot, else the buddy slot); −1 when a table is missing
     * and not created, a large page is in the way, or a page-table allocation failed.
     */
    long entryFor(long v, int target, boolean create) {
        long table = pgdPa;
        for (int l = 0; l < target; l++) {
            long ea = entryPa(table, l, v);
            long e = readEntry(ea);
            if ((e & X86Bits.PRESENT) == 0) {
                if (!create) {
                    return -1;
                }
                long child = allocTable(l + 1);
                if (child < 0) {
                    return -1;
                }
                e = child | tableEntryFlags(l);
                writeEntry(ea, e);
                directTables = null; // an upper level changed: forget kernel_map_pages' table lookups
            } else if (isLarge(l, e)) {
                return -1;
            }
            table = e & mode.pteFrameMask;
        }
        return entryPa(table, target, v);
    }

    /** A zeroed page-table page for entries of {@code level}: alloc_low_page() at boot, else __get_free_page. */
    long allocTable(int level) {
        long pa;
        if (earlyNext < earlyEnd) {
            pa = earlyNext << p.pageShift;
            earlyNext++;
            phys.fill(pa, 0, p.pageSize);
        } else if (bootDone) {
            long pfn = buddy.get().allocPages(level == mode.last() ? PGALLOC_GFP : PXD_GFP, 0);
            if (pfn < 0) {
                return -1;
            }
            pa = pfn << p.pageShift;
        } else {
            throw new IllegalStateException("boot page tables outgrew their early reservation");
        }
        tablePages[level]++;
        noteTable(pa);
        return pa;
    }

    /** Remembers a page-table page's frame for {@link #pageTablePfns()}. */
    void noteTable(long pa) {
        if (nrTablePfns == tablePfns.length) {
            tablePfns = java.util.Arrays.copyOf(tablePfns, nrTablePfns * 2);
        }
        tablePfns[nrTablePfns++] = pa >>> p.pageShift;
    }

    // ------------------------------------------------------------------ translation

    @Override
    public long translate(long vaddr) {
        long v = canon(vaddr);
        long vpn = v >>> 12;
        long page = tlb.lookup(vpn);
        if (page >= 0) {
            return page | (v & 0xfff);
        }
        long pa = walkTranslate(v);
        if (pa >= 0) {
            tlb.fill(vpn, pa & ~0xfffL);
        }
        return pa;
    }

    /** The hardware walk without the TLB. */
    long walkTranslate(long v) {
        if (p.is64 && (v << 16 >> 16) != v) {
            return -1; // non-canonical
        }
        long table = pgdPa;
        for (int l = 0; ; l++) {
            long e = readEntry(entryPa(table, l, v));
            if ((e & X86Bits.PRESENT) == 0) {
                return -1;
            }
            if (l == mode.last()) {
                return (e & mode.pteFrameMask) | (v & 0xfff);
            }
            if (isLarge(l, e)) {
                long size = mode.span(l);
                return (e & mode.pteFrameMask & ~(size - 1)) | (v & (size - 1));
            }
            table = e & mode.pteFrameMask;
        }
    }

    @Override
    public List<WalkStep> walk(long vaddr) {
        long v = canon(vaddr);
        List<WalkStep> steps = new ArrayList<>();
        if (p.is64 && (v << 16 >> 16) != v) {
            return steps;
        }
        long table = pgdPa;
        for (int l = 0; l < mode.depth(); l++) {
            long e = readEntry(entryPa(table, l, v));
            boolean leaf = l == mode.last();
            steps.add(new WalkStep(mode.levels.get(l), mode.index(l, v), e, X86Bits.names(e, leaf)));
            if ((e & X86Bits.PRESENT) == 0 || leaf || isLarge(l, e)) {
                break;
            }
            table = e & mode.pteFrameMask;
        }
        return steps;
    }

    void flush(long start, long end) {
        long s = canon(start) >>> 12;
        long e = (canon(end - 1) >>> 12) + 1;
        tlb.flush(s, e - s);
    }

    // ------------------------------------------------------------------ kernel mappings

    @Override
    public int mapPages(long vaddr, long[] pfns, long prot) {
        long v = canon(vaddr);
        for (int i = 0; i < pfns.length; i++) {
            long va = v + ((long) i << 12);
            long ea = entryFor(va, mode.last(), true);
            if (ea < 0) {
                return i; // -ENOMEM
            }
            if (readEntry(ea) != 0) {
                // vmap_pte_range: WARN_ON(!pte_none(*pte)); return -EBUSY
                Reports.warn(log, "mm/vmalloc.c", SourceLines.VMAP_PTE_RANGE_WARN, "vmap_page_range_noflush",
                    "map_vm_area", "__vmalloc_area_node", "scenario_init");
                return i;
            }
            writeEntry(ea, (pfns[i] << p.pageShift) | prot);
        }
        return pfns.length;
    }

    @Override
    public void unmapRange(long start, long end) {
        long v0 = canon(start);
        long v1 = canon(end - 1) + 1;
        for (long va = v0; va < v1; va += 4096) {
            long ea = entryFor(va, mode.last(), false);
            if (ea >= 0) {
                writeEntry(ea, 0); // ptep_get_and_clear
            }
        }
        flush(start, end);
    }

    @Override
    public long pteFrame(long vaddr) {
        long pa = walkTranslate(canon(vaddr));
        return pa < 0 ? -1 : pa >>> p.pageShift;
    }

    @Override
    public long pageKernel() {
        return mode.pageKernel();
    }

    @Override
    public void kernelMapPages(long pfn, long n, boolean enable) {
        long end = Math.min(pfn + n, p.maxLowPfn); // if (PageHighMem(page)) return;
        long regionPfns = mode.span(mode.last() - 1) >>> p.pageShift;
        if (directTables == null) {
            directTables = new long[(int) ((p.maxLowPfn + regionPfns - 1) / regionPfns)];
        }
        for (long f = pfn; f < end; f++) {
            long va = lowmemAddress(f);
            int region = (int) (f / regionPfns);
            long table = directTables[region];
            if (table == 0) {
                long ea = entryFor(va, mode.last(), false);
                table = ea < 0 ? -1 : ea - (long) mode.index(mode.last(), va) * es;
                directTables[region] = table;
            }
            if (table < 0) {
                continue; // a large page: never split at run time
            }
            long ea = entryPa(table, mode.last(), va);
            long e = readEntry(ea);
            // __set_pages_p / __set_pages_np: mask _PAGE_PRESENT | _PAGE_RW
            long ne = enable ? e | X86Bits.PRESENT | X86Bits.RW : e & ~(X86Bits.PRESENT | X86Bits.RW);
            if (ne != e) {
                writeEntry(ea, ne); // __change_page_attr
            }
        }
        if (end > pfn) {
            flush(lowmemAddress(pfn), lowmemAddress(end - 1) + p.pageSize);
        }
    }

    /**
     * kernel_map_pages()'s lookups: the pte table of each large-page-sized region of the direct map (0 = not
     * looked up yet, -1 = a large page or nothing mapped). Upper levels change only at boot and when
     * {@link #entryFor} installs a table, which drops the cache, so it never changes what a lookup finds.
     */
    private long[] directTables;

    /** lowmem_page_address(). */
    long lowmemAddress(long pfn) {
        return canon(p.pageOffset + (pfn << p.pageShift));
    }

    @Override
    public long[] pageTablePfns() {
        long[] r = java.util.Arrays.copyOf(tablePfns, nrTablePfns);
        java.util.Arrays.sort(r);
        return r;
    }

    @Override
    public Map<String, Long> pageTablePages() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int l = 0; l < mode.depth(); l++) {
            m.put(mode.levels.get(l), tablePages[l]);
        }
        return m;
    }

    @Override
    public Map<String, Long> constants() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("PAGE_KERNEL", mode.pageKernel());
        c.put("_PAGE_PRESENT", _PAGE_PRESENT);
        c.put("_PAGE_RW", _PAGE_RW);
        c.put("_PAGE_USER", _PAGE_USER);
        c.put("_PAGE_ACCESSED", _PAGE_ACCESSED);
        c.put("_PAGE_DIRTY", _PAGE_DIRTY);
        c.put("_PAGE_PSE", _PAGE_PSE);
        c.put("_PAGE_GLOBAL", _PAGE_GLOBAL);
        c.put("_PAGE_NX", mode.nx ? _PAGE_NX : 0L);
        for (int i = 0; i < Highmem.KM_TYPE_NR; i++) {
            c.put(Highmem.KM_TYPES[i], (long) i);
        }
        c.put("KM_TYPE_NR", (long) Highmem.KM_TYPE_NR);
        if (highmem != null) {
            c.put("PKMAP_BASE", Highmem.PKMAP_BASE);
            c.put("LAST_PKMAP", (long) highmem.lastPkmap);
            c.put("FIXADDR_TOP", Highmem.FIXADDR_TOP);
        }
        return c;
    }

    @Override
    public Map<String, Long> directMapKb() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("DirectMap4k", direct4k * 4);
        m.put(mode == PagingMode.I386 ? "DirectMap4M" : "DirectMap2M", directLarge * (mode.largeSize() >> 10));
        return m;
    }

    // ------------------------------------------------------------------ highmem

    @Override
    public long pageAddress(long pfn) {
        if (pfn < p.maxLowPfn) {
            return lowmemAddress(pfn);
        }
        return highmem == null ? 0 : highmem.pageAddress(pfn);
    }

    @Override
    public long kmap(long pfn) {
        return highmem == null || pfn < p.maxLowPfn ? pageAddress(pfn) : highmem.kmapHigh(pfn);
    }

    @Override
    public void kunmap(long pfn) {
        if (highmem != null && pfn >= p.maxLowPfn) {
            highmem.kunmapHigh(pfn);
        }
    }

    @Override
    public long kmapAtomic(long pfn, int type) {
        Highmem.checkType(type);
        return highmem == null || pfn < p.maxLowPfn ? pageAddress(pfn) : highmem.kmapAtomic(pfn, type);
    }

    @Override
    public void kunmapAtomic(long vaddr, int type) {
        Highmem.checkType(type);
        if (highmem != null) {
            highmem.kunmapAtomic(vaddr, type);
        }
    }

    @Override
    public int pkmapCount(long pfn) {
        return highmem == null ? -1 : highmem.pkmapCount(pfn);
    }

    @Override
    public void clearHighpage(long pfn) {
        long va = kmapAtomic(pfn, Highmem.KM_USER0);
        long pa = translate(va);
        if (pa < 0) {
            throw new IllegalStateException("clear_highpage: no mapping for pfn " + pfn);
        }
        phys.fill(pa, 0, p.pageSize); // clear_page() through the mapping
        kunmapAtomic(va, Highmem.KM_USER0);
    }
}
