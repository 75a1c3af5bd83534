package org.kmemlab.buddy;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** {@code buddy=linux}: the 2.6.34 zoned buddy allocator. */
public final class LinuxBuddyModule implements SlotModule {
    @Override
    public Slot slot() {
        return Slot.BUDDY;
    }

    @Override
    public String name() {
        return "linux";
    }

    @Override
    public String description() {
        return "Linux 2.6.34 zoned buddy allocator (mm/page_alloc.c): watermarks, pcp lists, migrate types";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(LinuxBuddy.class).in(Singleton.class);
                bind(PageAllocator.class).to(LinuxBuddy.class);
            }
        };
    }
}
