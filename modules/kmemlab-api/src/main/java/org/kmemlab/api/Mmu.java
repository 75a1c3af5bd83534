package org.kmemlab.api;

import java.util.List;

/**
 * The {@code mmu} slot (arch/x86/mm, mm/highmem.c): kernel page tables kept in simulated physical pages,
 * the direct map built from them at boot, address translation, and the highmem mappings (kmap).
 *
 * <p>Every page-table change goes through this interface, so an implementation may cache translations
 * (a TLB) and must drop them on change, as the kernel's flush_tlb_kernel_range does.
 */
public interface Mmu {
    /** PTE bits the kernel uses for its own mappings (arch/x86/include/asm/pgtable_types.h). */
    long _PAGE_PRESENT = 0x001;
    long _PAGE_RW = 0x002;
    long _PAGE_USER = 0x004;
    long _PAGE_ACCESSED = 0x020;
    long _PAGE_DIRTY = 0x040;
    long _PAGE_PSE = 0x080;
    long _PAGE_GLOBAL = 0x100;
    long _PAGE_NX = 1L << 63;

    /** The name of the paging mode: {@code x86_64}, {@code i386}, {@code i386-pae}. */
    String mode();

    /**
     * paging_init(): build swapper_pg_dir and the direct map (kernel_physical_mapping_init) in page-table
     * pages reserved early from {@link PhysMem#reserveEarly}, plus the pkmap and fixmap tables on
     * highmem machines. Called once, before free_all_bootmem.
     */
    void pagingInit();

    /** CR3: the physical address of swapper_pg_dir (init_level4_pgt on x86_64), where every walk starts. */
    long cr3();

    /** The physical address {@code vaddr} maps to, or −1 when a walk of the page tables does not reach a page. */
    long translate(long vaddr);

    /** The levels a hardware walk visits, top first (folded levels left out); stops at PSE or non-present. */
    List<WalkStep> walk(long vaddr);

    /** One visited level: {@code pgd}, {@code pud}, {@code pmd} or {@code pte}; {@code entry} is the raw entry. */
    record WalkStep(String name, int index, long entry, List<String> flags) {
    }

    /**
     * kernel_map_pages() of CONFIG_DEBUG_PAGEALLOC: set or clear _PAGE_PRESENT on the direct-map PTEs of
     * {@code n} frames from {@code pfn} (lowmem only), then flush their TLB entries.
     */
    void kernelMapPages(long pfn, long n, boolean enable);

    // ---- kernel virtual mappings (vmalloc, vmap) ----

    /**
     * vmap_page_range(): map consecutive pages at {@code vaddr} with {@code prot}, allocating missing
     * page-table pages from the buddy slot (__get_free_page(PGALLOC_GFP)). Returns the number of pages
     * mapped; fewer than {@code pfns.length} when a page-table allocation failed (-ENOMEM) or a pte was
     * already set (the kernel WARNs and returns -EBUSY; the WARN is printed here).
     */
    int mapPages(long vaddr, long[] pfns, long prot);

    /** vunmap_page_range() + flush_tlb_kernel_range(): clear the PTEs of [start, end); page tables stay. */
    void unmapRange(long start, long end);

    /** The frame a kernel virtual address's PTE points to (vmalloc_to_page), or −1 when none is present. */
    long pteFrame(long vaddr);

    /** PAGE_KERNEL for this paging mode (__PAGE_KERNEL masked by __supported_pte_mask). */
    long pageKernel();

    /**
     * The constants scenarios see from this mmu: PAGE_KERNEL, the _PAGE_* bits it supports, enum km_type
     * (KM_*), and on highmem machines PKMAP_BASE, LAST_PKMAP, FIXADDR_TOP.
     */
    java.util.Map<String, Long> constants();

    /** Page-table pages the kernel holds: {level name → count} (the boot ones and those allocated since). */
    java.util.Map<String, Long> pageTablePages();

    /**
     * The frames of every page-table page the kernel holds (the boot ones and those allocated since), ascending,
     * for views such as the physical memory map. A fresh array the caller may keep.
     */
    default long[] pageTablePfns() {
        return new long[0];
    }

    /** /proc/meminfo's DirectMap lines, in order: {"DirectMap4k" → kB, "DirectMap2M" or "DirectMap4M" → kB}. */
    java.util.Map<String, Long> directMapKb();

    // ---- highmem (mm/highmem.c, arch/x86/mm/highmem_32.c); on machines without highmem these are page_address ----

    /** page_address(): the kernel virtual address of a frame, 0 for a highmem page that is not kmapped. */
    long pageAddress(long pfn);

    /** kmap(): a permanent mapping (pkmap ring) for a highmem page, page_address for lowmem. */
    long kmap(long pfn);

    /** kunmap(). */
    void kunmap(long pfn);

    /** kmap_atomic(page, type): the per-CPU fixmap slot {@code type} for a highmem page. */
    long kmapAtomic(long pfn, int type);

    /** kunmap_atomic(addr, type). */
    void kunmapAtomic(long vaddr, int type);

    /** pkmap_count[] of the slot a page is kmapped in, or −1 when it has none (the highmem state, for views). */
    int pkmapCount(long pfn);

    /** clear_highpage(): kmap_atomic(KM_USER0), clear_page() through that mapping, kunmap_atomic(). */
    void clearHighpage(long pfn);
}
