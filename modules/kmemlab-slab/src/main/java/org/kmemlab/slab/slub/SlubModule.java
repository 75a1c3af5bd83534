package org.kmemlab.slab.slub;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** {@code slab=slub}: the default slab allocator of 2.6.34. */
public final class SlubModule implements SlotModule {
    @Override
    public Slot slot() {
        return Slot.SLAB;
    }

    @Override
    public String name() {
        return "slub";
    }

    @Override
    public String description() {
        return "SLUB (mm/slub.c): kmalloc-8 ... kmalloc-8192, per-CPU freelists, partial lists, cache merging";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(SlabAllocator.class).to(Slub.class).in(Singleton.class);
            }
        };
    }
}
