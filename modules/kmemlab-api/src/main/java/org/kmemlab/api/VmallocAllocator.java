package org.kmemlab.api;

import java.util.List;

/**
 * The {@code vmalloc} slot (mm/vmalloc.c): virtually contiguous kernel memory in
 * [VMALLOC_START, VMALLOC_END), mapped through the {@code mmu} slot.
 */
public interface VmallocAllocator {
    /** vm_struct flags (include/linux/vmalloc.h). */
    int VM_IOREMAP = 0x1;
    int VM_ALLOC = 0x2;
    int VM_MAP = 0x4;
    int VM_USERMAP = 0x8;
    int VM_VPAGES = 0x10;

    /**
     * __vmalloc_node(): {@code size} bytes (rounded up to pages) aligned to {@code align}, pages taken one
     * alloc_page({@code gfp}) at a time, mapped with {@code prot}; {@code vmFlags} are added to VM_ALLOC.
     * Returns the address or 0; {@code caller} is the function /proc/vmallocinfo names.
     */
    long vmallocNode(long size, long align, int gfp, long prot, int vmFlags, String caller);

    /** vfree(): 0 is a no-op; bad and unknown addresses WARN as the kernel does. */
    void vfree(long addr);

    /** vunmap(): like vfree but leaves the pages to their owner. */
    void vunmap(long addr);

    /** vmap(): map the caller's frames (pfns) contiguously; 0 when count exceeds totalram_pages or on failure. */
    long vmap(long[] pfns, int vmFlags, long prot, String caller);

    /** vmalloc_to_pfn() / vmalloc_to_page(): the frame behind a vmalloc address, or −1. */
    long vmallocToPfn(long addr);

    /** vmlist in address order (what /proc/vmallocinfo shows). */
    List<VmArea> areas();

    /** Hands {@code f} the frames of every area of vmlist (area->pages), for views; cheaper than {@link #areas()}. */
    default void forEachAreaPage(java.util.function.LongConsumer f) {
        for (VmArea a : areas()) {
            for (long pfn : a.pfns()) {
                f.accept(pfn);
            }
        }
    }

    /** purge_vmap_area_lazy(): unmap and release every lazily freed area now. */
    void purgeLazy();

    /** get_vmalloc_info(): {VmallocUsed, VmallocChunk} in bytes. */
    long[] vmallocInfo();

    /** /proc/vmallocinfo text. */
    default String vmallocinfo() {
        StringBuilder sb = new StringBuilder();
        for (VmArea a : areas()) {
            sb.append(a.line()).append('\n');
        }
        return sb.toString();
    }

    /**
     * One vm_struct: start, size (guard page included), pages, the caller as sprint_symbol prints it
     * (may be null), flag names as s_show prints them, the frames, phys_addr, and the text line.
     */
    record VmArea(long start, long size, int nrPages, String caller, List<String> flags, long[] pfns, String line) {
    }
}
