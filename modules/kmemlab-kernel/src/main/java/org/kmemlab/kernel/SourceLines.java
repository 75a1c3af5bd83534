package org.kmemlab.kernel;

/**
 * Where in the 2.6.34 sources the BUG_ON/VM_BUG_ON/WARN_ON checks sit that kmemlab reproduces, for
 * {@code kernel BUG at FILE:LINE!}.
 *
 * <p>Verified by counting lines in the 2.6.34.14 files of {@code nmacs/linux-2.6.34.14-atlas} (include/linux/mm.h,
 * mm/internal.h, mm/page_alloc.c); that tree adds three lines to __alloc_pages_slowpath (at 1874), so
 * the page_alloc.c numbers after that point are given as in an unmodified 2.6.34.14 (three less).
 * Still estimates: the include/linux/gfp.h lines in the buddy module (taken from a 2.6.35 gfp.h), the
 * mm/vmalloc.c lines (2.6.35.6), mm/highmem.c and arch/x86/mm/highmem_32.c, and the slab allocators'.
 */
final class SourceLines {
    private SourceLines() {
    }

    static final String MM_H = "include/linux/mm.h";
    static final String PAGE_ALLOC_C = "mm/page_alloc.c";
    static final String INTERNAL_H = "mm/internal.h";

    static final int PUT_PAGE_TESTZERO = 260;
    static final int GET_PAGE = 319;
    static final int SET_PAGE_REFCOUNTED = 31;
    static final int GET_FREE_PAGES_HIGHMEM = 2017;
    static final int FREE_PAGES_VIRT_ADDR_VALID = 2057;
    static final int SPLIT_PAGE_COMPOUND = 1175;
    static final int SPLIT_PAGE_COUNT = 1176;
}
