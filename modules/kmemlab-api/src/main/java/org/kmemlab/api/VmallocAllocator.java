package org.kmemlab.api;

/** The {@code vmalloc} slot (mm/vmalloc.c): virtually contiguous memory in [VMALLOC_START, VMALLOC_END). */
public interface VmallocAllocator {
    /** {@code __vmalloc()}: address or 0. */
    long vmalloc(long size, int gfp);

    /** {@code vfree()}: 0 is a no-op. */
    void vfree(long addr);

    /** {@code /proc/vmallocinfo} text. */
    String vmallocinfo();
}
