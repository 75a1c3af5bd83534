package org.kmemlab.kernel;

/**
 * Where in the 2.6.34 sources the BUG_ON/VM_BUG_ON/WARN_ON checks sit that kmemlab reproduces, for
 * {@code kernel BUG at FILE:LINE!}.
 *
 * <p>NOT YET VERIFIED: these line numbers are estimates, not read from a 2.6.34.14 tree; the file names and
 * the functions are right, the numbers may be off. Tests assert them only through these constants.
 * (The same holds for LinuxBuddy.LINE_FREE_ONE_PAGE_ALIGN, the WARN lines in LinuxBuddy and the BUG lines in
 * the slab modules.) Replace each with the line of the macro in the 2.6.34.14 source when checked.
 */
final class SourceLines {
    private SourceLines() {
    }

    static final String MM_H = "include/linux/mm.h";
    static final String PAGE_ALLOC_C = "mm/page_alloc.c";
    static final String INTERNAL_H = "mm/internal.h";

    static final int PUT_PAGE_TESTZERO = 286;
    static final int GET_PAGE = 324;
    static final int SET_PAGE_REFCOUNTED = 27;
    static final int GET_FREE_PAGES_HIGHMEM = 2005;
    static final int FREE_PAGES_VIRT_ADDR_VALID = 2050;
    static final int SPLIT_PAGE_COMPOUND = 1151;
    static final int SPLIT_PAGE_COUNT = 1152;
}
