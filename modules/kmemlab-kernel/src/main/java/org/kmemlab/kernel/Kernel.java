package org.kmemlab.kernel;

import java.util.List;
import java.util.Map;

import org.kmemlab.api.MachineConfig;
import org.kmemlab.api.Profile;

/**
 * The C-named kernel API of one booted machine, as the scripting layer and the CLI call it.
 *
 * <p>Conventions: a {@code struct page *} is its pfn ({@code long}); NULL page is {@code -1}.
 * An address is a {@code long} holding the 64-bit (or 32-bit) unsigned value; NULL is {@code 0}.
 * Bad arguments throw {@link IllegalArgumentException} whose message names the argument and what
 * is allowed; kernel misuse throws {@link org.kmemlab.api.KernelBug} with the kernel's report.
 */
public interface Kernel {
    long NULL_PAGE = -1;

    MachineConfig config();

    Profile profile();

    // ---- the seed chapter: pages ----

    /** alloc_pages(gfp, order): head pfn or NULL_PAGE. */
    long alloc_pages(int gfp, int order);

    long alloc_page(int gfp);

    /** page_address(): kernel virtual address, 0 for an unmapped highmem page. */
    long page_address(long pfn);

    /** __get_free_pages(): address or 0. */
    long __get_free_pages(int gfp, int order);

    long __get_free_page(int gfp);

    long get_zeroed_page(int gfp);

    long __get_dma_pages(int gfp, int order);

    void __free_pages(long pfn, int order);

    void __free_page(long pfn);

    /** free_pages(addr, order): 0 is a no-op. */
    void free_pages(long addr, int order);

    void free_page(long addr);

    long alloc_pages_exact(long size, int gfp);

    void free_pages_exact(long addr, long size);

    void split_page(long pfn, int order);

    // ---- page helpers ----

    void get_page(long pfn);

    void put_page(long pfn);

    /** page_count(): the compound head's _count. */
    int page_count(long pfn);

    /** page_mapcount() = _mapcount + 1. */
    int page_mapcount(long pfn);

    long page_private(long pfn);

    /** Validates a pfn (pfn_valid) and returns it; IllegalArgumentException when invalid. */
    long pfn_to_page(long pfn);

    /** virt_to_page(): pfn of the frame holding a direct-map address. */
    long virt_to_page(long addr);

    boolean virt_addr_valid(long addr);

    long __pa(long vaddr);

    long __va(long paddr);

    int page_zonenum(long pfn);

    /** The zone a page lies in: name, index, start_pfn, spanned, present, watermarks. */
    Map<String, Object> page_zone(long pfn);

    boolean PageHighMem(long pfn);

    /** Test one PG_* bit (PageLocked ... PageHWPoison). */
    boolean pageFlag(long pfn, int bit);

    /** Raw struct page fields for the page object. */
    long pageFlagsRaw(long pfn);

    int pageCountField(long pfn);

    int pageMapcountField(long pfn);

    long pagePrivateField(long pfn);

    long pageMappingField(long pfn);

    long pageIndexField(long pfn);

    /** page->virtual as WANT_PAGE_VIRTUAL would hold it: the mapped address or 0. */
    long pageVirtualField(long pfn);

    List<String> pageFlagNames(long pfn);

    /** dump_page(): the kernel's page: line and page flags: line. */
    String dump_page(long pfn);

    void drain_all_pages();

    // ---- log ----

    String dmesg();

    String tainted();

    // ---- memory contents, by kernel virtual address ----

    /** readb/readw/readl/readq: size 1, 2, 4, 8. */
    long read(long addr, int size);

    void write(long addr, int size, long value);

    void memset(long addr, int c, long n);

    void memcpy(long dst, long src, long n);

    /** memchr_inv(): address of the first byte != c, or 0 when all match. */
    long memchr_inv(long addr, int c, long n);

    // ---- later slots ----

    /** kmalloc(): address, ZERO_SIZE_PTR (16) for size 0, or 0. */
    long kmalloc(long size, int gfp);

    /** kcalloc(): 0 when n * size overflows. */
    long kcalloc(long n, long size, int gfp);

    /** krealloc() (mm/util.c): the same object while it is big enough, else a new one with the contents copied. */
    long krealloc(long addr, long size, int gfp);

    void kfree(long addr);

    long ksize(long addr);

    org.kmemlab.api.SlabAllocator.KmemCache kmem_cache_create(String name, long size, long align, long flags,
                                                               java.util.function.LongConsumer ctor);

    long kmem_cache_alloc(org.kmemlab.api.SlabAllocator.KmemCache cache, int gfp);

    void kmem_cache_free(org.kmemlab.api.SlabAllocator.KmemCache cache, long obj);

    void kmem_cache_destroy(org.kmemlab.api.SlabAllocator.KmemCache cache);

    int kmem_cache_shrink(org.kmemlab.api.SlabAllocator.KmemCache cache);

    long vmalloc(long size);

    /** __vmalloc(size, gfp_mask, prot): prot 0 means PAGE_KERNEL. */
    long __vmalloc(long size, int gfp, long prot);

    /** vzalloc() (from 2.6.37; kmemlab offers it on 2.6.34 because the scenario API names it). */
    long vzalloc(long size);

    long vmalloc_user(long size);

    long vmalloc_32(long size);

    void vfree(long addr);

    /** vmap(pages, count, flags, prot): prot 0 means PAGE_KERNEL. */
    long vmap(long[] pages, int flags, long prot);

    void vunmap(long addr);

    /** vmalloc_to_pfn(): 0 when nothing is mapped. */
    long vmalloc_to_pfn(long addr);

    /** vmalloc_to_page(): NULL_PAGE when nothing is mapped. */
    long vmalloc_to_page(long addr);

    /** purge_vmap_area_lazy(): release lazily freed vmap areas now (kmemlab extension for teaching). */
    void purge_vmap_area_lazy();

    // ---- MMU and highmem

    /** The physical address vaddr maps to, or −1. */
    long translate(long vaddr);

    List<org.kmemlab.api.Mmu.WalkStep> walk(long vaddr);

    /** read_cr3(): the physical address of the kernel's top-level page table. */
    long read_cr3();

    long kmap(long pfn);

    void kunmap(long pfn);

    long kmap_atomic(long pfn, int type);

    void kunmap_atomic(long addr, int type);

    /** pkmap_count[] of the slot a highmem page is kmapped in, −1 when none. */
    int pkmap_count(long pfn);

    /** The mmu slot, or null. */
    org.kmemlab.api.Mmu mmu();

    // ---- views ----

    /** /proc/NAME text: buddyinfo, pagetypeinfo, zoneinfo, meminfo, vmstat (slabinfo, vmallocinfo later). */
    String proc(String name);

    /** The structured twin of a view: buddyinfo, meminfo, zoneinfo, vmstat (Maps, Lists, Longs, Strings). */
    Object view(String name);

    /** Slot id → module name in use. */
    Map<String, String> modules();

    /** Every available "SLOT=NAME". */
    List<String> available_modules();

    /** The machine's event stream (kmem tracepoints). */
    org.kmemlab.api.EventBus events();

    /** The physmem slot, for views, tests and benchmarks. */
    org.kmemlab.api.PhysMem physmem();

    /** The buddy slot, for benchmarks and the conformance kit. */
    org.kmemlab.api.PageAllocator pageAllocator();

    /** The slab slot, or null (for views: the physical memory map names a slab page's cache). */
    default org.kmemlab.api.SlabAllocator slabAllocator() {
        return null;
    }

    /** The vmalloc slot, or null (for views: the physical memory map marks the frames behind vmalloc areas). */
    default org.kmemlab.api.VmallocAllocator vmallocAllocator() {
        return null;
    }

    /** Every constant scenarios see: GFP_*, __GFP_*, PAGE_SIZE, PAGE_SHIFT, MAX_ORDER, PAGE_OFFSET, ... */
    Map<String, Long> constants();
}
