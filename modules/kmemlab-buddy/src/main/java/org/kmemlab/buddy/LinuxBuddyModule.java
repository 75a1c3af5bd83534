package org.kmemlab.buddy;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/** {@code buddy=linux}: the 2.6.34 zoned buddy allocator. */
public final class LinuxBuddyModule extends SingletonSlotModule<PageAllocator> {
    public LinuxBuddyModule() {
        super(Slot.BUDDY, "linux",
            "Linux 2.6.34 zoned buddy allocator (mm/page_alloc.c): watermarks, pcp lists, migrate types",
            PageAllocator.class, LinuxBuddy.class);
    }
}
