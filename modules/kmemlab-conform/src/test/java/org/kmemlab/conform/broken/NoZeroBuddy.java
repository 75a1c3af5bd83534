package org.kmemlab.conform.broken;

import jakarta.inject.Inject;

import org.kmemlab.api.Gfp;
import org.kmemlab.api.PageAllocator;
import org.kmemlab.api.SingletonSlotModule;
import org.kmemlab.api.Slot;
import org.kmemlab.buddy.LinuxBuddy;

/** Forgets __GFP_ZERO. */
public final class NoZeroBuddy extends WrappedBuddy {
    @Inject
    NoZeroBuddy(LinuxBuddy inner) {
        super(inner);
    }

    @Override
    public long allocPages(int gfp, int order) {
        return inner.allocPages(gfp & ~Gfp.__GFP_ZERO, order);
    }

    /** {@code buddy=conform-nozero}. */
    public static final class Module extends SingletonSlotModule<PageAllocator> {
        public Module() {
            super(Slot.BUDDY, "conform-nozero", "test: buddy=linux that ignores __GFP_ZERO", PageAllocator.class,
                NoZeroBuddy.class);
        }
    }
}
