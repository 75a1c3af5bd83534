package org.kmemlab.mmu;

/**
 * Lines of the WARN/BUG checks this module reproduces, for {@code WARNING: at FILE:LINE} and
 * {@code kernel BUG at FILE:LINE!}. The vmalloc.c line is counted in a 2.6.35.6 tree;
 * the highmem lines are NOT YET VERIFIED (estimates; the files and functions are right).
 */
final class SourceLines {
    private SourceLines() {
    }

    /** mm/vmalloc.c vmap_pte_range: WARN_ON(!pte_none(*pte)). */
    static final int VMAP_PTE_RANGE_WARN = 107;
    /** mm/highmem.c kmap_high: BUG_ON(pkmap_count[PKMAP_NR(vaddr)] < 2). */
    static final int KMAP_HIGH_BUG = 183;
    /** mm/highmem.c kunmap_high: BUG_ON(!vaddr). */
    static final int KUNMAP_HIGH_NOADDR = 207;
    /** mm/highmem.c kunmap_high: case 0: BUG(). */
    static final int KUNMAP_HIGH_ZERO = 217;
    /** arch/x86/mm/highmem_32.c kmap_atomic_prot: BUG_ON(!pte_none(*(kmap_pte-idx))). */
    static final int KMAP_ATOMIC_BUSY = 44;
    /** arch/x86/mm/highmem_32.c kunmap_atomic (CONFIG_DEBUG_HIGHMEM): BUG_ON(vaddr < PAGE_OFFSET). */
    static final int KUNMAP_ATOMIC_LOW = 75;
    /** arch/x86/mm/highmem_32.c kunmap_atomic (CONFIG_DEBUG_HIGHMEM): BUG_ON(vaddr >= (unsigned long)high_memory). */
    static final int KUNMAP_ATOMIC_HIGH = 76;
}
