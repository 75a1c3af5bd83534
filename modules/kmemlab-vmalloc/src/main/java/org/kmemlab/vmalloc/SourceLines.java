package org.kmemlab.vmalloc;

/**
 * Lines of the WARNs in mm/vmalloc.c that this module reproduces. Counted in a 2.6.35.6 mm/vmalloc.c (no 2.6.34
 * copy was at hand); 2.6.34 may differ by a few lines.
 */
final class SourceLines {
    private SourceLines() {
    }

    /** __vunmap: WARN(!PAGE_ALIGNED(addr), "Trying to vfree() bad address (%p)\n", addr). */
    static final int VUNMAP_BAD_ADDRESS = 1361;
    /** __vunmap: WARN(1, KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n", addr). */
    static final int VUNMAP_NONEXISTENT = 1367;
}
