package org.kmemlab.vmalloc;

/**
 * Lines of the WARNs in mm/vmalloc.c that this module reproduces. Counted in a 2.6.35.6 mm/vmalloc.c (no 2.6.34
 * copy was at hand): NOT VERIFIED for 2.6.34, which may differ by a few lines this far down the file. (The
 * vmap_pte_range WARN near the top, in the mmu module, is verified: line 107 in 2.6.32.y, 2.6.34 and 2.6.35.)
 */
final class SourceLines {
    private SourceLines() {
    }

    /** __vunmap: if ((PAGE_SIZE-1) & (unsigned long)addr) WARN(1, KERN_ERR "Trying to vfree() bad address (%p)\n", addr). */
    static final int VUNMAP_BAD_ADDRESS = 1361;
    /** __vunmap: WARN(1, KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n", addr). */
    static final int VUNMAP_NONEXISTENT = 1367;
}
