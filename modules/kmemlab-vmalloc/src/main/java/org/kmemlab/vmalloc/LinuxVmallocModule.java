package org.kmemlab.vmalloc;

import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.api.VmallocAllocator;

/** {@code vmalloc=linux}: the 2.6.34 vmap-area allocator. */
public final class LinuxVmallocModule extends SingletonSlotModule<VmallocAllocator> {
    public LinuxVmallocModule() {
        super(Slot.VMALLOC, "linux",
            "Linux 2.6.34 vmalloc (mm/vmalloc.c): first-fit vmap areas with guard pages, lazy purge, /proc/vmallocinfo",
            VmallocAllocator.class, LinuxVmalloc.class);
    }
}
