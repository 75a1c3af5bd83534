package org.kmemlab.api;

/**
 * The {@code slab} slot (mm/slub.c, mm/slab.c, mm/slob.c): byte-sized, physically contiguous memory.
 * Implementations get pages only through {@link PageAllocator}. Addresses are kernel virtual addresses.
 */
public interface SlabAllocator {
    /** {@code __kmalloc()}: address, {@code ZERO_SIZE_PTR} (16) for size 0, or 0 on failure. */
    long kmalloc(long size, int gfp);

    /** {@code kfree()}: NULL and ZERO_SIZE_PTR are no-ops. */
    void kfree(long addr);

    /** {@code ksize()}. */
    long ksize(long addr);

    /** {@code /proc/slabinfo} text, or null when the allocator has none (SLOB). */
    String slabinfo();
}
