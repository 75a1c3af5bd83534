package org.kmemlab.vmalloc;

/** struct vm_struct: one vmalloc/vmap mapping as vmlist and /proc/vmallocinfo know it. */
final class VmStruct {
    final long addr;
    /** Bytes, guard page included (remove_vm_area takes the guard page off). */
    long size;
    int flags;
    /** area->pages: the frames (kmemlab keeps the pfns; the kernel's array lives at {@link #pagesObject}). */
    long[] pages;
    int nrPages;
    final String caller;
    /** Where kzalloc put this struct vm_struct. */
    final long object;
    /** Where the pages[] array was allocated (kmalloc, or vmalloc with VM_VPAGES); 0 if none. */
    long pagesObject;

    VmStruct(long addr, long size, int flags, String caller, long object) {
        this.addr = addr;
        this.size = size;
        this.flags = flags;
        this.caller = caller;
        this.object = object;
    }
}
