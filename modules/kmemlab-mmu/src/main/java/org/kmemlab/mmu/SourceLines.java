package org.kmemlab.mmu;

/**
 * Lines of the WARN/BUG checks this module reproduces, for {@code WARNING: at FILE:LINE} and
 * {@code kernel BUG at FILE:LINE!}. The vmalloc.c line is the same in 2.6.32.y, 2.6.34 and 2.6.35 (counted in
 * 2.6.32.y; the only change above it until 2.6.37 is one line added in 2.6.36). The mm/highmem.c lines are counted
 * in a pristine 2.6.32 file, whose body equals 2.6.34's (the hunk headers of a patch against 2.6.36-rc1 show the same
 * body one line lower, after kdb's include); the highmem_32.c lines in 2.6.32.69, confirmed by the same patch's hunk
 * headers.
 */
final class SourceLines {
    private SourceLines() {
    }

    /** mm/vmalloc.c vmap_pte_range: WARN_ON(!pte_none(*pte)). */
    static final int VMAP_PTE_RANGE_WARN = 107;
    /** mm/highmem.c kmap_high: BUG_ON(pkmap_count[PKMAP_NR(vaddr)] < 2). */
    static final int KMAP_HIGH_BUG = 210;
    /** mm/highmem.c kunmap_high: BUG_ON(!vaddr). */
    static final int KUNMAP_HIGH_NOADDR = 259;
    /** mm/highmem.c kunmap_high: case 0: BUG(). */
    static final int KUNMAP_HIGH_ZERO = 269;
    /** arch/x86/mm/highmem_32.c kmap_atomic_prot: BUG_ON(!pte_none(*(kmap_pte-idx))). */
    static final int KMAP_ATOMIC_BUSY = 45;
    /** arch/x86/mm/highmem_32.c kunmap_atomic (CONFIG_DEBUG_HIGHMEM): BUG_ON(vaddr < PAGE_OFFSET). */
    static final int KUNMAP_ATOMIC_LOW = 71;
    /** arch/x86/mm/highmem_32.c kunmap_atomic (CONFIG_DEBUG_HIGHMEM): BUG_ON(vaddr >= (unsigned long)high_memory). */
    static final int KUNMAP_ATOMIC_HIGH = 72;
}
