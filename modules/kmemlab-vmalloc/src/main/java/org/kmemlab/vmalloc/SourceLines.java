package org.kmemlab.vmalloc;

/**
 * Lines of the WARNs in mm/vmalloc.c that this module reproduces. Counted in a 2.6.35.6 mm/vmalloc.c, and the same in
 * Elixir's v2.6.35-rc6 index (__vunmap's {@code area = remove_vm_area(addr);} at 1365, the WARNs 4 above and 2 below).
 * For 2.6.34 they are derived, not counted (no 2.6.34 copy was at hand): no change above __vunmap between 2.6.34 and
 * 2.6.35 was found; the one candidate, "vmalloc: remove BUG_ON due to racy counting of VM_LAZY_FREE" (88f50044), was
 * merged in January 2010 (it is in the 2.6.32.6 stable queue as an upstream commit), so 2.6.33 onwards all have it;
 * the 2.6.34.1-2.6.34.6 stable queues carry no vmalloc.c patch. Elixir's v2.6.32.15 has that call at 1364, so one
 * line came in somewhere between 2.6.32.15 and 2.6.35-rc6; were it in the 2.6.35 window, 2.6.34 would say 1360/1366.
 * NOT verified against a 2.6.34 file. (The vmap_pte_range WARN near the top, in the mmu
 * module, is verified: line 107 in 2.6.32.y, 2.6.34 and 2.6.35.)
 */
final class SourceLines {
    private SourceLines() {
    }

    /** __vunmap: if ((PAGE_SIZE-1) & (unsigned long)addr) WARN(1, KERN_ERR "Trying to vfree() bad address (%p)\n", addr). */
    static final int VUNMAP_BAD_ADDRESS = 1361;
    /** __vunmap: WARN(1, KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n", addr). */
    static final int VUNMAP_NONEXISTENT = 1367;
}
