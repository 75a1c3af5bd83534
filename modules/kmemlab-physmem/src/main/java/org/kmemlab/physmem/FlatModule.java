package org.kmemlab.physmem;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

import org.kmemlab.api.PhysMem;
import org.kmemlab.api.Slot;
import org.kmemlab.api.SlotModule;

/** {@code physmem=flat}: FLATMEM, one node. */
public final class FlatModule implements SlotModule {
    @Override
    public Slot slot() {
        return Slot.PHYSMEM;
    }

    @Override
    public String name() {
        return "flat";
    }

    @Override
    public String description() {
        return "FLATMEM mem_map (struct page as arrays, 24 B/frame), one node, sparse RAM contents";
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(PhysMem.class).to(FlatPhysMem.class).in(Singleton.class);
            }
        };
    }
}
