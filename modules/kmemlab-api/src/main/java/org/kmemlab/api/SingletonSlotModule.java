package org.kmemlab.api;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Singleton;

/**
 * The common case of a {@link SlotModule}: bind the slot's interface to one implementation class, one
 * instance per machine. A module class only names them:
 * {@code public final class SlubModule extends SingletonSlotModule<SlabAllocator> { public SlubModule() {
 * super(Slot.SLAB, "slub", "...", SlabAllocator.class, Slub.class); } }}.
 */
public abstract class SingletonSlotModule<T> implements SlotModule {
    private final Slot slot;
    private final String name;
    private final String description;
    private final Class<T> iface;
    private final Class<? extends T> impl;

    protected SingletonSlotModule(Slot slot, String name, String description, Class<T> iface, Class<? extends T> impl) {
        this.slot = slot;
        this.name = name;
        this.description = description;
        this.iface = iface;
        this.impl = impl;
    }

    @Override
    public final Slot slot() {
        return slot;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public Module module() {
        return new AbstractModule() {
            @Override
            protected void configure() {
                bind(impl).in(Singleton.class);
                bind(iface).to(impl);
            }
        };
    }
}
