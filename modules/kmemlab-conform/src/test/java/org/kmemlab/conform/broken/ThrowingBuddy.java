package org.kmemlab.conform.broken;

import jakarta.inject.Inject;

import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.buddy.LinuxBuddy;

/** Throws for orders of 3 and more, as a half-written allocator might. */
public final class ThrowingBuddy extends WrappedBuddy {
    @Inject
    ThrowingBuddy(LinuxBuddy inner) {
        super(inner);
    }

    @Override
    public long allocPages(int gfp, int order) {
        if (order >= 3) {
            throw new IllegalStateException("order " + order + " is not written yet");
        }
        return inner.allocPages(gfp, order);
    }

    /** {@code buddy=conform-throws}. */
    public static final class Module extends SingletonSlotModule<PageAllocator> {
        public Module() {
            super(Slot.BUDDY, "conform-throws", "test: buddy=linux that throws for order >= 3", PageAllocator.class,
                ThrowingBuddy.class);
        }
    }
}
