package org.kmemlab.api;

import com.google.inject.Module;

/**
 * One named implementation of a slot, as a Guice module (the plugin SPI). Built-in implementations
 * and plugins register themselves through {@code META-INF/services/org.kmemlab.api.SlotModule}.
 *
 * <p>The module binds the slot's interface ({@link PhysMem}, {@link PageAllocator}, {@link SlabAllocator},
 * {@link VmallocAllocator}, {@link Mmu}) and may inject the other slots' interfaces, the
 * {@link MachineConfig}, {@link Profile}, {@link KernelLog}, {@link VmStat} and {@link EventBus}.
 */
public interface SlotModule {
    Slot slot();

    /** The name after {@code SLOT=}: {@code linux}, {@code flat}, {@code slub}, ... */
    String name();

    /** One line for {@code kmemlab modules}. */
    String description();

    Module module();
}
