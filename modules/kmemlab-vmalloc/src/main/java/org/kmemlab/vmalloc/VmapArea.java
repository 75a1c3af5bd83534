package org.kmemlab.vmalloc;

/** struct vmap_area: a reserved range of kernel virtual addresses, guard page included. */
final class VmapArea {
    static final int VM_LAZY_FREE = 0x01;
    static final int VM_LAZY_FREEING = 0x02;
    static final int VM_VM_AREA = 0x04;

    final long vaStart;
    final long vaEnd;
    int flags;
    /** va->private: the vm_struct while VM_VM_AREA. */
    VmStruct vm;
    /** Where kmalloc put this struct vmap_area. */
    final long object;

    VmapArea(long vaStart, long vaEnd, long object) {
        this.vaStart = vaStart;
        this.vaEnd = vaEnd;
        this.object = object;
    }
}
