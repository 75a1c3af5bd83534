package org.kmemlab.kernel;

import static org.kmemlab.api.Gfp.__GFP_DMA;
import static org.kmemlab.api.Gfp.__GFP_HIGHMEM;
import static org.kmemlab.api.Gfp.__GFP_ZERO;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.inject.Injector;
import com.google.inject.Key;

import org.kmemlab.api.EventBus;
import org.kmemlab.api.Gfp;
import org.kmemlab.api.KernelLog;
import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.MemMap;
import org.kmemlab.api.MigrateType;
import org.kmemlab.api.Mmu;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.PageFlags;
import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Profile;
import org.kmemlab.api.Reports;
import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.VmStat;
import org.kmemlab.api.VmallocAllocator;
import org.kmemlab.api.Zone;

/**
 * The kernel API of one machine: the inline helpers of include/linux/mm.h and gfp.h, the wrappers of
 * mm/page_alloc.c around the page allocator slot, and memory access. The allocator itself is whatever
 * module fills the {@code buddy} slot.
 */
final class LinuxKernel implements Kernel {
    private final MachineConfig config;
    private final Profile p;
    private final PhysMem phys;
    private final MemMap map;
    private final PageAllocator buddy;
    private final KernelLog log;
    private final EventBus events;
    private final MemoryAccess mem;
    private final ProcFs proc;
    private final SlabAllocator slab;
    private final VmallocAllocator vmalloc;
    private final Mmu mmu;
    private final Map<String, String> inUse;
    private final ModuleRegistry registry;
    private final boolean debug;

    LinuxKernel(MachineConfig config, Profile p, PhysMem phys, PageAllocator buddy, Injector injector, KernelLog log,
                VmStat vmstat, EventBus events, long totalram, Map<String, String> inUse, ModuleRegistry registry) {
        this.config = config;
        this.p = p;
        this.phys = phys;
        this.map = phys.memMap();
        this.buddy = buddy;
        this.log = log;
        this.events = events;
        this.debug = config.debug();
        this.slab = optional(injector, SlabAllocator.class);
        this.vmalloc = optional(injector, VmallocAllocator.class);
        this.mmu = optional(injector, Mmu.class);
        this.mem = new MemoryAccess(p, phys, log, mmu);
        this.proc = new ProcFs(p, phys, buddy, vmstat, totalram, slab, vmalloc, config.debug(), mmu);
        this.inUse = inUse;
        this.registry = registry;
    }

    private static <T> T optional(Injector injector, Class<T> type) {
        return injector.getExistingBinding(Key.get(type)) != null ? injector.getInstance(type) : null;
    }

    @Override
    public EventBus events() {
        return events;
    }

    @Override
    public MachineConfig config() {
        return config;
    }

    @Override
    public Profile profile() {
        return p;
    }

    // ------------------------------------------------------------------ argument checks

    private static void checkOrder(String fn, int order) {
        if (order < 0) {
            throw new IllegalArgumentException(fn + ": order must be a non-negative integer, got " + order);
        }
    }

    private long checkPage(String fn, long pfn) {
        if (!map.pfnValid(pfn)) {
            throw new IllegalArgumentException(fn + ": argument 'page' is not a struct page of this machine (pfn "
                + pfn + "; valid pfns are 0 to " + (map.nrPages() - 1) + ")");
        }
        return pfn;
    }

    // ------------------------------------------------------------------ allocation (include/linux/gfp.h, page_alloc.c)

    @Override
    public long alloc_pages(int gfp, int order) {
        checkOrder("alloc_pages", order);
        return buddy.allocPages(gfp, order);
    }

    @Override
    public long alloc_page(int gfp) {
        return alloc_pages(gfp, 0);
    }

    @Override
    public long page_address(long pfn) {
        checkPage("page_address", pfn);
        if (pfn >= p.maxLowPfn) {
            // HASHED_PAGE_VIRTUAL: a highmem page has an address only while kmapped (or until the pkmap flush)
            return mmu != null ? mmu.pageAddress(pfn) : 0;
        }
        return lowmemPageAddress(pfn);
    }

    private long lowmemPageAddress(long pfn) {
        long v = p.pageOffset + (pfn << p.pageShift);
        return p.is64 ? v : v & 0xffffffffL;
    }

    @Override
    public long __get_free_pages(int gfp, int order) {
        checkOrder("__get_free_pages", order);
        if (debug && (gfp & __GFP_HIGHMEM) != 0) {
            // VM_BUG_ON((gfp_mask & __GFP_HIGHMEM) != 0): the pages may not be mapped
            throw Reports.bug(log, SourceLines.PAGE_ALLOC_C, SourceLines.GET_FREE_PAGES_HIGHMEM, "__get_free_pages",
                "scenario_init");
        }
        long page = buddy.allocPages(gfp, order);
        if (page < 0) {
            return 0;
        }
        return page_address(page);
    }

    @Override
    public long __get_free_page(int gfp) {
        return __get_free_pages(gfp, 0);
    }

    @Override
    public long get_zeroed_page(int gfp) {
        return __get_free_pages(gfp | __GFP_ZERO, 0);
    }

    @Override
    public long __get_dma_pages(int gfp, int order) {
        return __get_free_pages(gfp | __GFP_DMA, order);
    }

    /** put_page_testzero(): VM_BUG_ON(_count == 0), then drop a reference; true when it was the last. */
    private boolean putPageTestzero(long pfn, String caller) {
        if (debug && map.count(pfn) == 0) {
            throw Reports.bug(log, SourceLines.MM_H, SourceLines.PUT_PAGE_TESTZERO, "put_page_testzero", caller,
                "scenario_init");
        }
        int c = map.count(pfn) - 1;
        map.setCount(pfn, c);
        return c == 0;
    }

    @Override
    public void __free_pages(long pfn, int order) {
        checkOrder("__free_pages", order);
        checkPage("__free_pages", pfn);
        if (putPageTestzero(pfn, "__free_pages")) {
            buddy.freePages(pfn, order, false);
        }
    }

    @Override
    public void __free_page(long pfn) {
        __free_pages(pfn, 0);
    }

    @Override
    public void free_pages(long addr, int order) {
        checkOrder("free_pages", order);
        if (addr == 0) {
            return;
        }
        if (debug && !virt_addr_valid(addr)) {
            throw Reports.bug(log, SourceLines.PAGE_ALLOC_C, SourceLines.FREE_PAGES_VIRT_ADDR_VALID, "free_pages",
                "scenario_init");
        }
        __free_pages(virtToPageOrOops(addr, "free_pages"), order);
    }

    @Override
    public void free_page(long addr) {
        free_pages(addr, 0);
    }

    /** virt_to_page() of a bad address points outside mem_map; touching that struct page faults. */
    private long virtToPageOrOops(long addr, String fn) {
        long pfn = __pa(addr) >>> p.pageShift;
        if (!map.pfnValid(pfn)) {
            throw mem.fault(Reports.structPageAddress(p, pfn), false, fn);
        }
        return pfn;
    }

    @Override
    public long alloc_pages_exact(long size, int gfp) {
        if (size < 0) {
            throw new IllegalArgumentException("alloc_pages_exact: size must be non-negative, got " + size);
        }
        int order = getOrder(size);
        long addr = __get_free_pages(gfp, order);
        if (addr != 0) {
            long allocEnd = addr + (p.pageSize << order);
            long used = addr + pageAlign(size);
            split_page(virt_to_page(addr), order);
            while (Long.compareUnsigned(used, allocEnd) < 0) {
                free_page(used);
                used += p.pageSize;
            }
        }
        return addr;
    }

    @Override
    public void free_pages_exact(long addr, long size) {
        long end = addr + pageAlign(size);
        while (Long.compareUnsigned(addr, end) < 0) {
            free_page(addr);
            addr += p.pageSize;
        }
    }

    private long pageAlign(long size) {
        return (size + p.pageSize - 1) & -p.pageSize;
    }

    /** get_order(): the smallest order whose block holds size bytes. */
    int getOrder(long size) {
        long pages = (size - 1) >> p.pageShift;
        int order = 0;
        while (pages > 0) {
            order++;
            pages >>= 1;
        }
        return size == 0 ? Math.max(0, 64 - p.pageShift) : order;
    }

    @Override
    public void split_page(long pfn, int order) {
        checkOrder("split_page", order);
        checkPage("split_page", pfn);
        if (debug && (map.test(pfn, PageFlags.PG_head) || map.test(pfn, PageFlags.PG_tail))) {
            throw Reports.bug(log, SourceLines.PAGE_ALLOC_C, SourceLines.SPLIT_PAGE_COMPOUND, "split_page", "scenario_init");
        }
        if (debug && page_count(pfn) == 0) {
            throw Reports.bug(log, SourceLines.PAGE_ALLOC_C, SourceLines.SPLIT_PAGE_COUNT, "split_page", "scenario_init");
        }
        for (long i = 1; i < (1L << order) && pfn + i < map.nrPages(); i++) {
            map.setCount(pfn + i, 1); // set_page_refcounted(page + i)
        }
    }

    // ------------------------------------------------------------------ reference counts (mm.h, swap.c)

    private long compoundHead(long pfn) {
        return PageFlags.headOf(map, pfn);
    }

    @Override
    public void get_page(long pfn) {
        checkPage("get_page", pfn);
        long head = compoundHead(pfn);
        if (debug && map.count(head) <= 0) {
            throw Reports.bug(log, SourceLines.MM_H, SourceLines.GET_PAGE, "get_page", "scenario_init");
        }
        map.setCount(head, map.count(head) + 1);
    }

    @Override
    public void put_page(long pfn) {
        checkPage("put_page", pfn);
        if (map.test(pfn, PageFlags.PG_head) || map.test(pfn, PageFlags.PG_tail)) {
            long head = compoundHead(pfn);
            if (putPageTestzero(head, "put_page")) {
                // free_compound_page(): __free_pages_ok(page, compound_order(page))
                buddy.freePages(head, PageFlags.compoundOrder(map, head), false);
            }
        } else if (putPageTestzero(pfn, "put_page")) {
            buddy.freePages(pfn, 0, false); // __put_single_page → free_hot_cold_page(page, 0)
        }
    }

    @Override
    public int page_count(long pfn) {
        checkPage("page_count", pfn);
        return map.count(compoundHead(pfn));
    }

    @Override
    public int page_mapcount(long pfn) {
        checkPage("page_mapcount", pfn);
        return map.mapcount(pfn) + 1;
    }

    @Override
    public long page_private(long pfn) {
        checkPage("page_private", pfn);
        return map.priv(pfn);
    }

    @Override
    public long pfn_to_page(long pfn) {
        return checkPage("pfn_to_page", pfn);
    }

    @Override
    public long virt_to_page(long addr) {
        return virtToPageOrOops(addr, "virt_to_page");
    }

    @Override
    public boolean virt_addr_valid(long addr) {
        long pa = MemoryAccess.directMapPhys(p, addr);
        return pa >= 0 && map.pfnValid(pa >>> p.pageShift);
    }

    @Override
    public long __pa(long vaddr) {
        if (p.is64) {
            return Long.compareUnsigned(vaddr, p.startKernelMap) >= 0 ? vaddr - p.startKernelMap : vaddr - p.pageOffset;
        }
        return (vaddr - p.pageOffset) & 0xffffffffL;
    }

    @Override
    public long __va(long paddr) {
        long v = paddr + p.pageOffset;
        return p.is64 ? v : v & 0xffffffffL;
    }

    @Override
    public int page_zonenum(long pfn) {
        checkPage("page_zonenum", pfn);
        return map.zoneIdx(pfn);
    }

    @Override
    public Map<String, Object> page_zone(long pfn) {
        Zone z = phys.zones().get(page_zonenum(pfn));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", z.name);
        m.put("index", (long) z.index);
        m.put("zone_start_pfn", z.startPfn);
        m.put("spanned_pages", z.spannedPages);
        m.put("present_pages", z.presentPages);
        m.put("free_pages", z.nrFreePages());
        m.put("min", z.minWmark());
        m.put("low", z.lowWmark());
        m.put("high", z.highWmark());
        return m;
    }

    @Override
    public boolean PageHighMem(long pfn) {
        checkPage("PageHighMem", pfn);
        return phys.zones().get(map.zoneIdx(pfn)).highmem;
    }

    @Override
    public boolean pageFlag(long pfn, int bit) {
        checkPage("Page*", pfn);
        return map.test(pfn, bit);
    }

    @Override
    public long pageFlagsRaw(long pfn) {
        long f = map.flags(checkPage("flags", pfn));
        return p.is64 ? f : f & 0xffffffffL;
    }

    @Override
    public int pageCountField(long pfn) {
        return map.count(checkPage("_count", pfn));
    }

    @Override
    public int pageMapcountField(long pfn) {
        return map.mapcount(checkPage("_mapcount", pfn));
    }

    @Override
    public long pagePrivateField(long pfn) {
        return map.priv(checkPage("private", pfn));
    }

    @Override
    public long pageMappingField(long pfn) {
        return map.mapping(checkPage("mapping", pfn));
    }

    @Override
    public long pageIndexField(long pfn) {
        return map.index(checkPage("index", pfn));
    }

    @Override
    public long pageVirtualField(long pfn) {
        return page_address(pfn);
    }

    @Override
    public List<String> pageFlagNames(long pfn) {
        checkPage("flagNames", pfn);
        List<String> out = new ArrayList<>();
        int f = map.pgFlags(pfn);
        for (int b = 0; b < PageFlags.NR_PAGEFLAGS; b++) {
            if ((f & (1 << b)) != 0) {
                out.add(PageFlags.NAMES[b]);
            }
        }
        return out;
    }

    @Override
    public String dump_page(long pfn) {
        return Reports.dumpPage(map, checkPage("dump_page", pfn));
    }

    @Override
    public void drain_all_pages() {
        buddy.drainAllPages();
    }

    // ------------------------------------------------------------------ log

    @Override
    public String dmesg() {
        return log.dmesg();
    }

    @Override
    public String tainted() {
        return log.taintLetters();
    }

    // ------------------------------------------------------------------ memory

    private static void checkSize(String fn, long n) {
        if (n < 0) {
            throw new IllegalArgumentException(fn + ": size must be non-negative, got " + n);
        }
    }

    @Override
    public long read(long addr, int size) {
        return mem.read(addr, size, size == 1 ? "readb" : size == 2 ? "readw" : size == 4 ? "readl" : "readq");
    }

    @Override
    public void write(long addr, int size, long value) {
        mem.write(addr, size, value, size == 1 ? "writeb" : size == 2 ? "writew" : size == 4 ? "writel" : "writeq");
    }

    @Override
    public void memset(long addr, int c, long n) {
        checkSize("memset", n);
        mem.forEachChunk(addr, n, true, "memset", (pa, off, len) -> { });   // fault before writing anything
        mem.forEachChunk(addr, n, true, "memset", (pa, off, len) -> phys.fill(pa, c & 0xff, len));
    }

    @Override
    public void memcpy(long dst, long src, long n) {
        checkSize("memcpy", n);
        byte[] buf = new byte[(int) Math.min(n, Integer.MAX_VALUE - 8)];
        if (n > buf.length) {
            throw new IllegalArgumentException("memcpy: size " + n + " is too large");
        }
        mem.forEachChunk(src, n, false, "memcpy", (pa, off, len) -> {
            for (long i = 0; i < len; i++) {
                buf[(int) (off + i)] = (byte) phys.readByte(pa + i);
            }
        });
        mem.forEachChunk(dst, n, true, "memcpy", (pa, off, len) -> { });
        mem.forEachChunk(dst, n, true, "memcpy", (pa, off, len) -> {
            for (long i = 0; i < len; i++) {
                phys.writeByte(pa + i, buf[(int) (off + i)]);
            }
        });
    }

    @Override
    public long memchr_inv(long addr, int c, long n) {
        checkSize("memchr_inv", n);
        long[] found = {0};
        int want = c & 0xff;
        mem.forEachChunk(addr, n, false, "memchr_inv", (pa, off, len) -> {
            if (found[0] != 0) {
                return;
            }
            for (long i = 0; i < len; i++) {
                if (phys.readByte(pa + i) != want) {
                    found[0] = addr + off + i;
                    return;
                }
            }
        });
        return found[0];
    }

    // ------------------------------------------------------------------ later slots

    private SlabAllocator slab(String fn) {
        if (slab == null) {
            throw new IllegalStateException(fn + " is not available yet: no module fills the 'slab' slot in this build"
                + " (SLUB/SLAB/SLOB arrive with the slab allocators)");
        }
        return slab;
    }

    private VmallocAllocator vmalloc(String fn) {
        if (vmalloc == null) {
            throw new IllegalStateException(fn + " needs the 'vmalloc' slot, which is empty on this machine"
                + (p.pageSize != 4096 ? " (x86 page tables, and so vmalloc, need 4K pages)" : ""));
        }
        return vmalloc;
    }

    private Mmu mmu(String fn) {
        if (mmu == null) {
            throw new IllegalStateException(fn + " needs the 'mmu' slot, which is empty on this machine"
                + (p.pageSize != 4096 ? " (x86 page tables need 4K pages)" : ""));
        }
        return mmu;
    }

    @Override
    public long kmalloc(long size, int gfp) {
        return slab("kmalloc").kmalloc(size, gfp);
    }

    @Override
    public void kfree(long addr) {
        slab("kfree").kfree(addr);
    }

    @Override
    public long kcalloc(long n, long size, int gfp) {
        if (n < 0 || size < 0) {
            throw new IllegalArgumentException("kcalloc: n and size must be non-negative, got " + n + " and " + size);
        }
        long max = p.is64 ? -1L : 0xffffffffL; // ULONG_MAX
        if (size != 0 && Long.compareUnsigned(n, Long.divideUnsigned(max, size)) > 0) {
            return 0;
        }
        return slab("kcalloc").kmalloc(n * size, gfp | Gfp.__GFP_ZERO);
    }

    @Override
    public long krealloc(long addr, long size, int gfp) {
        SlabAllocator s = slab("krealloc");
        if (size == 0) {
            s.kfree(addr);
            return SlabAllocator.ZERO_SIZE_PTR;
        }
        boolean none = Long.compareUnsigned(addr, SlabAllocator.ZERO_SIZE_PTR) <= 0;
        long ks = none ? 0 : s.ksize(addr);
        if (ks >= size) {
            return addr;
        }
        long ret = s.kmalloc(size, gfp);
        if (ret != 0 && !none) {
            memcpy(ret, addr, ks);
            s.kfree(addr);
        }
        return ret;
    }

    @Override
    public long ksize(long addr) {
        return slab("ksize").ksize(addr);
    }

    @Override
    public SlabAllocator.KmemCache kmem_cache_create(String name, long size, long align, long flags,
                                                     java.util.function.LongConsumer ctor) {
        if (size < 0 || align < 0) {
            throw new IllegalArgumentException("kmem_cache_create: size and align must be non-negative");
        }
        return slab("kmem_cache_create").kmemCacheCreate(name, size, align, flags, ctor);
    }

    @Override
    public long kmem_cache_alloc(SlabAllocator.KmemCache cache, int gfp) {
        return slab("kmem_cache_alloc").kmemCacheAlloc(cache, gfp);
    }

    @Override
    public void kmem_cache_free(SlabAllocator.KmemCache cache, long obj) {
        slab("kmem_cache_free").kmemCacheFree(cache, obj);
    }

    @Override
    public void kmem_cache_destroy(SlabAllocator.KmemCache cache) {
        slab("kmem_cache_destroy").kmemCacheDestroy(cache);
    }

    @Override
    public int kmem_cache_shrink(SlabAllocator.KmemCache cache) {
        return slab("kmem_cache_shrink").kmemCacheShrink(cache);
    }

    private static final String CALLER = org.kmemlab.api.KernelSymbols.describe("scenario_init");

    /** __vmalloc_node() for the named wrapper: size checked, PAGE_KERNEL when prot is 0, the scenario as caller. */
    private long vmallocNode(String fn, long size, long align, int gfp, long prot, int vmFlags) {
        checkSize(fn, size);
        VmallocAllocator v = vmalloc(fn);
        return v.vmallocNode(size, align, gfp, prot == 0 ? mmu.pageKernel() : prot, vmFlags, CALLER);
    }

    @Override
    public long vmalloc(long size) {
        return vmallocNode("vmalloc", size, 1, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM, 0, 0);
    }

    @Override
    public long __vmalloc(long size, int gfp, long prot) {
        return vmallocNode("__vmalloc", size, 1, gfp, prot, 0);
    }

    @Override
    public long vzalloc(long size) {
        return vmallocNode("vzalloc", size, 1, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM | Gfp.__GFP_ZERO, 0, 0);
    }

    @Override
    public long vmalloc_user(long size) {
        // SHMLBA alignment (PAGE_SIZE on x86), zeroed, VM_USERMAP so it may be remapped to user space
        return vmallocNode("vmalloc_user", size, p.pageSize, Gfp.GFP_KERNEL | Gfp.__GFP_HIGHMEM | Gfp.__GFP_ZERO, 0,
            VmallocAllocator.VM_USERMAP);
    }

    @Override
    public long vmalloc_32(long size) {
        int gfp = p.is64 ? Gfp.GFP_DMA32 | Gfp.GFP_KERNEL : Gfp.GFP_KERNEL; // GFP_VMALLOC32
        return vmallocNode("vmalloc_32", size, 1, gfp, 0, 0);
    }

    @Override
    public void vfree(long addr) {
        vmalloc("vfree").vfree(addr);
    }

    @Override
    public long vmap(long[] pages, int flags, long prot) {
        for (long pfn : pages) {
            checkPage("vmap", pfn);
        }
        VmallocAllocator v = vmalloc("vmap");
        return v.vmap(pages, flags, prot == 0 ? mmu.pageKernel() : prot, CALLER);
    }

    @Override
    public void vunmap(long addr) {
        vmalloc("vunmap").vunmap(addr);
    }

    @Override
    public long vmalloc_to_pfn(long addr) {
        long pfn = vmalloc("vmalloc_to_pfn").vmallocToPfn(addr);
        return pfn < 0 ? 0 : pfn;
    }

    @Override
    public long vmalloc_to_page(long addr) {
        long pfn = vmalloc("vmalloc_to_page").vmallocToPfn(addr);
        return pfn < 0 || !map.pfnValid(pfn) ? NULL_PAGE : pfn;
    }

    @Override
    public void purge_vmap_area_lazy() {
        vmalloc("purge_vmap_area_lazy").purgeLazy();
    }

    // ---- MMU and highmem

    @Override
    public long translate(long vaddr) {
        return mmu("translate").translate(vaddr);
    }

    @Override
    public List<Mmu.WalkStep> walk(long vaddr) {
        return mmu("walk").walk(vaddr);
    }

    @Override
    public long read_cr3() {
        return mmu("read_cr3").cr3();
    }

    @Override
    public long kmap(long pfn) {
        checkPage("kmap", pfn);
        if (mmu == null) {
            return page_address(pfn);
        }
        return mmu.kmap(pfn);
    }

    @Override
    public void kunmap(long pfn) {
        checkPage("kunmap", pfn);
        if (mmu != null) {
            mmu.kunmap(pfn);
        }
    }

    @Override
    public long kmap_atomic(long pfn, int type) {
        checkPage("kmap_atomic", pfn);
        return mmu == null ? page_address(pfn) : mmu.kmapAtomic(pfn, type);
    }

    @Override
    public void kunmap_atomic(long addr, int type) {
        if (mmu != null) {
            mmu.kunmapAtomic(addr, type);
        }
    }

    @Override
    public int pkmap_count(long pfn) {
        checkPage("pkmap_count", pfn);
        return mmu == null ? -1 : mmu.pkmapCount(pfn);
    }

    @Override
    public Mmu mmu() {
        return mmu;
    }

    /** The vmalloc slot, for tests and views (null when empty). */
    VmallocAllocator vmallocSlot() {
        return vmalloc;
    }

    // ------------------------------------------------------------------ views

    @Override
    public String proc(String name) {
        return proc.text(name);
    }

    @Override
    public Object view(String name) {
        return proc.view(name);
    }

    @Override
    public Map<String, String> modules() {
        return inUse;
    }

    @Override
    public List<String> available_modules() {
        return registry.available();
    }

    @Override
    public Map<String, Long> constants() {
        Map<String, Long> c = new LinkedHashMap<>();
        Gfp.constants().forEach((k, v) -> c.put(k, (long) v));
        c.put("PAGE_SIZE", p.pageSize);
        c.put("PAGE_SHIFT", (long) p.pageShift);
        c.put("PAGE_MASK", -p.pageSize);
        c.put("MAX_ORDER", (long) Profile.MAX_ORDER);
        c.put("MAX_ORDER_NR_PAGES", 1L << (Profile.MAX_ORDER - 1));
        c.put("PAGE_ALLOC_COSTLY_ORDER", 3L);
        c.put("pageblock_order", (long) p.pageblockOrder);
        c.put("pageblock_nr_pages", 1L << p.pageblockOrder);
        c.put("PAGE_OFFSET", p.pageOffset);
        c.put("VMALLOC_START", p.vmallocStart);
        c.put("VMALLOC_END", p.vmallocEnd);
        c.put("ZERO_SIZE_PTR", 16L);
        c.put("VM_IOREMAP", (long) VmallocAllocator.VM_IOREMAP);
        c.put("VM_ALLOC", (long) VmallocAllocator.VM_ALLOC);
        c.put("VM_MAP", (long) VmallocAllocator.VM_MAP);
        c.put("VM_USERMAP", (long) VmallocAllocator.VM_USERMAP);
        c.put("VM_VPAGES", (long) VmallocAllocator.VM_VPAGES);
        if (mmu != null) {
            c.putAll(mmu.constants()); // PAGE_KERNEL, _PAGE_*, KM_*, and PKMAP_BASE ... on highmem machines
        }
        int kmallocShiftHigh = Math.min(Profile.MAX_ORDER + p.pageShift - 1, 25);
        c.put("KMALLOC_SHIFT_HIGH", (long) kmallocShiftHigh);
        c.put("KMALLOC_MAX_SIZE", 1L << kmallocShiftHigh);
        c.put("KMALLOC_MAX_ORDER", (long) (kmallocShiftHigh - p.pageShift));
        c.put("SLAB_DEBUG_FREE", 0x100L);
        c.put("SLAB_RED_ZONE", 0x400L);
        c.put("SLAB_POISON", 0x800L);
        c.put("SLAB_HWCACHE_ALIGN", 0x2000L);
        c.put("SLAB_CACHE_DMA", 0x4000L);
        c.put("SLAB_STORE_USER", 0x10000L);
        c.put("SLAB_RECLAIM_ACCOUNT", 0x20000L);
        c.put("SLAB_PANIC", 0x40000L);
        c.put("SLAB_DESTROY_BY_RCU", 0x80000L);
        c.put("SLAB_MEM_SPREAD", 0x100000L);
        c.put("SLAB_TRACE", 0x200000L);
        for (int i = 0; i < MigrateType.NAMES.length; i++) {
            c.put("MIGRATE_" + MigrateType.NAMES[i].toUpperCase(), (long) i);
        }
        c.put("MIGRATE_TYPES", (long) MigrateType.MIGRATE_TYPES);
        for (int b = 0; b < PageFlags.NR_PAGEFLAGS; b++) {
            c.put("PG_" + PageFlags.NAMES[b], (long) b);
        }
        c.put("NR_PAGEFLAGS", (long) PageFlags.NR_PAGEFLAGS);
        List<Zone> zones = phys.zones();
        for (Zone z : zones) {
            c.put("ZONE_" + z.name.toUpperCase(), (long) z.index);
        }
        c.put("MAX_NR_ZONES", (long) zones.size());
        return c;
    }

    @Override
    public PhysMem physmem() {
        return phys;
    }

    @Override
    public PageAllocator pageAllocator() {
        return buddy;
    }

    @Override
    public SlabAllocator slabAllocator() {
        return slab;
    }

    @Override
    public VmallocAllocator vmallocAllocator() {
        return vmalloc;
    }
}
