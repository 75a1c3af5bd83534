package org.kmemlab.conform.broken;

import jakarta.inject.Inject;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.buddy.LinuxBuddy;

/** Never gives pages back: freePages does nothing. */
public final class LeakyBuddy extends WrappedBuddy {
    @Inject
    LeakyBuddy(LinuxBuddy inner) {
        super(inner);
    }

    @Override
    public void freePages(long pfn, int order, boolean cold) {
        // leaked
    }

    /** {@code buddy=conform-leaky}. */
    public static final class Module extends SingletonSlotModule<PageAllocator> {
        public Module() {
            super(Slot.BUDDY, "conform-leaky", "test: buddy=linux that never frees", PageAllocator.class, LeakyBuddy.class);
        }
    }
}
