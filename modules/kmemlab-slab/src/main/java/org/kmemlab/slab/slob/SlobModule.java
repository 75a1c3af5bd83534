package org.kmemlab.slab.slob;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

import org.kmemlab.api.SlabAllocator;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** {@code slab=slob}: the simple list-of-blocks allocator for small systems. */
public final class SlobModule implements SlotModule {
    @Override
    public Slot slot() {
        return Slot.SLAB;
    }

    @Override
    public String name() {
        return "slob";
    }

    @Override
    public String description() {
        return "SLOB (mm/slob.c): first fit in 2-byte units over three partially free page lists, no slabinfo";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(SlabAllocator.class).to(Slob.class).in(Singleton.class);
            }
        };
    }
}
