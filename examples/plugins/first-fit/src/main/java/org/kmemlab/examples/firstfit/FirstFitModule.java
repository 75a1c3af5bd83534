package org.kmemlab.examples.firstfit;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;

/**
 * Registers {@link FirstFit} as {@code buddy=first-fit}. kmemlab finds this class through the jar's
 * {@code META-INF/services/org.kmemlab.api.SlotModule}; a machine then selects it with
 * {@code --module buddy=first-fit} or {@code machine({ modules: { buddy: "first-fit" } })}.
 */
public final class FirstFitModule extends SingletonSlotModule<PageAllocator> {
    public FirstFitModule() {
        super(Slot.BUDDY, "first-fit",
            "example plugin: first fit over sorted free ranges per zone (no buddies, no per-order lists)",
            PageAllocator.class, FirstFit.class);
    }
}
